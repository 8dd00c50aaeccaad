/**
 * Spec §1: `…/embeddedSIMActivationCodePools('{id}')` and `…/embeddedSIMActivationCodePools/{id}`
 * address the same entity. Rewriting the OData key form to the path form before routing lets every
 * controller declare one route. Named keys (`(id='…')`) and percent-encoded quotes and parentheses are
 * accepted as clients send them.
 */
const KEY_SEGMENT = /^([^/()]+)\((?:[A-Za-z_]\w*=)?('(?:[^']|'')*'|[^'()]*)\)$/;
const ENCODED_DELIMITERS = /%2[789]/gi;
const HAS_ENCODED_DELIMITER = /%2[789]/i;

const ABSOLUTE_FORM = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i;

/**
 * The origin form (`/path?query`) of a request target that may be in absolute form
 * (`GET http://host/beta/… HTTP/1.1`, which RFC 9112 §3.2.2 obliges a server to accept).
 */
export function originFormOf(url: string): string {
  if (!ABSOLUTE_FORM.test(url)) return url;
  const rest = url.replace(ABSOLUTE_FORM, '');
  return rest.startsWith('/') ? rest : `/${rest}`;
}

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
      // An empty key stays a malformed key (400 from the id check), not the collection it is attached to.
      return `${name}/${key === '' ? '()' : encodeURIComponent(safeDecode(key))}`;
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
