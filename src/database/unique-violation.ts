import { QueryFailedError } from 'typeorm';

/**
 * Whether a write failed on a primary key or unique index: the database's own word that a row with
 * those values exists (SQLite reports the constraint's kind, PostgreSQL SQLSTATE 23505).
 */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const code = (error.driverError as { code?: string } | undefined)?.code;
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}
