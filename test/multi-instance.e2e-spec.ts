import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateDevSigningKey, mintDevToken } from '../src/identity/dev-signing-key';
import { iccid, matchingIdentifier, SMDP_ADDRESS } from './support/fixtures';
import { LOCAL_REDIS_URL } from './support/local-redis';
import { usePostgresDatabase } from './support/postgres-database';
import { ServiceProcess, startServiceProcess, untilReady } from './support/service-process';
import { POOLS } from './support/test-app';

const WRITES_PER_APP = 100;

interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

/**
 * Issue #11, item 4: two service processes on one PostgreSQL database and one Redis, as behind a load
 * balancer. What one writes the other reads; unique ICCIDs, ETags and the write limit hold across both.
 */
describe('two instances on one PostgreSQL database and one Redis', () => {
  jest.setTimeout(180_000);
  const database = usePostgresDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'esim-two-instances-'));
  const instances: ServiceProcess[] = [];

  beforeAll(async () => {
    const env = {
      DATA_DIR: dataDir,
      DB_TYPE: 'postgres',
      DATABASE_URL: database.url(),
      REDIS_URL: LOCAL_REDIS_URL,
      THROTTLE: 'on',
      THROTTLE_WRITES_PER_APP: String(WRITES_PER_APP),
      // The 200 concurrent creates below come from one tenant (through several apps).
      THROTTLE_WRITES_PER_TENANT: '10000',
      THROTTLE_REQUESTS_PER_TENANT: '10000',
    };
    // One after the other: the first creates the dev keys under DATA_DIR, the second reads them.
    for (let i = 0; i < 2; i++) {
      const instance = await startServiceProcess(env);
      instances.push(instance);
      expect(await untilReady(instance)).toBe('ready');
    }
  });

  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** A caller of its own (tenant and app), so that each test has its own throttling budget. */
  async function caller(tenantId = randomUUID(), appId = randomUUID()) {
    const token = await mintDevToken(loadOrCreateDevSigningKey(dataDir), { tenantId, appId });
    return async (
      instance: ServiceProcess,
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ): Promise<Answer> => {
      const response = await fetch(`http://127.0.0.1:${instance.port}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown), headers: response.headers };
    };
  }

  const codesOf = (serials: readonly number[]) =>
    serials.map((serial) => ({
      integratedCircuitCardIdentifier: iccid(serial),
      matchingIdentifier: matchingIdentifier(serial),
      smdpPlusServerAddress: SMDP_ADDRESS,
    }));

  it('reads through one instance what the other wrote', async () => {
    const call = await caller();
    const [first, second] = instances;
    const created = await call(first, 'POST', POOLS, { displayName: 'Written by the first', activationCodes: codesOf([1, 2, 3]) });
    expect(created.status).toBe(201);
    const read = await call(second, 'GET', `${POOLS}/${created.body.id}`);
    expect(read).toMatchObject({ status: 200, body: { id: created.body.id, displayName: 'Written by the first', activationCodeCount: 3 } });
    expect(read.body).not.toHaveProperty('activationCodes');
    expect((await call(second, 'DELETE', `${POOLS}/${created.body.id}`)).status).toBe(204);
    expect((await call(first, 'GET', `${POOLS}/${created.body.id}`)).status).toBe(404);
  });

  it('stores every ICCID exactly once when 200 concurrent creates with overlapping ICCIDs hit both', async () => {
    const tenantId = randomUUID();
    const apps = await Promise.all(Array.from({ length: 4 }, () => caller(tenantId)));
    // 200 creates of 5 codes each over 400 ICCIDs: most of them collide with another create.
    const requests = Array.from({ length: 200 }, (_, index) =>
      codesOf([0, 1, 2, 3, 4].map((offset) => 1000 + ((index * 7 + offset * 83) % 400))),
    );
    const answers = await Promise.all(
      requests.map((codes, index) =>
        apps[index % apps.length](instances[index % 2], 'POST', POOLS, { displayName: `Race ${index}`, activationCodes: codes }),
      ),
    );
    const statuses = answers.map(({ status }) => status);
    expect(statuses.filter((status) => status !== 201 && status !== 409)).toEqual([]);
    for (const loser of answers.filter(({ status }) => status === 409)) {
      expect(loser.body.error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/\d{19}/) });
    }
    const winners = requests.filter((_, index) => answers[index].status === 201);
    const winningIccids = winners.flat().map((code) => code.integratedCircuitCardIdentifier);
    expect(new Set(winningIccids).size).toBe(winningIccids.length);
    expect(winners.length).toBeGreaterThan(0);
    expect(winners.length).toBeLessThan(200);
    const stored = (await database.query(
      `SELECT "integratedCircuitCardIdentifier" AS iccid, count(*)::int AS copies FROM activation_codes WHERE "tenantId" = $1 GROUP BY 1`,
      [tenantId],
    )) as { iccid: string; copies: number }[];
    expect(stored.filter(({ copies }) => copies !== 1)).toEqual([]);
    expect(stored.map(({ iccid: value }) => value).sort()).toEqual([...winningIccids].sort());
    const pools = (await database.query(`SELECT count(*)::int AS pools FROM activation_code_pools WHERE "tenantId" = $1`, [tenantId])) as {
      pools: number;
    }[];
    expect(pools[0].pools).toBe(winners.length);
  });

  it('lets exactly one of several PATCHes with the same ETag through, whichever instance each reaches', async () => {
    const call = await caller();
    const created = await call(instances[0], 'POST', POOLS, { displayName: 'Contended', activationCodes: codesOf([5001]) });
    const etag = (await call(instances[1], 'GET', `${POOLS}/${created.body.id}`)).headers.get('etag') as string;
    expect(etag).toMatch(/^W\/"/);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        call(instances[index % 2], 'PATCH', `${POOLS}/${created.body.id}`, { displayName: `Writer ${index}` }, { 'if-match': etag }),
      ),
    );
    const statuses = answers.map(({ status }) => status).sort();
    expect(statuses).toEqual([204, ...Array<number>(9).fill(412)]);
    for (const refused of answers.filter(({ status }) => status === 412)) expect(refused.body.error.code).toBe('resourceModified');
    const winner = answers.findIndex(({ status }) => status === 204);
    expect((await call(instances[0], 'GET', `${POOLS}/${created.body.id}`)).body.displayName).toBe(`Writer ${winner}`);
  });

  it('shares the write limit: the 101st write of one app across both instances is a 429', async () => {
    const call = await caller();
    for (let write = 0; write < WRITES_PER_APP; write++) {
      const answer = await call(instances[write % 2], 'POST', POOLS, { displayName: `Budget ${write}`, activationCodes: [] });
      expect(answer.status).toBe(201);
    }
    for (const instance of instances) {
      const refused = await call(instance, 'POST', POOLS, { displayName: 'One too many', activationCodes: [] });
      expect(refused.status).toBe(429);
      expect(refused.body.error.code).toBe('activityLimitReached');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
  });
});
