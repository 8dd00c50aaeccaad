import { EdmModel } from '../../edm/edm-model';
import { SqlDialect } from './sql-dialect';

/**
 * Where the values of an entity type are in a table row, for the database to render them: the value
 * of each property as SQL (a column, or an expression over columns for an enum stored as a number or
 * a complex value), and the version the ETag is made of (spec §9).
 */
export interface RowRendering {
  /** SQL of a property's value, given SQL of the row's columns by property name; undefined when it has none. */
  valueOf(property: string, column: (property: string) => string): string | undefined;
  /** The property counting the row's changes, if the type has an ETag. */
  readonly versionProperty?: string;
}

/** A row rendered as OData JSON by the database: the entity's JSON text and, when it has one, its ETag. */
export interface JsonRenderPlan {
  readonly json: string;
  readonly etag?: string;
}

/**
 * SQL that renders one entity of `typeName` as its minimal-metadata JSON (`@odata.type`,
 * `@odata.etag`, then the selected properties in the model's order), so that a page reaches the wire
 * as text the database wrote rather than as objects built, copied and serialized in JavaScript.
 * Compiled from the model's readable properties only: a property the model marks write-only cannot
 * appear in the SQL, whatever the row rendering offers for it.
 */
export function compileJsonRenderPlan(
  model: EdmModel,
  typeName: string,
  select: readonly string[] | undefined,
  rendering: RowRendering,
  column: (property: string) => string,
  dialect: SqlDialect,
): JsonRenderPlan {
  const etag = rendering.versionProperty === undefined ? undefined : weakEntityTagSql(column(rendering.versionProperty));
  const members = [sqlString('@odata.type'), sqlString(`#${typeName}`)];
  if (etag !== undefined) members.push(sqlString('@odata.etag'), etag);
  for (const { name } of model.readableProperties(typeName)) {
    if (select !== undefined && !select.includes(name)) continue;
    const value = rendering.valueOf(name, column);
    if (value === undefined) throw new Error(`The row rendering of ${typeName} has no value for its property ${name}`);
    members.push(sqlString(name), value);
  }
  return { json: dialect.jsonObject(members), ...(etag === undefined ? {} : { etag }) };
}

/** `weakEntityTag` in SQL: `W/"<version>"`. */
function weakEntityTagSql(version: string): string {
  return `('W/"' || CAST(${version} AS TEXT) || '"')`;
}

/** A SQL string literal: only names from the model and constants of the code reach it, never user input. */
function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
