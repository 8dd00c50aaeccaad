import { SelectQueryBuilder } from 'typeorm';
import { AppError } from '../../../common/app-error';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { SearchExpression } from '../parser';
import { NUMERIC_TYPES, TypedExpression } from '../validation/typed-expression';
import { columnMetadataOf, mainTableOf, storedColumn } from './columns';
import { ISO_PARTS, SqlDialect } from './sql-dialect';

const COMPARISON_SQL = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' } as const;
const INTEGER_TYPES: readonly string[] = ['Edm.Byte', 'Edm.SByte', 'Edm.Int16', 'Edm.Int32', 'Edm.Int64'];

/**
 * Turns validated `$filter` and `$search` trees into SQL on a query builder that arrives already
 * scoped to the caller's tenant: the result is added with AND inside brackets, so an `or` in a filter
 * cannot widen the scope. Every user value becomes a named parameter; nothing the user typed is
 * spliced into the SQL text.
 */
export class FilterBinder {
  private parameterCount = 0;

  constructor(
    private readonly qb: SelectQueryBuilder<object>,
    private readonly dialect: SqlDialect,
  ) {}

  applyFilter(filter: TypedExpression): void {
    const sql = this.sql(filter);
    // In parentheses, so that an `or` in it cannot widen the scope; a string, so the built SQL can be reused by shape.
    this.qb.andWhere(`(${sql})`);
  }

  /** `$search`: each term must occur, case-insensitively, in one of the searchable properties. */
  applySearch(search: SearchExpression, properties: readonly string[]): void {
    const sql = this.searchSql(search, properties);
    this.qb.andWhere(`(${sql})`);
  }

  /** The column of an EDM property, text compared by code point. */
  column(property: string): string {
    const sql = storedColumn(this.qb, property);
    return isText(columnMetadataOf(mainTableOf(this.qb), property)) ? this.dialect.text(sql) : sql;
  }

  /** The column of an EDM property in an ORDER BY: the column, the direction, and where NULLs go if it may hold any. */
  orderBy(property: string, direction: 'asc' | 'desc'): { sql: string; direction: 'ASC' | 'DESC'; nulls?: 'NULLS FIRST' | 'NULLS LAST' } {
    const nulls = columnMetadataOf(mainTableOf(this.qb), property).isNullable ? this.dialect.nulls(direction) : undefined;
    return { sql: this.column(property), direction: direction === 'asc' ? 'ASC' : 'DESC', ...(nulls === undefined ? {} : { nulls }) };
  }

  parameter(value: unknown): string {
    const name = `odata_${this.parameterCount++}`;
    this.qb.setParameter(name, value);
    return `:${name}`;
  }

  private sql(node: TypedExpression): string {
    switch (node.kind) {
      case 'property':
        return this.column(node.name);
      case 'literal':
        return this.literal(node.value, node.type);
      case 'logical':
        return `(${this.sql(node.left)} ${node.operator.toUpperCase()} ${this.sql(node.right)})`;
      case 'not':
        return `(NOT ${this.sql(node.operand)})`;
      case 'negate':
        return `(-${this.sql(node.operand)})`;
      case 'comparison':
        return this.comparison(node.operator, node.left, node.right);
      case 'in':
        // An empty list holds nothing (OData Part 2 §5.1.1.1.12); SQL has no empty IN list (SQLite takes one, PostgreSQL does not).
        if (node.list.length === 0) return '(1 = 0)';
        return `(${this.sql(node.left)} IN (${node.list.map((item) => this.sql(item)).join(', ')}))`;
      case 'arithmetic':
        return this.dialect.arithmetic(node.operator, this.sql(node.left), this.sql(node.right), INTEGER_TYPES.includes(node.type));
      case 'call':
        return this.call(node.name, node.args);
    }
  }

  /**
   * Spec §5: literals are bound, never spliced. Numbers go through the dialect because a driver may
   * write number parameters into the SQL text (TypeORM's SQLite drivers do), which `INF` or `NaN`
   * would turn into column names.
   */
  private literal(value: string | number | boolean | null, type: string): string {
    if (value === null) return 'NULL';
    if (typeof value === 'boolean') return this.parameter(value ? 1 : 0);
    if (typeof value === 'number' || NUMERIC_TYPES.includes(type)) return this.dialect.number(value, (bound) => this.parameter(bound));
    return this.dialect.text(this.userText(value));
  }

  /** A string the user wrote, bound. PostgreSQL's text cannot hold U+0000: refused on every database, alike. */
  private userText(value: string): string {
    if (value.includes('\u0000'))
      throw AppError.invalidInput('A string in the query holds the character U+0000, which nothing stored can hold.');
    return this.parameter(value);
  }

  private comparison(operator: keyof typeof COMPARISON_SQL, left: TypedExpression, right: TypedExpression): string {
    // IEEE 754: NaN equals nothing and orders with nothing, so only `ne` holds.
    if (isNaNLiteral(left) || isNaNLiteral(right)) return operator === 'ne' ? '(1 = 1)' : '(1 = 0)';
    const nullSide = left.type === 'null' ? right : right.type === 'null' ? left : undefined;
    if (nullSide !== undefined) return `(${this.sql(nullSide)} IS ${operator === 'eq' ? '' : 'NOT '}NULL)`;
    return `(${this.sql(left)} ${COMPARISON_SQL[operator]} ${this.sql(right)})`;
  }

  private call(name: string, args: readonly TypedExpression[]): string {
    const { dialect } = this;
    if (name === 'startswith' && args[0].kind === 'property' && args[1].kind === 'literal') {
      return this.prefixRange(args[0].name, String(args[1].value));
    }
    const [a, b, c] = args.map((arg) => this.sql(arg));
    switch (name) {
      case 'contains':
        return dialect.contains(a, b);
      case 'startswith':
        return `(substr(${a}, 1, length(${b})) = ${b})`;
      case 'endswith':
        return `(substr(${a}, length(${a}) - length(${b}) + 1) = ${b})`;
      case 'length':
        return dialect.length(a);
      case 'indexof':
        return dialect.indexOf(a, b);
      case 'substring':
        return dialect.substring(a, b, c);
      case 'tolower':
        return dialect.lower(a);
      case 'toupper':
        return dialect.upper(a);
      case 'trim':
        return dialect.trim(a);
      case 'concat':
        return dialect.concat(a, b);
      default:
        return this.datePart(name as keyof typeof ISO_PARTS, args[0], a);
    }
  }

  /** A Date argument is `YYYY-MM-DD` text: its parts sit where they sit in a DateTimeOffset. */
  private datePart(part: keyof typeof ISO_PARTS, arg: TypedExpression, sql: string): string {
    const [start, length] = arg.type === 'Edm.TimeOfDay' ? timeOfDayPart(part) : ISO_PARTS[part];
    const text = `substr(${sql}, ${start}, ${length})`;
    return part === 'date' || part === 'time' ? text : this.dialect.integer(text);
  }

  /**
   * `startswith(p, 'x')` as `p >= 'x' AND p < 'y'` ('y' = 'x' with its last character incremented):
   * the same case-sensitive result as the OData function, but able to use an index on `p`, which
   * SQLite's case-insensitive LIKE cannot with a binary index.
   */
  private prefixRange(property: string, prefix: string): string {
    if (prefix === '') return '(1 = 1)';
    const column = this.column(property);
    return `(${column} >= ${this.userText(prefix)} AND ${column} < ${this.parameter(successor(prefix))})`;
  }

  private searchSql(node: SearchExpression, properties: readonly string[]): string {
    switch (node.kind) {
      case 'term':
      case 'phrase': {
        const needle = this.userText(node.value.toLowerCase());
        return `(${properties.map((property) => this.dialect.contains(this.dialect.lower(this.column(property)), needle)).join(' OR ')})`;
      }
      case 'not':
        return `(NOT ${this.searchSql(node.operand, properties)})`;
      case 'and':
      case 'or':
        return `(${this.searchSql(node.left, properties)} ${node.kind.toUpperCase()} ${this.searchSql(node.right, properties)})`;
    }
  }
}

const TEXT_COLUMN_TYPES: readonly unknown[] = [String, 'varchar', 'character varying', 'text'];

function isText(column: ColumnMetadata): boolean {
  return TEXT_COLUMN_TYPES.includes(column.type);
}

function isNaNLiteral(node: TypedExpression): boolean {
  return node.kind === 'literal' && typeof node.value === 'number' && Number.isNaN(node.value);
}

function timeOfDayPart(part: keyof typeof ISO_PARTS): readonly [number, number] {
  const [start, length] = ISO_PARTS[part];
  return [start - 11, length];
}

/** The smallest string greater than every string starting with `prefix`, in code point order. */
export function successor(prefix: string): string {
  const codePoints = [...prefix];
  while (codePoints.length > 0) {
    const last = codePoints.pop() as string;
    const next = (last.codePointAt(0) as number) + 1;
    if (next <= 0x10ffff && (next < 0xd800 || next > 0xdfff)) return codePoints.join('') + String.fromCodePoint(next);
    if (next === 0xd800) return codePoints.join('') + String.fromCodePoint(0xe000);
  }
  return '\u{10ffff}'.repeat(prefix.length + 1);
}
