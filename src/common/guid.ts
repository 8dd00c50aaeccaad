/** A GUID in its 8-4-4-4-12 hexadecimal form, the one pattern for ids, tenants and GUID literals. */
export const GUID_SOURCE = '[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}';

export const GUID_PATTERN = new RegExp(`^${GUID_SOURCE}$`);

export function isGuid(value: unknown): value is string {
  return typeof value === 'string' && GUID_PATTERN.test(value);
}
