/**
 * A query option's name as OData compares it (Part 2 §5: the `$` is optional and case does not
 * matter): `$FILTER` and `filter` are both `filter`. Parameter aliases (`@p`) keep their name.
 */
export function systemOptionName(key: string): string {
  return key.startsWith('@') ? key : key.replace(/^\$/, '').toLowerCase();
}
