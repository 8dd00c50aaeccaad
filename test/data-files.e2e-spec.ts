import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WriteTransactions } from '../src/database/write-transactions';
import { activationCodes, poolBody } from './support/fixtures';
import { expectGraphError } from './support/graph-assertions';
import { POOLS, startTestApp, TestApp, useTestApp } from './support/test-app';

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('files under DATA_DIR are owner-only, whatever the directory', () => {
  let dataDir: string;
  let t: TestApp;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'esim-modes-'));
    chmodSync(dataDir, 0o755);
    // A key file left world-readable by an earlier version or an operator's copy.
    mkdirSync(join(dataDir, 'secrets'), { mode: 0o755 });
    writeFileSync(join(dataDir, 'secrets', 'code-key'), randomBytes(32).toString('base64'), { mode: 0o644 });
    t = await startTestApp({ DATA_DIR: dataDir });
    await t.http
      .post(POOLS)
      .send(poolBody('Written to the WAL', activationCodes(5)))
      .expect(201);
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates the database, its WAL and shared-memory files 0600 in a 0755 directory', () => {
    const files = readdirSync(dataDir).filter((name) => name.startsWith('esim.sqlite'));
    expect(files.sort()).toEqual(['esim.sqlite', 'esim.sqlite-shm', 'esim.sqlite-wal']);
    for (const name of files) expect([name, modeOf(join(dataDir, name))]).toEqual([name, 0o600]);
  });

  it('makes the key files 0600, also one that existed with another mode', () => {
    expect(modeOf(join(dataDir, 'secrets', 'code-key'))).toBe(0o600);
    expect(modeOf(join(dataDir, 'dev-auth', 'signing-key.pem'))).toBe(0o600);
  });
});

describe('a write the disk has no room for', () => {
  const t = useTestApp();

  it('is a 503 with Retry-After, and nothing of it is stored', async () => {
    const [{ page_count: pages }] = await t.dataSource.query('PRAGMA page_count');
    // SQLite answers a write past max_page_count exactly as it answers a full disk: SQLITE_FULL. The
    // setting belongs to a connection: that of the writes.
    const writes = t.app.get(WriteTransactions);
    const limitPages = (limit: number) => writes.run((manager) => manager.query(`PRAGMA max_page_count = ${limit}`));
    await limitPages(Number(pages) + 2);
    try {
      const response = await t.http.post(POOLS).send(poolBody('Too big for the disk', activationCodes(2000)));
      expectGraphError(response, 503, 'serviceNotAvailable', /nothing was written/);
      expect(response.headers['retry-after']).toMatch(/^\d+$/);
    } finally {
      await limitPages(4294967294);
    }
    const [{ pools }] = await t.dataSource.query('SELECT COUNT(*) AS pools FROM activation_code_pools');
    const [{ codes }] = await t.dataSource.query('SELECT COUNT(*) AS codes FROM activation_codes');
    expect([pools, codes]).toEqual([0, 0]);
    await t.http
      .post(POOLS)
      .send(poolBody('Room again', activationCodes(2000)))
      .expect(201);
  });
});
