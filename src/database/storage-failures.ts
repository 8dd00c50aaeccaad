import { QueryFailedError } from 'typeorm';
import { AppError } from '../common/app-error';

/** SQLite result codes (better-sqlite3 reports extended ones: `SQLITE_IOERR_WRITE`…) that mean "not now". */
const SQLITE_UNAVAILABLE = /^SQLITE_(FULL|IOERR|READONLY|BUSY|LOCKED|CANTOPEN|NOMEM)/;
/** PostgreSQL SQLSTATE classes and codes that mean "not now": resources, connection, shutdown, retry. */
const POSTGRES_UNAVAILABLE = /^(53|08|57P0|40001|40P01)/;

/**
 * A database failure that is not the request's fault and may pass (a full disk, a read-only or
 * locked database, a lost connection) as the AppError that says so: 503 with Retry-After, the write
 * rolled back. Anything else stays what it was.
 */
export function translateStorageFailure(error: unknown): AppError | undefined {
  const driverError =
    error instanceof QueryFailedError ? (error.driverError as { code?: unknown } | undefined) : (error as { code?: unknown });
  const code = typeof driverError?.code === 'string' ? driverError.code : undefined;
  if (code === undefined || !(SQLITE_UNAVAILABLE.test(code) || POSTGRES_UNAVAILABLE.test(code))) return undefined;
  return AppError.unavailable(
    'The database cannot take this request right now (it may be full or read-only); nothing was written. Retry later.',
  );
}
