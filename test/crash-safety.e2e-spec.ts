import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { csvRows, importUrl, operatorCsv } from './support/csv-fixtures';
import { activationCodes, poolBody } from './support/fixtures';
import { sendWhole } from './support/raw-http';
import { ServiceProcess, withReadyService } from './support/service-process';
import { POOLS } from './support/test-app';

/** WAL bytes a write must have added before the kill: well inside a 100,000-code transaction (about 15 MB of WAL). */
const MID_WRITE_WAL_BYTES = 2 * 1024 * 1024;

interface Sent {
  readonly method: string;
  readonly path: string;
  readonly contentType: string;
  readonly body: string;
}

/** Sends `request`, and SIGKILLs the service once its write has grown the WAL by MID_WRITE_WAL_BYTES: mid-transaction. */
async function killDuringWrite(
  service: ServiceProcess,
  token: string,
  request: Sent,
): Promise<{ outcome: string; walBytesAtKill: number }> {
  const wal = join(service.dataDir, 'esim.sqlite-wal');
  const walSize = () => (existsSync(wal) ? statSync(wal).size : 0);
  const before = walSize();
  const { method, path, contentType, body } = request;
  const answered = sendWhole(service.port, {
    method,
    path,
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    body,
  });
  let walBytesAtKill = 0;
  while (service.child.exitCode === null && service.child.signalCode === null) {
    walBytesAtKill = walSize() - before;
    if (walBytesAtKill >= MID_WRITE_WAL_BYTES) {
      service.child.kill('SIGKILL');
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await service.exited;
  const { status, failure } = await answered;
  return { outcome: failure ?? String(status), walBytesAtKill };
}

/** What the database holds after the crash and the restart. */
function inspectDatabase(dataDir: string) {
  const database = new Database(join(dataDir, 'esim.sqlite'));
  try {
    const integrity = database.pragma('integrity_check', { simple: true });
    const pools = database
      .prepare(
        `SELECT p.displayName AS displayName, p.activationCodeCount AS counted,
                (SELECT count(*) FROM activation_codes c WHERE c.poolId = p.id) AS stored,
                (SELECT min(c.integratedCircuitCardIdentifier) FROM activation_codes c WHERE c.poolId = p.id) AS firstIccid
           FROM activation_code_pools p`,
      )
      .all() as { displayName: string; counted: number; stored: number; firstIccid: string | null }[];
    return { integrity, pools: new Map(pools.map((pool) => [pool.displayName, pool])) };
  } finally {
    database.close();
  }
}

/**
 * Issue: kill -9 in the middle of a large write. After restart the write left nothing (the pool is
 * absent or as it was), every pool's activationCodeCount equals the codes stored, the SQLite file
 * passes integrity_check, and what was acknowledged before the crash is still there. Each kill is
 * placed by watching the WAL grow, so it lands inside the transaction, before its commit.
 */
describe('crash safety (kill -9 during a write, then restart)', () => {
  jest.setTimeout(180_000);

  const dataDirs: string[] = [];
  afterAll(() => dataDirs.forEach((dataDir) => rmSync(dataDir, { recursive: true, force: true })));

  async function crashAndRestart(prepare: (service: ServiceProcess, token: string) => Promise<Sent>) {
    const dataDir = mkdtempSync(join(tmpdir(), 'esim-crash-'));
    dataDirs.push(dataDir);
    let result: { outcome: string; walBytesAtKill: number } | undefined;
    await withReadyService({ DATA_DIR: dataDir }, async (service, token) => {
      const acknowledged = await fetch(`http://127.0.0.1:${service.port}${POOLS}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(poolBody('Acknowledged before the crash', activationCodes(10))),
      });
      expect(acknowledged.status).toBe(201);
      result = await killDuringWrite(service, token, await prepare(service, token));
    });
    // The service starts again on the crashed files (SQLite replays the WAL as it opens them) and serves them.
    await withReadyService({ DATA_DIR: dataDir }, async (service, token) => {
      const listed = await fetch(`http://127.0.0.1:${service.port}${POOLS}?$select=displayName,activationCodeCount&$top=1000`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(listed.status).toBe(200);
    });
    return { ...(result as { outcome: string; walBytesAtKill: number }), ...inspectDatabase(dataDir) };
  }

  it('a 100,000-code create killed inside its transaction leaves no pool and no code', async () => {
    const { outcome, walBytesAtKill, integrity, pools } = await crashAndRestart(() =>
      Promise.resolve({
        method: 'POST',
        path: POOLS,
        contentType: 'application/json',
        body: JSON.stringify(poolBody('Created during the crash', activationCodes(100_000))),
      }),
    );
    expect(walBytesAtKill).toBeGreaterThanOrEqual(MID_WRITE_WAL_BYTES);
    expect(outcome).toMatch(/ECONNRESET|socket hang up/);
    expect(integrity).toBe('ok');
    expect(pools.get('Acknowledged before the crash')).toMatchObject({ counted: 10, stored: 10 });
    // Killed with 2 MB of the transaction's ~15 MB in the WAL, before its commit: nothing of it remains.
    expect(pools.get('Created during the crash')).toBeUndefined();
    expect(pools.size).toBe(1);
    for (const pool of pools.values()) expect(pool.stored).toBe(pool.counted);
  });

  it('a PATCH replacing 1,000 codes with 100,000, killed inside its transaction, leaves the 1,000 whole', async () => {
    const original = activationCodes(1_000);
    const replacement = activationCodes(100_000);
    const { outcome, walBytesAtKill, integrity, pools } = await crashAndRestart(async (service, token) => {
      const created = await fetch(`http://127.0.0.1:${service.port}${POOLS}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(poolBody('Replaced during the crash', original)),
      });
      const { id } = (await created.json()) as { id: string };
      return {
        method: 'PATCH',
        path: `${POOLS}/${id}`,
        contentType: 'application/json',
        body: JSON.stringify({ activationCodes: replacement }),
      };
    });
    expect(walBytesAtKill).toBeGreaterThanOrEqual(MID_WRITE_WAL_BYTES);
    expect(outcome).toMatch(/ECONNRESET|socket hang up/);
    expect(integrity).toBe('ok');
    const pool = pools.get('Replaced during the crash');
    const firstOf = (codes: typeof original) => codes.map((code) => code.integratedCircuitCardIdentifier).sort()[0];
    expect(pool).toMatchObject({ counted: 1_000, stored: 1_000, firstIccid: firstOf(original) });
    expect(firstOf(replacement)).not.toBe(firstOf(original));
    for (const each of pools.values()) expect(each.stored).toBe(each.counted);
  });

  it('a CSV import of 100,000 lines killed inside its transaction leaves the pool as it was', async () => {
    const { outcome, walBytesAtKill, integrity, pools } = await crashAndRestart(async (service, token) => {
      const created = await fetch(`http://127.0.0.1:${service.port}${POOLS}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(poolBody('Imported during the crash', activationCodes(5))),
      });
      const { id } = (await created.json()) as { id: string };
      return { method: 'POST', path: importUrl(id), contentType: 'text/csv', body: operatorCsv(csvRows(100_000)) };
    });
    expect(walBytesAtKill).toBeGreaterThanOrEqual(MID_WRITE_WAL_BYTES);
    expect(outcome).toMatch(/ECONNRESET|socket hang up/);
    expect(integrity).toBe('ok');
    const pool = pools.get('Imported during the crash');
    expect(pool).toMatchObject({ counted: 5, stored: 5 });
    for (const each of pools.values()) expect(each.stored).toBe(each.counted);
  });
});
