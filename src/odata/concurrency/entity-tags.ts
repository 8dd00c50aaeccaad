/**
 * The weak ETag (RFC 9110 §8.8.3) a resource value carries, set by the code that maps an entity to
 * what responses show. The output formatter writes it as `@odata.etag` (OData JSON §4.5.10) and, on
 * a response of one entity, as the `ETag` header. A symbol, so that it can never pass for a property.
 */
export const ENTITY_TAG: unique symbol = Symbol('odata:entityTag');

/** A resource value that carries its entity's ETag. */
export interface EntityTagged {
  readonly [ENTITY_TAG]: string;
}

/**
 * The ETag of an entity at this version, a counter its storage increments on every change. Weak
 * (`W/"…"`), as OData's are: the representations of one version differ in `$select` and metadata
 * level, and are equivalent rather than byte for byte the same.
 */
export function weakEntityTag(version: number): string {
  return `W/"${version}"`;
}

/** The ETag a value carries, if it carries one. */
export function entityTagOf(value: object): string | undefined {
  return (value as Partial<EntityTagged>)[ENTITY_TAG];
}
