/**
 * The collation of every text column: by code point, so that orderings, keyset page boundaries and
 * comparisons are the same on every database. SQLite's BINARY default compares that way; on
 * PostgreSQL the migration TextInByteOrder sets it. Declared on the entities so that they describe the
 * schema as it is (TypeORM's SQLite driver does not compare collations).
 */
export const CODE_POINT_COLLATION = 'C';
