/**
 * The SQL each OData function becomes, per database. Arguments arrive as SQL fragments whose user
 * values are already bound parameters. DateTimeOffset values are stored as ISO 8601 UTC text
 * (`2026-11-28T15:42:51.123Z`), so date parts are fixed substrings, the same on every database.
 */
export interface SqlDialect {
  contains(text: string, part: string): string;
  indexOf(text: string, part: string): string;
  /** 0-based `start` as OData counts. */
  substring(text: string, start: string, length?: string): string;
  concat(left: string, right: string): string;
  length(text: string): string;
  lower(text: string): string;
  upper(text: string): string;
  trim(text: string): string;
  /** Real-number division whatever the operand types (`divby`). */
  divide(left: string, right: string): string;
  integer(text: string): string;
  /**
   * A numeric literal as SQL: `value` is a JS number, or the canonical text of one a number cannot
   * hold exactly; `bind` binds a parameter and returns its placeholder.
   */
  number(value: number | string, bind: (parameter: bigint | string) => string): string;
}

export const SQLITE_DIALECT: SqlDialect = {
  contains: (text, part) => `(instr(${text}, ${part}) > 0)`,
  indexOf: (text, part) => `(instr(${text}, ${part}) - 1)`,
  substring: (text, start, length) => (length === undefined ? `substr(${text}, ${start} + 1)` : `substr(${text}, ${start} + 1, ${length})`),
  concat: (left, right) => `(${left} || ${right})`,
  length: (text) => `length(${text})`,
  lower: (text) => `lower(${text})`,
  upper: (text) => `upper(${text})`,
  trim: (text) => `trim(${text})`,
  divide: (left, right) => `(CAST(${left} AS REAL) / ${right})`,
  integer: (text) => `CAST(${text} AS INTEGER)`,
  number: (value, bind) => {
    if (isInt64(value)) return bind(BigInt(value));
    // SQLite has no NaN (it binds as NULL) and no infinity literal; `1e999` overflows to infinity exactly.
    if (typeof value === 'number' && Number.isNaN(value)) return 'NULL';
    const text = value === Infinity ? '1e999' : value === -Infinity ? '-1e999' : String(value);
    return `CAST(${bind(text)} AS REAL)`;
  },
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
