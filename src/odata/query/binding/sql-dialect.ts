import { ArithmeticOperator } from '../parser';

/**
 * The SQL each OData function and operator becomes, per database, so that a query means the same on
 * every one. Arguments arrive as SQL fragments whose user values are already bound parameters.
 * DateTimeOffset values are stored as ISO 8601 UTC text (`2026-11-28T15:42:51.123Z`), so date parts
 * are fixed substrings, the same on every database. Text compares and sorts by code point, as SQLite
 * compares UTF-8 bytes; the case functions follow Unicode, as OData 4.01 Part 2 §5.1.1.5 defines them.
 */
export interface SqlDialect {
  /** A text column or string value, made to compare and sort by code point. */
  text(sql: string): string;
  contains(text: string, part: string): string;
  indexOf(text: string, part: string): string;
  /** 0-based `start` as OData counts; a negative start or length counts as 0. */
  substring(text: string, start: string, length?: string): string;
  concat(left: string, right: string): string;
  length(text: string): string;
  lower(text: string): string;
  upper(text: string): string;
  trim(text: string): string;
  /**
   * `add`, `sub`, `mul`, `div`, `mod` and `divby`; `integral` when both operands are integers (`div`
   * then divides integrally). A division by zero is NULL, as SQLite makes it, so it matches nothing.
   */
  arithmetic(operator: ArithmeticOperator, left: string, right: string, integral: boolean): string;
  integer(text: string): string;
  /**
   * A numeric literal as SQL: `value` is a JS number, or the canonical text of one a number cannot
   * hold exactly; `bind` binds a parameter and returns its placeholder.
   */
  number(value: number | string, bind: (parameter: bigint | string) => string): string;
  /** Where NULLs go in an ORDER BY of a nullable column, when the database's default is not first ascending, last descending. */
  nulls(direction: 'asc' | 'desc'): 'NULLS FIRST' | 'NULLS LAST' | undefined;
  /** A text value as the JSON text of a string (escaped), or `null` for NULL. */
  jsonString(text: string): string;
  /** A number as JSON text, or `null` for NULL. */
  jsonNumber(number: string): string;
  /**
   * The text values of `column` joined by `separator` ('' for no rows), in the order its subquery
   * yields them: an aggregate over an ordered subquery, which neither database reorders.
   */
  joinText(column: string, separator: string): string;
  /**
   * Whether each placeholder of a statement takes the next parameter (SQLite's `?`), so that a query
   * written twice into one statement needs its parameters twice; PostgreSQL's `$n` name theirs.
   */
  readonly parametersByOccurrence: boolean;
}

const OPERATOR_SQL = { add: '+', sub: '-', mul: '*', div: '/', mod: '%' } as const;

export const SQLITE_DIALECT: SqlDialect = {
  // BINARY, SQLite's default collation, compares UTF-8 bytes: code point order.
  text: (sql) => sql,
  contains: (text, part) => `(instr(${text}, ${part}) > 0)`,
  indexOf: (text, part) => `(instr(${text}, ${part}) - 1)`,
  substring: (text, start, length) =>
    length === undefined ? `substr(${text}, max(${start}, 0) + 1)` : `substr(${text}, max(${start}, 0) + 1, max(${length}, 0))`,
  concat: (left, right) => `(${left} || ${right})`,
  length: (text) => `length(${text})`,
  // The database layer gives SQLite connections Unicode's lower() and upper() (SQLite's own fold ASCII only).
  lower: (text) => `lower(${text})`,
  upper: (text) => `upper(${text})`,
  trim: (text) => `trim(${text})`,
  arithmetic: (operator, left, right, integral) => {
    if (operator === 'divby') return `(CAST(${left} AS REAL) / ${right})`;
    // `%` casts its operands to integers; the math function `mod` keeps fractions (5.5 mod 2 is 1.5).
    if (operator === 'mod' && !integral) return `mod(${left}, ${right})`;
    return `(${left} ${OPERATOR_SQL[operator]} ${right})`;
  },
  integer: (text) => `CAST(${text} AS INTEGER)`,
  number: (value, bind) => {
    if (isInt64(value)) return bind(BigInt(value));
    // SQLite has no NaN (it binds as NULL) and no infinity literal; `1e999` overflows to infinity exactly.
    if (typeof value === 'number' && Number.isNaN(value)) return 'NULL';
    const text = value === Infinity ? '1e999' : value === -Infinity ? '-1e999' : String(value);
    return `CAST(${bind(text)} AS REAL)`;
  },
  // SQLite's default.
  nulls: () => undefined,
  jsonString: (text) => `json_quote(${text})`,
  jsonNumber: (number) => `json_quote(${number})`,
  // The aggregate keeps the subquery's order: SQLite never flattens an ORDER BY subquery into an aggregate.
  joinText: (column, separator) => `coalesce(group_concat(${column}, '${separator}'), '')`,
  parametersByOccurrence: true,
};

/** Unicode's default case mapping in PostgreSQL, whatever the database's locale (an ICU collation every server built with ICU has). */
const UNICODE_CASE = '"und-x-icu"';
/** PostgreSQL's int4 range, which `substr` takes. */
const INT4_MAX = 2_147_483_647;

export const POSTGRES_DIALECT: SqlDialect = {
  // The database's locale would otherwise decide ('beta' before 'Gamma' in en_US.UTF-8).
  text: (sql) => `(${sql} COLLATE "C")`,
  contains: (text, part) => `(strpos(${text}, ${part}) > 0)`,
  indexOf: (text, part) => `(strpos(${text}, ${part}) - 1)`,
  substring: (text, start, length) => {
    const from = `CAST(LEAST(GREATEST(${start}, 0), ${INT4_MAX - 1}) AS integer) + 1`;
    return length === undefined
      ? `substr(${text}, ${from})`
      : `substr(${text}, ${from}, CAST(LEAST(GREATEST(${length}, 0), ${INT4_MAX}) AS integer))`;
  },
  concat: (left, right) => `(${left} || ${right})`,
  length: (text) => `char_length(${text})`,
  // Under the "C" collation lower() and upper() fold ASCII only; the result compares by code point again.
  lower: (text) => `(lower(${text} COLLATE ${UNICODE_CASE}) COLLATE "C")`,
  upper: (text) => `(upper(${text} COLLATE ${UNICODE_CASE}) COLLATE "C")`,
  trim: (text) => `trim(${text})`,
  arithmetic: (operator, left, right, integral) => {
    if (operator === 'divby') return `(CAST(${left} AS double precision) / NULLIF(${right}, 0))`;
    if (operator === 'div') return `(${left} / NULLIF(${right}, 0))`;
    // PostgreSQL has no `%` on double precision; numeric keeps fractions (5.5 mod 2 is 1.5).
    if (operator === 'mod')
      return integral ? `(${left} % NULLIF(${right}, 0))` : `mod(CAST(${left} AS numeric), CAST(NULLIF(${right}, 0) AS numeric))`;
    return `(${left} ${OPERATOR_SQL[operator]} ${right})`;
  },
  integer: (text) => `CAST(${text} AS integer)`,
  number: (value, bind) => {
    // Typed, since PostgreSQL would take an untyped parameter for the other operand's type (int4 cannot hold 2^40).
    if (isInt64(value)) return `CAST(${bind(BigInt(value))} AS bigint)`;
    // Through a double, as SQLite reads it: PostgreSQL refuses text beyond its range ('1e999') instead of rounding to infinity.
    const double = Number(value);
    // As on SQLite, where NaN is NULL: PostgreSQL's NaN would sort above every number and match `gt`.
    if (Number.isNaN(double)) return 'CAST(NULL AS double precision)';
    return `CAST(${bind(String(double))} AS double precision)`;
  },
  nulls: (direction) => (direction === 'asc' ? 'NULLS FIRST' : 'NULLS LAST'),
  jsonString: (text) => `coalesce(CAST(to_json(${text}) AS text), 'null')`,
  jsonNumber: (number) => `coalesce(CAST(to_json(${number}) AS text), 'null')`,
  // Fed by a sorted subquery, as the PostgreSQL manual shows for ordered aggregates without ORDER BY.
  joinText: (column, separator) => `coalesce(string_agg(${column}, '${separator}'), '')`,
  parametersByOccurrence: false,
};

const INT64_RANGE = [-(2n ** 63n), 2n ** 63n - 1n] as const;

/** Whether a numeric literal is a whole number a 64-bit integer column can hold exactly. */
function isInt64(value: number | string): boolean {
  if (typeof value === 'number') return Number.isSafeInteger(value);
  if (!/^-?\d+$/.test(value)) return false;
  const integer = BigInt(value);
  return integer >= INT64_RANGE[0] && integer <= INT64_RANGE[1];
}

/** Where each date part sits in the stored ISO 8601 text (1-based start, length). */
export const ISO_PARTS = {
  year: [1, 4],
  month: [6, 2],
  day: [9, 2],
  hour: [12, 2],
  minute: [15, 2],
  second: [18, 2],
  date: [1, 10],
  time: [12, 12],
} as const;
