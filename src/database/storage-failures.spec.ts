import { QueryFailedError } from 'typeorm';
import { translateStorageFailure } from './storage-failures';

/** A driver error as better-sqlite3 or node-postgres reports it, wrapped by TypeORM as a failed query. */
function failedQuery(driverError: { code?: string; message: string }): QueryFailedError {
  return new QueryFailedError('INSERT INTO activation_codes …', [], Object.assign(new Error(driverError.message), driverError));
}

describe('translateStorageFailure', () => {
  it.each([
    ['SQLite: a full disk', failedQuery({ code: 'SQLITE_FULL', message: 'database or disk is full' })],
    ['SQLite: an extended I/O error', failedQuery({ code: 'SQLITE_IOERR_WRITE', message: 'disk I/O error' })],
    ['PostgreSQL: disk full (53100)', failedQuery({ code: '53100', message: 'could not extend file' })],
    ['PostgreSQL: too many connections (53300)', failedQuery({ code: '53300', message: 'sorry, too many clients already' })],
    ['PostgreSQL: a connection failure (08006)', failedQuery({ code: '08006', message: 'connection failure' })],
    ['PostgreSQL: the statement timeout (57014)', failedQuery({ code: '57014', message: 'canceling statement due to statement timeout' })],
    ['PostgreSQL: an administrator shutdown (57P01)', failedQuery({ code: '57P01', message: 'terminating connection' })],
    ['PostgreSQL: a standby (25006)', failedQuery({ code: '25006', message: 'cannot execute INSERT in a read-only transaction' })],
    ['PostgreSQL: a deadlock (40P01)', failedQuery({ code: '40P01', message: 'deadlock detected' })],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a connection lost during a query', failedQuery({ message: 'Connection terminated unexpectedly' })],
    ['no free connection in the pool', new Error('timeout exceeded when trying to connect')],
  ])('makes %s a 503 that says nothing was written', (_, error) => {
    expect(translateStorageFailure(error)).toMatchObject({ kind: 'unavailable', message: expect.stringMatching(/nothing was written/) });
  });

  it.each([
    ['a number out of range (22003)', failedQuery({ code: '22003', message: 'bigint out of range' })],
    ['a division by zero (22012)', failedQuery({ code: '22012', message: 'division by zero' })],
    ['the character U+0000 (22021)', failedQuery({ code: '22021', message: 'invalid byte sequence for encoding "UTF8": 0x00' })],
  ])('makes PostgreSQL refusing a value of the request, %s, a 400', (_, error) => {
    expect(translateStorageFailure(error)).toMatchObject({ kind: 'invalidInput' });
  });

  it.each([
    ['a unique violation (23505), which the repositories translate', failedQuery({ code: '23505', message: 'duplicate key value' })],
    ['a syntax error (42601)', failedQuery({ code: '42601', message: 'syntax error at end of input' })],
    ['SQLite: a constraint', failedQuery({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY', message: 'FOREIGN KEY constraint failed' })],
    ['an error without a code', new Error('something else')],
    ['what is not an error', 'a string'],
  ])('leaves %s alone', (_, error) => {
    expect(translateStorageFailure(error)).toBeUndefined();
  });
});
