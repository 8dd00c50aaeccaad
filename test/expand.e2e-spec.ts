import TestAgent from 'supertest/lib/agent';
import { assignmentBody, ASSIGNMENT_TYPE, Target, targetAsRead, targets } from './support/assignment-fixtures';
import {
  DEVICE_STATE_TYPE,
  deviceStatesUrl,
  DeviceStateValue,
  SeededDeviceState,
  variedDeviceStates,
} from './support/device-state-fixtures';
import { activationCodes, poolBody } from './support/fixtures';
import { expectGraphError } from './support/graph-assertions';
import { POOLS, TENANT_B, TestApp, useTestApp } from './support/test-app';

/** What the test wrote under one pool: the oracle every expanded response is checked against. */
interface SeededPool {
  id: string;
  matchingIdentifiers: string[];
  assignments: { id: string; target: Target }[];
  deviceStates: SeededDeviceState[];
}

const byKey = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const ids = (items: readonly { id: string }[]) => items.map((item) => item.id);
const q = (query: string) => query.replace(/ /g, '%20');
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let nextSerial = 900_000;

/** A pool with `assignmentCount` assignments (distinct group targets) and `deviceStateCount` varied device states. */
async function seedPool(http: TestAgent, name: string, assignmentCount: number, deviceStateCount: number): Promise<SeededPool> {
  const codes = activationCodes(2);
  const { body: pool } = await http.post(POOLS).send(poolBody(name, codes)).expect(201);
  const seeded: SeededPool = {
    id: pool.id,
    matchingIdentifiers: codes.map((code) => code.matchingIdentifier),
    assignments: [],
    deviceStates: [],
  };
  for (let i = 0; i < assignmentCount; i++) {
    const target = i === 0 ? targets.allDevices() : targets.group();
    const { body } = await http.post(`${POOLS}/${pool.id}/assignments`).send(assignmentBody(target)).expect(201);
    seeded.assignments.push({ id: body.id, target: targetAsRead(target) });
  }
  const states = variedDeviceStates(nextSerial, deviceStateCount);
  nextSerial += deviceStateCount;
  for (const { written, expected } of states) {
    const { body } = await http
      .post(deviceStatesUrl(pool.id))
      .send({ '@odata.type': DEVICE_STATE_TYPE, ...written })
      .expect(201);
    seeded.deviceStates.push({ ...expected, id: body.id });
  }
  return seeded;
}

/** The SELECT statements the application sends while `work` runs, counted at the query runner. */
async function selectsDuring<T>(t: TestApp, work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const statements: string[] = [];
  const original = t.dataSource.driver.createQueryRunner.bind(t.dataSource.driver);
  // A driver may hand out the same runner again (SQLite does): each is instrumented once.
  const instrumented = new WeakSet<object>();
  const spy = jest.spyOn(t.dataSource.driver, 'createQueryRunner').mockImplementation((mode) => {
    const queryRunner = original(mode);
    if (instrumented.has(queryRunner)) return queryRunner;
    instrumented.add(queryRunner);
    const query = queryRunner.query.bind(queryRunner);
    queryRunner.query = ((sql: string, parameters?: unknown[], structured?: boolean) => {
      if (/^\s*SELECT/i.test(sql)) statements.push(sql);
      return query(sql, parameters, structured as never);
    }) as typeof queryRunner.query;
    return queryRunner;
  });
  try {
    return { result: await work(), statements };
  } finally {
    spy.mockRestore();
  }
}

describe("$expand of a pool's assignments and device states", () => {
  const t = useTestApp();
  const pools: SeededPool[] = [];
  let otherTenantPool: SeededPool;

  beforeAll(async () => {
    // Every shape a parent can have: no children, only one kind, many of both.
    const shapes: [number, number][] = [
      [0, 0],
      [1, 0],
      [0, 5],
      [3, 9],
      [2, 24],
      [4, 1],
      [0, 12],
      [1, 3],
    ];
    for (const [index, [assignmentCount, deviceStateCount]] of shapes.entries()) {
      pools.push(await seedPool(t.http, `Expand pool ${index}`, assignmentCount, deviceStateCount));
    }
    otherTenantPool = await seedPool(await t.as({ tenantId: TENANT_B }), 'Other tenant pool', 2, 6);
  });

  const seededById = (id: string) => {
    const pool = pools.find((candidate) => candidate.id === id);
    if (pool === undefined) throw new Error(`The response names pool ${id}, which the test never created in this tenant`);
    return pool;
  };

  it('fills each pool of a list with exactly its own children, in key order, and empty collections where it has none', async () => {
    const { body } = await t.http.get(`${POOLS}?$expand=assignments,deviceStates`).expect(200);
    expect(body.value).toHaveLength(pools.length);
    for (const pool of body.value) {
      const seeded = seededById(pool.id);
      expect(ids(pool.assignments)).toEqual(ids([...seeded.assignments].sort(byKey)));
      expect(pool.assignments.map((assignment: { target: Target }) => assignment.target)).toEqual(
        [...seeded.assignments].sort(byKey).map((assignment) => assignment.target),
      );
      expect(pool.deviceStates).toEqual([...seeded.deviceStates].sort(byKey).map((state) => expect.objectContaining(state)));
      expect(pool).not.toHaveProperty('assignments@odata.count');
    }
  });

  it("answers $expand=assignments,deviceStates($filter=state eq 'installed';$top=2) as the oracle says", async () => {
    const { body } = await t.http.get(`${POOLS}?$expand=${q("assignments,deviceStates($filter=state eq 'installed';$top=2)")}`).expect(200);
    expect(body.value.map((pool: { id: string }) => pool.id).sort()).toEqual(ids(pools).sort());
    for (const pool of body.value) {
      const seeded = seededById(pool.id);
      const installed = [...seeded.deviceStates].sort(byKey).filter((state) => state.state === 'installed');
      expect(pool.deviceStates).toEqual(installed.slice(0, 2).map((state) => expect.objectContaining(state)));
      expect(ids(pool.assignments)).toEqual(ids([...seeded.assignments].sort(byKey)));
    }
    // The oracle is not vacuous: some pool has more than two installed devices, some has none.
    const installedCounts = pools.map((pool) => pool.deviceStates.filter((state) => state.state === 'installed').length);
    expect(Math.max(...installedCounts)).toBeGreaterThan(2);
    expect(Math.min(...installedCounts)).toBe(0);
  });

  it('applies nested $filter, $top and $count to each pool on its own', async () => {
    const { body } = await t.http
      .get(`${POOLS}?$expand=${q("deviceStates($filter=state eq 'installed' or state eq 'failed';$top=2;$count=true)")}`)
      .expect(200);
    for (const pool of body.value) {
      const matches = seededById(pool.id)
        .deviceStates.filter((state) => (['installed', 'failed'] as DeviceStateValue[]).includes(state.state))
        .sort(byKey);
      expect(ids(pool.deviceStates)).toEqual(ids(matches.slice(0, 2)));
      expect(pool['deviceStates@odata.count']).toBe(matches.length);
      expect(pool).not.toHaveProperty('assignments');
    }
  });

  it('applies nested $orderby, $skip and $select', async () => {
    const { body } = await t.http
      .get(`${POOLS}?$expand=${q('deviceStates($orderby=deviceName desc;$skip=1;$top=3;$select=deviceName)')}`)
      .expect(200);
    for (const pool of body.value) {
      // OData orders null first ascending, so last descending; the key breaks ties.
      const ordered = [...seededById(pool.id).deviceStates].sort(byKey).sort((a, b) => {
        if (a.deviceName === b.deviceName) return 0;
        if (a.deviceName === null) return 1;
        if (b.deviceName === null) return -1;
        return a.deviceName < b.deviceName ? 1 : -1;
      });
      expect(pool.deviceStates.map((state: { deviceName: string | null }) => state.deviceName)).toEqual(
        ordered.slice(1, 4).map((state) => state.deviceName),
      );
      for (const state of pool.deviceStates) {
        expect(Object.keys(state).filter((key) => !key.startsWith('@odata.'))).toEqual(expect.arrayContaining(['deviceName']));
        expect(state).not.toHaveProperty('userName');
        expect(state).not.toHaveProperty('state');
      }
    }
  });

  it('counts matches of a parent whose window is empty because $skip passes them all', async () => {
    const { body } = await t.http
      .get(`${POOLS}?$expand=${q('deviceStates($skip=50;$count=true),assignments($top=0;$count=true)')}`)
      .expect(200);
    for (const pool of body.value) {
      const seeded = seededById(pool.id);
      expect(pool.deviceStates).toEqual([]);
      expect(pool['deviceStates@odata.count']).toBe(seeded.deviceStates.length);
      expect(pool.assignments).toEqual([]);
      expect(pool['assignments@odata.count']).toBe(seeded.assignments.length);
    }
  });

  it('expands on one pool, by either URL syntax, and with $select on the pool', async () => {
    const seeded = pools[4];
    for (const url of [`${POOLS}/${seeded.id}`, `${POOLS}('${seeded.id}')`]) {
      const { body } = await t.http
        .get(`${url}?$select=displayName&$expand=${q('assignments($count=true),deviceStates($top=5)')}`)
        .expect(200);
      expect(body.id).toBe(seeded.id);
      expect(body.displayName).toBe('Expand pool 4');
      expect(body).not.toHaveProperty('createdDateTime');
      expect(ids(body.assignments)).toEqual(ids([...seeded.assignments].sort(byKey)));
      expect(body['assignments@odata.count']).toBe(seeded.assignments.length);
      expect(ids(body.deviceStates)).toEqual(ids([...seeded.deviceStates].sort(byKey).slice(0, 5)));
    }
  });

  it('pages the pools and expands each page, keeping the expansion in the next link', async () => {
    const first = await t.http.get(`${POOLS}?$top=5&$expand=assignments($count=true)`).set('Prefer', 'odata.maxpagesize=3').expect(200);
    expect(first.body.value).toHaveLength(3);
    const next = new URL(first.body['@odata.nextLink']);
    const second = await t.http.get(`${next.pathname}${next.search}`).expect(200);
    expect(second.body.value).toHaveLength(2);
    for (const pool of [...first.body.value, ...second.body.value]) {
      expect(pool['assignments@odata.count']).toBe(seededById(pool.id).assignments.length);
      expect(ids(pool.assignments)).toEqual(ids([...seededById(pool.id).assignments].sort(byKey)));
    }
  });

  it.each([
    ['$expand=assignments,deviceStates', '(assignments(),deviceStates())'],
    ['$select=displayName&$expand=deviceStates($select=state,deviceName)', '(displayName,id,deviceStates(state,deviceName,id))'],
  ])('names the expansions in the context URL of %s', async (query, projection) => {
    const list = await t.http.get(`${POOLS}?${q(query)}`).expect(200);
    expect(list.body['@odata.context']).toMatch(
      new RegExp(`/\\$metadata#deviceManagement/embeddedSIMActivationCodePools${escapeRegExp(projection)}$`),
    );
    const single = await t.http.get(`${POOLS}/${pools[3].id}?${q(query)}`).expect(200);
    expect(single.body['@odata.context']).toMatch(new RegExp(`embeddedSIMActivationCodePools${escapeRegExp(projection)}/\\$entity$`));
  });

  it('gives expanded children their own type, ids and links under full metadata', async () => {
    const seeded = pools[3];
    const { body } = await t.http
      .get(`${POOLS}/${seeded.id}?$expand=assignments,deviceStates`)
      .set('Accept', 'application/json;odata.metadata=full')
      .expect(200);
    for (const assignment of body.assignments) {
      expect(assignment['@odata.type']).toBe(ASSIGNMENT_TYPE);
      expect(assignment['@odata.id']).toMatch(
        new RegExp(`/embeddedSIMActivationCodePools\\('${seeded.id}'\\)/assignments\\('${assignment.id}'\\)$`),
      );
    }
    for (const state of body.deviceStates) {
      expect(state['@odata.type']).toBe(DEVICE_STATE_TYPE);
      expect(state['@odata.id']).toMatch(
        new RegExp(`/embeddedSIMActivationCodePools\\('${seeded.id}'\\)/deviceStates\\('${state.id}'\\)$`),
      );
    }
  });

  it("never shows another tenant's children, nor its pool", async () => {
    const { text } = await t.http.get(`${POOLS}?$expand=assignments,deviceStates`).expect(200);
    expect(text).not.toContain(otherTenantPool.id);
    for (const child of [...otherTenantPool.assignments, ...otherTenantPool.deviceStates]) expect(text).not.toContain(child.id);
    await t.http.get(`${POOLS}/${otherTenantPool.id}?$expand=assignments`).expect(404);
  });

  it('never lets an activation code out through an expanded response', async () => {
    for (const accept of ['application/json', 'application/json;odata.metadata=full']) {
      const { text } = await t.http.get(`${POOLS}?$expand=assignments,deviceStates`).set('Accept', accept).expect(200);
      expect(text).not.toMatch(/activationCodes|matchingIdentifier|smdpPlusServerAddress/);
      for (const pool of pools) for (const mid of pool.matchingIdentifiers) expect(text).not.toContain(mid);
    }
  });

  it.each(['$top=2&', ''])('reads %sa page of pools and all its expansions in one statement per collection', async (top) => {
    const { result, statements } = await selectsDuring(t, () =>
      t.http.get(`${POOLS}?${top}$expand=assignments,deviceStates($count=true)`).expect(200),
    );
    expect(result.body.value).toHaveLength(top === '' ? pools.length : 2);
    expect(statements).toHaveLength(3);
  });

  it.each([
    ['$expand=activationCodes', /activationCodes.*write-only/],
    ['$expand=displayName', /not a navigation property/],
    ['$expand=nothingHere', /nothingHere/],
    ["$expand=deviceStates($filter=state eq 'lost')", /lost/],
    ['$expand=deviceStates($orderby=secret)', /secret/],
    ['$expand=assignments($expand=target)', /target/],
    ['$expand=deviceStates($top=-1)', /\$top/],
    ['$expand=assignments,assignments', /assignments/],
  ])('refuses %s with a 400 that names the problem', async (query, message) => {
    expectGraphError(await t.http.get(`${POOLS}?${q(query)}`), 400, 'invalidRequest', message);
  });

  it('expands nothing for an empty page', async () => {
    const { body } = await t.http.get(`${POOLS}?$filter=${q("displayName eq 'no such pool'")}&$expand=assignments`).expect(200);
    expect(body.value).toEqual([]);
  });
});

describe('$expand caps', () => {
  const t = useTestApp({ MAX_PAGE_SIZE: '4' });

  it('returns at most the service page size of children per parent, with the full count beside them', async () => {
    const seeded = await seedPool(t.http, 'Capped pool', 0, 7);
    const { body } = await t.http.get(`${POOLS}/${seeded.id}?$expand=${q('deviceStates($count=true)')}`).expect(200);
    expect(ids(body.deviceStates)).toEqual(ids([...seeded.deviceStates].sort(byKey).slice(0, 4)));
    expect(body['deviceStates@odata.count']).toBe(7);
  });

  it('does not cap children by the page size the client prefers for the pools', async () => {
    const seeded = await seedPool(t.http, 'Preferring pool', 0, 3);
    const { body } = await t.http.get(`${POOLS}/${seeded.id}?$expand=deviceStates`).set('Prefer', 'odata.maxpagesize=1').expect(200);
    expect(body.deviceStates).toHaveLength(3);
  });
});

describe('$expand on a page of 50 pools', () => {
  const t = useTestApp();

  it('costs 3 SQL statements for both navigations, each pool with its own children', async () => {
    const seeded: SeededPool[] = [];
    for (let index = 0; index < 50; index++) seeded.push(await seedPool(t.http, `Page pool ${index}`, 1 + (index % 3), index % 4));
    const { result, statements } = await selectsDuring(t, () =>
      t.http.get(`${POOLS}?$top=50&$expand=${q("assignments,deviceStates($filter=state ne 'failed';$count=true)")}`).expect(200),
    );
    expect(statements).toHaveLength(3);
    expect(result.body.value).toHaveLength(50);
    for (const pool of result.body.value) {
      const own = seeded.find((candidate) => candidate.id === pool.id)!;
      expect(ids(pool.assignments)).toEqual(ids([...own.assignments].sort(byKey)));
      const notFailed = [...own.deviceStates].sort(byKey).filter((state) => state.state !== 'failed');
      expect(ids(pool.deviceStates)).toEqual(ids(notFailed));
      expect(pool['deviceStates@odata.count']).toBe(notFailed.length);
    }
  });
});
