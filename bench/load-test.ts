import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { loadOrCreateDevSigningKey, mintDevToken } from '../src/identity/dev-signing-key';
import { WRITE_PERMISSION } from '../src/identity/permissions';
import { makeTempDir, releaseOnExit } from './cleanup';
import { createFreshPostgresDatabase } from './postgres';
import { Server, startService } from './servers';

/**
 * `npm run test:load` (issue #11, item 6): 50 connections of mixed reads and writes for 30 s
 * (`LOAD_TEST_SECONDS` for a quicker look), on one instance on SQLite, then spread over two instances
 * on one PostgreSQL database. Passes with no 5xx, no socket error or timeout, and afterwards every
 * acknowledged create listed and every acknowledged delete gone, through each instance.
 */
const CONNECTIONS = 50;
const DURATION_SECONDS = Number(process.env.LOAD_TEST_SECONDS ?? 30);
const POOLS = '/beta/deviceManagement/embeddedSIMActivationCodePools';
const NO_SUCH_POOL = '00000000-0000-4000-8000-000000000000';

/** What one phase's clients saw, and what the service acknowledged. */
interface PhaseTally {
  readonly statuses: Map<number, number>;
  readonly created: Set<string>;
  /** Pools a DELETE was sent for: when the run ends with one in flight, it may be done without being acknowledged. */
  readonly deleteSent: Set<string>;
  readonly deleted: Set<string>;
  errors: number;
  timeouts: number;
  requests: number;
}

/** ICCIDs no other create of the run uses: 19 digits, `89` then a run prefix and a counter. */
function codeFactory() {
  const runPrefix = String(Math.floor(Math.random() * 9000) + 1000);
  let serial = 0;
  return (count: number) =>
    Array.from({ length: count }, () => {
      serial++;
      return {
        integratedCircuitCardIdentifier: `89${runPrefix}${String(serial).padStart(13, '0')}`,
        matchingIdentifier: `LOAD-${serial.toString(36).toUpperCase()}`,
        smdpPlusServerAddress: 'rsp.contoso-mobile.com',
      };
    });
}

interface ConnectionContext {
  poolId?: string;
  doomedId?: string;
}

/**
 * One connection's loop: create a pool, read it, list, rename it, create a second, delete the first,
 * count. Every cycle leaves one pool more, so reads keep meeting a growing table while writes go on.
 */
function mixedRequests(tally: PhaseTally, codes: ReturnType<typeof codeFactory>): autocannon.Request[] {
  const record = (status: number) => {
    tally.statuses.set(status, (tally.statuses.get(status) ?? 0) + 1);
    tally.requests++;
  };
  const created = (status: number, body: string, context: ConnectionContext, key: keyof ConnectionContext) => {
    record(status);
    if (status !== 201) return;
    const { id } = JSON.parse(body) as { id: string };
    tally.created.add(id);
    context[key] = id;
  };
  const json = { 'content-type': 'application/json' };
  const createPool = (key: keyof ConnectionContext): autocannon.Request => ({
    method: 'POST',
    path: POOLS,
    headers: json,
    setupRequest: (request) => ({ ...request, body: JSON.stringify({ displayName: `Load ${randomUUID()}`, activationCodes: codes(3) }) }),
    onResponse: (status, body, context) => created(status, body, context, key),
  });
  const onPool = (method: string, suffix = '', body?: string): autocannon.Request => ({
    method: method as autocannon.Request['method'],
    path: POOLS,
    headers: body === undefined ? {} : json,
    body,
    setupRequest: (request, context) => ({
      ...request,
      path: `${POOLS}/${(context as ConnectionContext).poolId ?? NO_SUCH_POOL}${suffix}`,
    }),
    onResponse: (status) => record(status),
  });
  return [
    createPool('poolId'),
    onPool('GET'),
    {
      method: 'GET',
      path: `${POOLS}?$top=20&$filter=startswith(displayName,'Load')&$select=id,displayName`,
      onResponse: (status) => record(status),
    },
    onPool('PATCH', '', JSON.stringify({ displayName: 'Load renamed' })),
    createPool('doomedId'),
    {
      method: 'DELETE',
      path: POOLS,
      setupRequest: (request, context) => {
        const id = (context as ConnectionContext).doomedId ?? NO_SUCH_POOL;
        tally.deleteSent.add(id);
        return { ...request, path: `${POOLS}/${id}` };
      },
      onResponse: (status, _body, context) => {
        record(status);
        const id = (context as ConnectionContext).doomedId;
        if (status === 204 && id !== undefined) tally.deleted.add(id);
      },
    },
    { method: 'GET', path: `${POOLS}/$count`, onResponse: (status) => record(status) },
  ];
}

/** Runs the mixed load against every origin at once, the connections shared out between them. */
async function runMixedLoad(origins: readonly string[], token: string): Promise<PhaseTally> {
  const tally: PhaseTally = {
    statuses: new Map(),
    created: new Set(),
    deleteSent: new Set(),
    deleted: new Set(),
    errors: 0,
    timeouts: 0,
    requests: 0,
  };
  const codes = codeFactory();
  const results = await Promise.all(
    origins.map((origin) =>
      autocannon({
        url: origin,
        connections: CONNECTIONS / origins.length,
        duration: DURATION_SECONDS,
        headers: { authorization: `Bearer ${token}` },
        requests: mixedRequests(tally, codes),
        timeout: 10,
      }),
    ),
  );
  for (const result of results) {
    tally.errors += result.errors;
    tally.timeouts += result.timeouts;
  }
  return tally;
}

/** Every pool the service lists, by following its nextLinks (server-driven pages: a `$top` would end the list). */
async function listedPoolIds(origin: string, token: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for (let next: string | undefined = `${origin}${POOLS}?$select=id`; next !== undefined;) {
    const response = await fetch(next, { headers: { authorization: `Bearer ${token}`, prefer: 'odata.maxpagesize=1000' } });
    if (response.status !== 200) throw new Error(`listing the pools answered ${response.status}`);
    const page = (await response.json()) as { value: { id: string }[]; '@odata.nextLink'?: string };
    for (const { id } of page.value) ids.add(id);
    next = page['@odata.nextLink'];
  }
  return ids;
}

/** The phase's verdict: no 5xx, no socket errors, and exactly the acknowledged pools stored (read through every instance). */
async function judge(name: string, tally: PhaseTally, origins: readonly string[], token: string): Promise<string[]> {
  const failures: string[] = [];
  const serverErrors = [...tally.statuses].filter(([status]) => status >= 500).reduce((sum, [, count]) => sum + count, 0);
  const statuses = [...tally.statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`);
  console.log(`  ${tally.requests} responses (${statuses.join(', ')}), ${tally.errors} socket errors, ${tally.timeouts} timeouts`);
  console.log(`  ${tally.created.size} creates and ${tally.deleted.size} deletes acknowledged`);
  if (serverErrors > 0) failures.push(`${name}: ${serverErrors} responses were 5xx`);
  if (tally.errors + tally.timeouts > 0) failures.push(`${name}: ${tally.errors} socket errors and ${tally.timeouts} timeouts`);
  const expected = new Set([...tally.created].filter((id) => !tally.deleteSent.has(id)));
  for (const origin of origins) {
    const listed = await listedPoolIds(origin, token);
    const missing = [...expected].filter((id) => !listed.has(id));
    const resurrected = [...tally.deleted].filter((id) => listed.has(id));
    // Creates still in flight when the run ended may be stored without having been acknowledged.
    const unacknowledged = [...listed].filter((id) => !tally.created.has(id));
    console.log(
      `  ${origin}: ${listed.size} pools listed; missing ${missing.length}, deleted but listed ${resurrected.length}, unacknowledged ${unacknowledged.length}`,
    );
    if (missing.length > 0) failures.push(`${name}: ${missing.length} acknowledged creates are missing (e.g. ${missing[0]})`);
    if (resurrected.length > 0)
      failures.push(`${name}: ${resurrected.length} acknowledged deletes are still listed (e.g. ${resurrected[0]})`);
  }
  return failures;
}

async function tokenFor(server: Server): Promise<string> {
  return mintDevToken(loadOrCreateDevSigningKey(server.dataDir), { tenantId: randomUUID(), permissions: [WRITE_PERMISSION] });
}

async function main(): Promise<number> {
  releaseOnExit();
  const started = performance.now();
  const failures: string[] = [];

  console.log(`Phase 1: one instance on SQLite, ${CONNECTIONS} connections for ${DURATION_SECONDS} s`);
  const single = await startService(makeTempDir('load-sqlite'));
  try {
    const token = await tokenFor(single);
    failures.push(...(await judge('SQLite', await runMixedLoad([single.origin], token), [single.origin], token)));
  } finally {
    await single.stop();
  }

  console.log(`Phase 2: two instances on one PostgreSQL database, ${CONNECTIONS / 2} connections each for ${DURATION_SECONDS} s`);
  const database = await createFreshPostgresDatabase();
  try {
    // Both instances share one data directory: the dev signing key and the code key must be the same.
    const dataDir = makeTempDir('load-postgres');
    const first = await startService(dataDir, { postgresUrl: database.url });
    const second = await startService(dataDir, { postgresUrl: database.url });
    try {
      const token = await tokenFor(first);
      const origins = [first.origin, second.origin];
      failures.push(...(await judge('PostgreSQL', await runMixedLoad(origins, token), origins, token)));
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  } finally {
    await database.drop();
  }

  console.log(`\nLoad test ${failures.length === 0 ? 'passed' : 'FAILED'} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  for (const failure of failures) console.log(`  - ${failure}`);
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
