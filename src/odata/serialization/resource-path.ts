/**
 * A resource path template as a controller declares it, from the service root, with `:name` for keys
 * (`deviceManagement/embeddedSIMActivationCodePools/:poolId/assignments`), and its OData form for a
 * request, keys in parentheses (`deviceManagement/embeddedSIMActivationCodePools('…')/assignments`):
 * what context URLs, `Location`, `@odata.id` and skip-token scopes are built from.
 */
export function odataPathOf(template: string, params: Readonly<Record<string, string | undefined>>): string {
  let path = '';
  for (const segment of template.split('/')) {
    if (segment.startsWith(':')) {
      const value = params[segment.slice(1)];
      if (value === undefined) throw new Error(`The request has no value for the key ${segment} of ${template}`);
      path += `(${keyLiteral(value)})`;
    } else {
      path += path === '' ? segment : `/${segment}`;
    }
  }
  return path;
}

/** The URL of one entity of a collection: its path with the key in OData's parenthesized form. */
export function entityPathOf(collectionPath: string, key: unknown): string {
  return `${collectionPath}(${keyLiteral(String(key))})`;
}

/** OData ABNF `string` key literal, percent-encoded for a URL path: quotes doubled inside quotes. */
function keyLiteral(value: string): string {
  return `'${encodeURIComponent(value).replace(/'/g, "''")}'`;
}
