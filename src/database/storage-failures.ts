import { QueryFailedError } from 'typeorm';
import { AppError } from '../common/app-error';

/** SQLite result codes (better-sqlite3 reports extended ones: `SQLITE_IOERR_WRITE`…) that mean "not now". */
const SQLITE_UNAVAILABLE = /^SQLITE_(FULL|IOERR|READONLY|BUSY|LOCKED|CANTOPEN|NOMEM)/;
/**
 * PostgreSQL SQLSTATEs that mean "not now": insufficient resources (53100 disk full, 53300 too many
 * connections), connection exceptions, shutdown, a cancelled statement (57014: the statement
 * timeout), a read-only transaction (a standby after a fail-over), a lock not available, a
 * serialization failure or a deadlock.
 */
const POSTGRES_UNAVAILABLE = /^(53|08|57P0|57014|25006|55P03|40001|40P01)/;
/** Socket errors of a database connection: the server is down, unreachable or went away. */
const CONNECTION_LOST = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);
/** What node-postgres and its pool say, without a code, when a connection cannot be had or was lost. */
const POSTGRES_CONNECTION_LOST =
  /^(timeout exceeded when trying to connect|Connection terminated|Client has encountered a connection error|Client was closed)/;
/**
 * PostgreSQL SQLSTATEs of a value it cannot store or compute with, which only a request can bring:
 * a number out of range (22003, `$filter=activationCodeCount mul 9223372036854775807 gt 0`), a division
 * by zero (22012), the character U+0000 or one the encoding lacks (22021, 22P05). SQLite has none of
 * these limits.
 */
const POSTGRES_VALUE_REFUSED = new Set(['22003', '22012', '22021', '22P05']);

/**
 * A database failure that is not the request's fault and may pass (a full disk, a read-only or
 * locked database, a lost connection) as the AppError that says so: 503 with Retry-After, the write
 * rolled back; a value of the request the database cannot handle as a 400. Anything else stays what
 * it was.
 */
export function translateStorageFailure(error: unknown): AppError | undefined {
  const driverError = (error instanceof QueryFailedError ? error.driverError : error) as { code?: unknown; message?: unknown } | undefined;
  const code = typeof driverError?.code === 'string' ? driverError.code : undefined;
  if (code !== undefined && POSTGRES_VALUE_REFUSED.has(code)) {
    return AppError.invalidInput(
      'A value of this request cannot be stored or compared by the database (a number out of range, a division by zero, or the character U+0000).',
    );
  }
  const unavailable =
    code === undefined
      ? typeof driverError?.message === 'string' && POSTGRES_CONNECTION_LOST.test(driverError.message)
      : SQLITE_UNAVAILABLE.test(code) || POSTGRES_UNAVAILABLE.test(code) || CONNECTION_LOST.has(code);
  if (!unavailable) return undefined;
  return AppError.unavailable(
    'The database cannot take this request right now (it may be unreachable, full or read-only); nothing was written. Retry later.',
  );
}
