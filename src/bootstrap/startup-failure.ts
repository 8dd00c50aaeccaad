import { ConfigError } from '../config/app-config';

/**
 * Why the service could not start, as one line an operator can act on (no stack trace): a busy port,
 * a data directory or database it cannot write or reach, a bad configuration. Never DATABASE_URL
 * itself, which may hold a password.
 */
export function describeStartupFailure(error: unknown, where: { host: string; port: number } | undefined): string {
  if (error instanceof ConfigError) return error.message;
  const failure = error as NodeJS.ErrnoException;
  switch (failure.code) {
    case 'EADDRINUSE':
      return `${where?.host ?? 'the host'}:${where?.port ?? '?'} is already in use: stop the other process or set PORT (or HOST).`;
    case 'EADDRNOTAVAIL':
      return `HOST ${where?.host ?? '?'} is not an address of this machine.`;
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return `${failure.path ?? (where ? `port ${where.port}` : 'a file')} cannot be written or opened (${failure.code}): DATA_DIR and DB_PATH must be writable by the service.`;
    case 'ENOSPC':
      return `No space left for ${failure.path ?? 'the data directory'} (ENOSPC).`;
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
      return `The database cannot be reached (${failure.message}): check DATABASE_URL and that PostgreSQL runs.`;
    // PostgreSQL's SQLSTATEs for a refused login and a database that does not exist.
    case '28P01':
    case '28000':
    case '3D000':
      return `PostgreSQL refuses the connection (${failure.message}): check DATABASE_URL.`;
    default:
      return (failure.message ?? String(error)).split('\n', 1)[0];
  }
}
