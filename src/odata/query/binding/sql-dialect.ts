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
};

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
