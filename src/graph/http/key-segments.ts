/**
 * Spec §1: `…/embeddedSIMActivationCodePools('{id}')` and `…/embeddedSIMActivationCodePools/{id}`
 * address the same entity. Rewriting the OData key form to the path form before routing lets every
 * controller declare one route. Named keys (`(id='…')`) and percent-encoded quotes and parentheses are
 * accepted as clients send them.
 */
const KEY_SEGMENT = /^([^/()]+)\((?:[A-Za-z_]\w*=)?('(?:[^']|'')*'|[^'()]*)\)$/;
const ENCODED_DELIMITERS = /%2[789]/gi;
const HAS_ENCODED_DELIMITER = /%2[789]/i;

export function rewriteKeySegments(url: string): string {
  const queryStart = url.indexOf('?');
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  if (!path.includes('(') && !HAS_ENCODED_DELIMITER.test(path)) return url;
  const segments = path
    .replace(ENCODED_DELIMITERS, (encoded) => decodeURIComponent(encoded))
    .split('/')
    .map((segment) => {
      const match = KEY_SEGMENT.exec(segment);
      if (!match) return segment;
      const [, name, rawKey] = match;
      const key = rawKey.startsWith("'") ? rawKey.slice(1, -1).replace(/''/g, "'") : rawKey;
      return `${name}/${encodeURIComponent(safeDecode(key))}`;
    });
  return segments.join('/') + (queryStart === -1 ? '' : url.slice(queryStart));
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
