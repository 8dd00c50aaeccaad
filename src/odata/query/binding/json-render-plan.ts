import { EdmModel } from '../../edm/edm-model';
import { SqlDialect } from './sql-dialect';

/** What a row rendering builds a property's value with: SQL of the row's columns and of JSON values over them. */
export interface RowSql {
  /** The column a property of the row's entity is stored in. */
  column(property: string): string;
  /** A JSON object (a complex value) of these members, in this order, each a name and the SQL of its value. */
  object(members: readonly (readonly [name: string, value: string])[]): string;
  /** The name of the member of an enumeration type whose value `value` holds (an enum stored as its number). */
  enumMember(enumType: string, value: string): string;
  /** A text constant of the code. */
  text(value: string): string;
}

/**
 * Where the values of an entity type are in a table row, for the database to render them: the value
 * of each property as SQL (a column, an enum member's name from the number stored, a complex value
 * built from several columns), and the version the ETag is made of (spec §9).
 */
export interface RowRendering {
  /** SQL of a property's value; undefined when the row has none for it. */
  valueOf(property: string, row: RowSql): string | undefined;
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
  const row: RowSql = {
    column,
    object: (members) => dialect.jsonObject(members.flatMap(([name, value]) => [sqlString(name), value])),
    enumMember: (enumType, value) =>
      `CASE ${value} ${model
        .enumMembers(enumType)
        .all.map((member) => `WHEN ${member.value} THEN ${sqlString(member.name)}`)
        .join(' ')} END`,
    text: sqlString,
  };
  const etag = rendering.versionProperty === undefined ? undefined : weakEntityTagSql(column(rendering.versionProperty));
  const members: [string, string][] = [['@odata.type', sqlString(`#${typeName}`)]];
  if (etag !== undefined) members.push(['@odata.etag', etag]);
  for (const { name } of model.readableProperties(typeName)) {
    if (select !== undefined && !select.includes(name)) continue;
    const value = rendering.valueOf(name, row);
    if (value === undefined) throw new Error(`The row rendering of ${typeName} has no value for its property ${name}`);
    members.push([name, value]);
  }
  return { json: dialect.jsonText(row.object(members)), ...(etag === undefined ? {} : { etag }) };
}

/** `weakEntityTag` in SQL: `W/"<version>"`. */
function weakEntityTagSql(version: string): string {
  return `('W/"' || CAST(${version} AS TEXT) || '"')`;
}

/** A SQL string literal: only names from the model and constants of the code reach it, never user input. */
function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
