import { EntityMetadata, SelectQueryBuilder } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/** The column TypeORM maps an EDM property of an entity to. */
export function columnMetadataOf(table: EntityMetadata, property: string): ColumnMetadata {
  const column = table.findColumnWithPropertyName(property);
  if (column === undefined) throw new Error(`No column maps the EDM property ${property}`);
  return column;
}

/** The column of an EDM property as stored, qualified by `alias` (no collation applied). */
export function qualifiedColumn(escape: (name: string) => string, alias: string, table: EntityMetadata, property: string): string {
  return `${escape(alias)}.${escape(columnMetadataOf(table, property).databaseName)}`;
}

/** The entity a query builder reads from. */
export function mainTableOf(qb: SelectQueryBuilder<object>): EntityMetadata {
  const table = qb.expressionMap.mainAlias?.metadata;
  if (table === undefined) throw new Error('The query builder has no main entity');
  return table;
}

/** `qualifiedColumn` of a query builder's main entity. */
export function storedColumn(qb: SelectQueryBuilder<object>, property: string): string {
  return qualifiedColumn((name) => qb.escape(name), qb.alias, mainTableOf(qb), property);
}
