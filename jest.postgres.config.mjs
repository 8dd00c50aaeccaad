// @ts-check
import { readFileSync } from 'node:fs';
import { URL } from 'node:url';

/**
 * The end-to-end suite again, on PostgreSQL (`npm run test:postgres`, which sets TEST_DB=postgres:
 * every test app and service process then gets a fresh database of its own). The unit specs do not
 * touch a database and run once, in `jest`. Left out here, and why:
 */
const NOT_ON_POSTGRES = [
  // SQLite's files: the database, WAL and shared-memory files made owner-only, and SQLite's page
  // limit standing in for a full disk. PostgreSQL's files belong to its server; its disk-full SQLSTATE
  // is translated like SQLite's (src/database/storage-failures.spec.ts).
  'data-files',
  // Places each kill -9 by watching SQLite's WAL grow, and checks the file with integrity_check.
  'crash-safety',
  // Run on a PostgreSQL database of their own in every run already.
  'multi-instance',
  'postgres-outage',
];

const { jest: base } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

export default {
  ...base,
  testRegex: '.*\\.e2e-spec\\.ts$',
  testPathIgnorePatterns: ['/node_modules/', ...NOT_ON_POSTGRES.map((name) => `/test/${name}\\.e2e-spec\\.ts$`)],
};
