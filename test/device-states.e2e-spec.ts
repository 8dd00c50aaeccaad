import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { DeviceStateEntity } from '../src/esim/device-states/entities/device-state.entity';
import {
  DEVICE_STATE_TYPE,
  DEVICE_STATE_VALUES,
  DeviceState,
  deviceStateBody,
  deviceStateKeyUrl,
  deviceStatesUrl,
  deviceStateUrl,
  followNextLinks,
  SeededDeviceState,
  UTC_WITH_MILLISECONDS,
  variedDeviceStates,
} from './support/device-state-fixtures';
import { activationCodes, iccid, poolBody } from './support/fixtures';
import { expectGraphError, GUID } from './support/graph-assertions';
import { POOLS, TENANT_B, useTestApp } from './support/test-app';

const NEVER_CREATED = '6f1c7a52-8d1e-4c3b-9a6f-2b0d9e4c8a11';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ids = (items: { id: string }[]) => items.map((item) => item.id);
const sortedIds = (items: { id: string }[]) => ids(items).sort();
const byKey = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** OData: in ascending order null comes first; in descending order it comes last. */
const byLastSync = (a: SeededDeviceState, b: SeededDeviceState) => {
  if (a.lastSyncDateTime === b.lastSyncDateTime) return 0;
  if (a.lastSyncDateTime === null) return -1;
  if (b.lastSyncDateTime === null) return 1;
  return a.lastSyncDateTime < b.lastSyncDateTime ? -1 : 1;
};
/** Enumerations order by their members' values, not by their names. */
const byStateValue = (a: SeededDeviceState, b: SeededDeviceState) =>
  DEVICE_STATE_VALUES.indexOf(a.state) - DEVICE_STATE_VALUES.indexOf(b.state);

/** The orderings the service must reproduce, each followed by the key ascending to break ties. */
const ORDERINGS: [string, (a: SeededDeviceState, b: SeededDeviceState) => number][] = [
  ['lastSyncDateTime desc', (a, b) => byLastSync(b, a)],
  ['lastSyncDateTime', byLastSync],
  ['state', byStateValue],
  ['state desc', (a, b) => byStateValue(b, a)],
];

const ordered = (items: SeededDeviceState[], compare: (a: SeededDeviceState, b: SeededDeviceState) => number) =>
  [...items].sort((a, b) => compare(a, b) || byKey(a, b));

/** Creates the device states of `variedDeviceStates` in a pool and returns the oracle of them. */
async function seedDeviceStates(http: TestAgent, poolId: string, firstSerial: number, count: number): Promise<SeededDeviceState[]> {
  const seeded: SeededDeviceState[] = [];
  for (const { written, expected } of variedDeviceStates(firstSerial, count)) {
    const { body } = await http.post(deviceStatesUrl(poolId)).send(written).expect(201);
    seeded.push({ ...expected, id: body.id });
  }
  return seeded;
}

/** Spec §1–§3, §5: embeddedSIMDeviceState, contained in a pool, with full CRUD and the query options. */
describe('device states of a pool over HTTP', () => {
  const t = useTestApp();
  let poolId: string;

  beforeAll(async () => {
    ({
      body: { id: poolId },
    } = await t.http
      .post(POOLS)
      .send(poolBody('Device states', activationCodes(2)))
      .expect(201));
  });

  async function createPool(displayName: string): Promise<string> {
    const { body } = await t.http.post(POOLS).send(poolBody(displayName, [])).expect(201);
    return body.id;
  }

  async function createState(body: Record<string, unknown>, pool = poolId): Promise<DeviceState> {
    const { body: created } = await t.http.post(deviceStatesUrl(pool)).send(body).expect(201);
    return created;
  }

  /** The entity at `url` without its context URL, whose host and port vary from request to request here. */
  async function readEntity(url: string): Promise<Record<string, unknown>> {
    const { body } = await t.http.get(url).expect(200);
    delete body['@odata.context'];
    return body;
  }

  async function storedStates(pool: string): Promise<number> {
    return t.dataSource.getRepository(DeviceStateEntity).countBy({ poolId: pool });
  }

  describe('create', () => {
    it('answers 201 with the entity, its contained $entity context and a Location header', async () => {
      const startedAt = new Date(Date.now() - 1_000).toISOString();
      const response = await t.http
        .post(deviceStatesUrl(poolId))
        .send(deviceStateBody(700_001, { lastSyncDateTime: '2026-11-28T17:42:51+02:00', stateDetails: 'Installed on first attempt' }))
        .expect(201);
      const state = response.body;
      expect(state).toMatchObject({
        '@odata.type': DEVICE_STATE_TYPE,
        state: 'installed',
        lastSyncDateTime: '2026-11-28T15:42:51.000Z',
        universalIntegratedCircuitCardIdentifier: iccid(700_001),
        deviceName: 'CONTOSO-LT-700001',
        userName: 'adele.vance@contoso.com',
        stateDetails: 'Installed on first attempt',
      });
      expect(state.id).toMatch(GUID);
      expect(state.createdDateTime).toMatch(UTC_WITH_MILLISECONDS);
      expect(state.modifiedDateTime).toMatch(UTC_WITH_MILLISECONDS);
      expect(state.createdDateTime >= startedAt).toBe(true);
      expect(state['@odata.context']).toMatch(
        new RegExp(`/beta/\\$metadata#deviceManagement/embeddedSIMActivationCodePools\\('${poolId}'\\)/deviceStates/\\$entity$`),
      );
      expect(response.headers.location).toMatch(
        new RegExp(
          `^https?://[^/]+/beta/deviceManagement/embeddedSIMActivationCodePools\\('${poolId}'\\)/deviceStates\\('${state.id}'\\)$`,
        ),
      );
    });

    it('answers with a Location that leads to the same device state', async () => {
      const response = await t.http.post(deviceStatesUrl(poolId)).send(deviceStateBody(700_002)).expect(201);
      const location: string = response.headers.location;
      const { body } = await t.http.get(location.slice(location.indexOf('/beta/'))).expect(200);
      expect(body).toMatchObject({
        id: response.body.id,
        state: 'installed',
        deviceName: 'CONTOSO-LT-700002',
        createdDateTime: response.body.createdDateTime,
      });
    });

    it('reads the properties left out on create back as null', async () => {
      const nulls = {
        lastSyncDateTime: null,
        universalIntegratedCircuitCardIdentifier: null,
        deviceName: null,
        userName: null,
        stateDetails: null,
      };
      const created = await createState({ state: 'notEvaluated' });
      expect(created).toMatchObject({ '@odata.type': DEVICE_STATE_TYPE, state: 'notEvaluated', ...nulls });
      const { body } = await t.http.get(deviceStateUrl(poolId, created.id)).expect(200);
      expect(body).toMatchObject({ '@odata.type': DEVICE_STATE_TYPE, id: created.id, state: 'notEvaluated', ...nulls });
    });

    it.each([
      ['2026-11-28T17:42:51+02:00', '2026-11-28T15:42:51.000Z'],
      ['2026-11-28T15:42:51Z', '2026-11-28T15:42:51.000Z'],
      ['2026-11-28T15:42:51.123Z', '2026-11-28T15:42:51.123Z'],
      ['2026-11-28T10:12:51.5-05:30', '2026-11-28T15:42:51.500Z'],
      ['2026-11-29T00:42:51.123+09:00', '2026-11-28T15:42:51.123Z'],
      ['2026-11-28T15:42+00:00', '2026-11-28T15:42:00.000Z'],
    ])('reads lastSyncDateTime %s back as %s', async (written, read) => {
      const created = await createState({ state: 'installed', lastSyncDateTime: written });
      expect(created.lastSyncDateTime).toBe(read);
      const { body } = await t.http.get(deviceStateUrl(poolId, created.id)).expect(200);
      expect(body.lastSyncDateTime).toBe(read);
    });

    it('ignores the read-only id, createdDateTime and modifiedDateTime a client sends', async () => {
      const created = await createState({
        ...deviceStateBody(700_003),
        id: 'client-chosen-id',
        createdDateTime: '2001-01-01T00:00:00Z',
        modifiedDateTime: '2001-01-01T00:00:00Z',
      });
      expect(created.id).toMatch(GUID);
      expect(created.createdDateTime.startsWith('2001')).toBe(false);
      expect(created.modifiedDateTime.startsWith('2001')).toBe(false);
      await t.http.get(deviceStateUrl(poolId, created.id)).expect(200);
    });

    it.each(DEVICE_STATE_VALUES)('accepts the state %s by name and serializes it as the name', async (state) => {
      const created = await createState({ state });
      expect(created.state).toBe(state);
      const { body } = await t.http.get(deviceStateUrl(poolId, created.id)).expect(200);
      expect(body.state).toBe(state);
    });

    it.each([
      ['19 digits', iccid(700_004)],
      ['20 digits', '89445000000070000512'],
    ])('accepts an ICCID of %s', async (_, value) => {
      const created = await createState({ state: 'installing', universalIntegratedCircuitCardIdentifier: value });
      expect(created.universalIntegratedCircuitCardIdentifier).toBe(value);
    });

    it('accepts deviceName, userName and stateDetails at their maximum lengths', async () => {
      const longest = { deviceName: 'd'.repeat(256), userName: 'u'.repeat(320), stateDetails: 's'.repeat(2048) };
      const created = await createState({ state: 'error', ...longest });
      expect(created).toMatchObject(longest);
    });
  });

  /** Bodies refused on create and on update alike, with a 400 naming the property (spec §2). */
  const REFUSED_BODIES: [string, Record<string, unknown>, RegExp][] = [
    ['an unknown state name', { state: 'broken' }, /'state'/],
    ['a number for state', { state: 3 }, /'state'/],
    ['null for state', { state: null }, /'state'/],
    ["lastSyncDateTime 'yesterday'", { state: 'installed', lastSyncDateTime: 'yesterday' }, /'lastSyncDateTime'/],
    ['lastSyncDateTime without an offset', { state: 'installed', lastSyncDateTime: '2026-11-28T15:42:51' }, /'lastSyncDateTime'/],
    ['lastSyncDateTime as a date only', { state: 'installed', lastSyncDateTime: '2026-11-28' }, /'lastSyncDateTime'/],
    ['lastSyncDateTime as epoch milliseconds', { state: 'installed', lastSyncDateTime: 1_764_344_571_000 }, /'lastSyncDateTime'/],
    [
      'a 21-digit ICCID',
      { state: 'installed', universalIntegratedCircuitCardIdentifier: '894450000000700006123' },
      /'universalIntegratedCircuitCardIdentifier'/,
    ],
    [
      'an 18-digit ICCID',
      { state: 'installed', universalIntegratedCircuitCardIdentifier: '894450000000700006' },
      /'universalIntegratedCircuitCardIdentifier'/,
    ],
    [
      'an ICCID with letters',
      { state: 'installed', universalIntegratedCircuitCardIdentifier: '89445000000070000AB' },
      /'universalIntegratedCircuitCardIdentifier'/,
    ],
    [
      'an ICCID as a JSON number',
      { state: 'installed', universalIntegratedCircuitCardIdentifier: 8944500000007000060 },
      /'universalIntegratedCircuitCardIdentifier'/,
    ],
    ['a 257-character deviceName', { state: 'installed', deviceName: 'd'.repeat(257) }, /'deviceName'/],
    ['a numeric deviceName', { state: 'installed', deviceName: 42 }, /'deviceName'/],
    ['a 321-character userName', { state: 'installed', userName: 'u'.repeat(321) }, /'userName'/],
    ['a 2049-character stateDetails', { state: 'installed', stateDetails: 's'.repeat(2049) }, /'stateDetails'/],
    ['an unknown property', { state: 'installed', colour: 'red' }, /'colour'[\s\S]*microsoft\.graph\.embeddedSIMDeviceState/],
    ['a property in the wrong case', { state: 'installed', DeviceName: 'CONTOSO-LT-1' }, /'DeviceName'/],
    ['a wrong @odata.type', { '@odata.type': '#microsoft.graph.embeddedSIMActivationCodePool', state: 'installed' }, /'@odata\.type'/],
  ];

  describe('refused bodies', () => {
    let target: DeviceState;

    beforeAll(async () => {
      target = await createState(deviceStateBody(700_010, { state: 'installing' }));
    });

    it.each(REFUSED_BODIES)('refuses a create with %s: 400 naming the property, nothing stored', async (_, body, message) => {
      const before = await storedStates(poolId);
      expectGraphError(await t.http.post(deviceStatesUrl(poolId)).send(body), 400, 'invalidRequest', message);
      expect(await storedStates(poolId)).toBe(before);
    });

    it('refuses a create without state: 400 naming the property, nothing stored', async () => {
      const before = await storedStates(poolId);
      const withoutState = deviceStateBody(700_011);
      delete withoutState.state;
      expectGraphError(await t.http.post(deviceStatesUrl(poolId)).send(withoutState), 400, 'invalidRequest', /'state'/);
      expect(await storedStates(poolId)).toBe(before);
    });

    it.each(REFUSED_BODIES)('refuses an update with %s: 400 naming the property, the device state unchanged', async (_, body, message) => {
      const before = await readEntity(deviceStateUrl(poolId, target.id));
      expectGraphError(await t.http.patch(deviceStateUrl(poolId, target.id)).send(body), 400, 'invalidRequest', message);
      expect(await readEntity(deviceStateUrl(poolId, target.id))).toEqual(before);
    });
  });

  describe('read, update and delete', () => {
    it.each([
      ['/{poolId}/deviceStates/{id}', deviceStateUrl],
      ["('{poolId}')/deviceStates('{id}')", deviceStateKeyUrl],
      ["/{poolId}/deviceStates('{id}')", (pool: string, id: string) => `${POOLS}/${pool}/deviceStates('${id}')`],
      ["('{poolId}')/deviceStates/{id}", (pool: string, id: string) => `${POOLS}('${pool}')/deviceStates/${id}`],
    ])('GET %s returns the device state at the top level with its $entity context', async (_, url) => {
      const created = await createState(deviceStateBody(700_020, { lastSyncDateTime: '2026-11-28T15:42:51.250Z' }));
      const { body } = await t.http.get(url(poolId, created.id)).expect(200);
      expect(body['@odata.context']).toMatch(
        new RegExp(`/\\$metadata#deviceManagement/embeddedSIMActivationCodePools\\('${poolId}'\\)/deviceStates/\\$entity$`),
      );
      expect(body).toMatchObject({
        '@odata.type': DEVICE_STATE_TYPE,
        id: created.id,
        createdDateTime: created.createdDateTime,
        modifiedDateTime: created.modifiedDateTime,
        lastSyncDateTime: '2026-11-28T15:42:51.250Z',
        universalIntegratedCircuitCardIdentifier: iccid(700_020),
        deviceName: 'CONTOSO-LT-700020',
        userName: 'adele.vance@contoso.com',
        stateDetails: null,
        state: 'installed',
      });
      expect(body).not.toHaveProperty('value');
    });

    it('PATCH answers 204 with no body, changes only what it names, and moves modifiedDateTime', async () => {
      const created = await createState(deviceStateBody(700_021, { state: 'installing' }));
      await pause(5);
      const response = await t.http
        .patch(deviceStateUrl(poolId, created.id))
        .send({ state: 'failed', stateDetails: 'Profile download timed out', lastSyncDateTime: '2026-12-01T08:00:00-05:00' })
        .expect(204);
      expect(response.text).toBe('');
      const { body } = await t.http.get(deviceStateUrl(poolId, created.id)).expect(200);
      expect(body).toMatchObject({
        id: created.id,
        state: 'failed',
        stateDetails: 'Profile download timed out',
        lastSyncDateTime: '2026-12-01T13:00:00.000Z',
        deviceName: created.deviceName,
        userName: created.userName,
        universalIntegratedCircuitCardIdentifier: created.universalIntegratedCircuitCardIdentifier,
        createdDateTime: created.createdDateTime,
      });
      expect(body.modifiedDateTime).toMatch(UTC_WITH_MILLISECONDS);
      expect(body.modifiedDateTime > created.modifiedDateTime).toBe(true);
    });

    it('PATCH by key syntax with Prefer: return=representation answers 200 with the entity', async () => {
      const created = await createState(deviceStateBody(700_022, { state: 'deleting' }));
      const response = await t.http
        .patch(deviceStateKeyUrl(poolId, created.id))
        .set('Prefer', 'return=representation')
        .send({ state: 'deleted' })
        .expect(200);
      expect(response.headers['preference-applied']).toBe('return=representation');
      expect(response.body).toMatchObject({
        '@odata.type': DEVICE_STATE_TYPE,
        id: created.id,
        state: 'deleted',
        deviceName: created.deviceName,
      });
      expect(response.body['@odata.context']).toMatch(/\/deviceStates\/\$entity$/);
    });

    it('PATCH sets nullable properties to null', async () => {
      const created = await createState(deviceStateBody(700_023, { stateDetails: 'Installed' }));
      await t.http
        .patch(deviceStateUrl(poolId, created.id))
        .send({
          deviceName: null,
          userName: null,
          stateDetails: null,
          lastSyncDateTime: null,
          universalIntegratedCircuitCardIdentifier: null,
        })
        .expect(204);
      const { body } = await t.http.get(deviceStateUrl(poolId, created.id)).expect(200);
      expect(body).toMatchObject({
        state: 'installed',
        deviceName: null,
        userName: null,
        stateDetails: null,
        lastSyncDateTime: null,
        universalIntegratedCircuitCardIdentifier: null,
      });
    });

    it('PATCH ignores the read-only properties a client echoes back', async () => {
      const created = await createState(deviceStateBody(700_024));
      await t.http
        .patch(deviceStateUrl(poolId, created.id))
        .send({ id: 'client-chosen-id', createdDateTime: '2001-01-01T00:00:00Z', modifiedDateTime: '2001-01-01T00:00:00Z', state: 'error' })
        .expect(204);
      const { body } = await t.http.get(deviceStateUrl(poolId, created.id)).expect(200);
      expect(body).toMatchObject({ id: created.id, createdDateTime: created.createdDateTime, state: 'error' });
      expect(body.modifiedDateTime.startsWith('2001')).toBe(false);
    });

    it.each([
      ['/{poolId}/deviceStates/{id}', deviceStateUrl],
      ["('{poolId}')/deviceStates('{id}')", deviceStateKeyUrl],
    ])('DELETE %s answers 204, after which the device state is gone and its siblings and pool remain', async (_, url) => {
      const doomed = await createState(deviceStateBody(700_025));
      const sibling = await createState(deviceStateBody(700_026));
      const response = await t.http.delete(url(poolId, doomed.id)).expect(204);
      expect(response.text).toBe('');
      expectGraphError(await t.http.get(deviceStateUrl(poolId, doomed.id)), 404, 'itemNotFound');
      expectGraphError(await t.http.delete(url(poolId, doomed.id)), 404, 'itemNotFound');
      await t.http.get(deviceStateUrl(poolId, sibling.id)).expect(200);
      await t.http.get(`${POOLS}/${poolId}`).expect(200);
    });
  });

  describe('addressing: unknown pools, other pools, other tenants', () => {
    let tenantB: TestAgent;
    let ownState: DeviceState;
    let otherPoolId: string;
    let poolOfB: string;

    beforeAll(async () => {
      tenantB = await t.as({ tenantId: TENANT_B });
      ownState = await createState(deviceStateBody(700_030, { state: 'installing' }));
      otherPoolId = await createPool('Sibling pool');
      ({
        body: { id: poolOfB },
      } = await tenantB.post(POOLS).send(poolBody('Pool of B', [])).expect(201));
    });

    /** Every operation on the device states of `pool`, `id` addressing one of them. */
    const OPERATIONS: [string, (client: TestAgent, pool: string, id: string) => request.Test][] = [
      ['GET the list', (client, pool) => client.get(deviceStatesUrl(pool))],
      ['GET /$count', (client, pool) => client.get(`${deviceStatesUrl(pool)}/$count`)],
      ['POST a device state', (client, pool) => client.post(deviceStatesUrl(pool)).send({ state: 'installing' })],
      ['GET one', (client, pool, id) => client.get(deviceStateUrl(pool, id))],
      ['GET one by key syntax', (client, pool, id) => client.get(deviceStateKeyUrl(pool, id))],
      ['PATCH one', (client, pool, id) => client.patch(deviceStateUrl(pool, id)).send({ state: 'removedByUser' })],
      ['PATCH one by key syntax', (client, pool, id) => client.patch(deviceStateKeyUrl(pool, id)).send({ state: 'removedByUser' })],
      ['DELETE one', (client, pool, id) => client.delete(deviceStateUrl(pool, id))],
      ['DELETE one by key syntax', (client, pool, id) => client.delete(deviceStateKeyUrl(pool, id))],
    ];
    const SINGLE_ENTITY_OPERATIONS = OPERATIONS.slice(3);

    /** The device state of TENANT_A is exactly as it was created. */
    async function expectOwnStateUntouched() {
      const { body } = await t.http.get(deviceStateUrl(poolId, ownState.id)).expect(200);
      expect(body).toMatchObject({ state: 'installing', modifiedDateTime: ownState.modifiedDateTime });
    }

    it.each(OPERATIONS)('%s under a pool that does not exist answers 404', async (_, operation) => {
      expectGraphError(await operation(t.http, NEVER_CREATED, ownState.id), 404, 'itemNotFound');
    });

    it.each(SINGLE_ENTITY_OPERATIONS)('%s with the id of a device state of another pool answers 404', async (_, operation) => {
      const before = await storedStates(otherPoolId);
      expectGraphError(await operation(t.http, otherPoolId, ownState.id), 404, 'itemNotFound');
      expect(await storedStates(otherPoolId)).toBe(before);
      await expectOwnStateUntouched();
    });

    it.each(OPERATIONS)("%s by another tenant on the tenant's pool answers 404 and changes nothing", async (_, operation) => {
      const before = await storedStates(poolId);
      expectGraphError(await operation(tenantB, poolId, ownState.id), 404, 'itemNotFound');
      expect(await storedStates(poolId)).toBe(before);
      await expectOwnStateUntouched();
    });

    it.each(SINGLE_ENTITY_OPERATIONS)(
      "%s by another tenant under its own pool with the tenant's device state id answers 404",
      async (_, operation) => {
        expectGraphError(await operation(tenantB, poolOfB, ownState.id), 404, 'itemNotFound');
        await expectOwnStateUntouched();
      },
    );

    it("does not list or count a tenant's device states to another tenant", async () => {
      const { body } = await tenantB.get(deviceStatesUrl(poolOfB)).expect(200);
      expect(body.value).toEqual([]);
      expect((await tenantB.get(`${deviceStatesUrl(poolOfB)}/$count`).expect(200)).text).toBe('0');
    });

    it('answers 400 for a malformed device state id', async () => {
      expectGraphError(await t.http.get(deviceStateUrl(poolId, 'not-a-guid')), 400, 'invalidRequest');
    });
  });

  describe('query options on the list (results checked against an in-memory oracle)', () => {
    let queryPoolId: string;
    let decoyPoolId: string;
    let seeded: SeededDeviceState[];
    const list = (query: string) => `${deviceStatesUrl(queryPoolId)}?${query}`;

    beforeAll(async () => {
      queryPoolId = await createPool('Queried device states');
      decoyPoolId = await createPool('Decoy device states');
      seeded = await seedDeviceStates(t.http, queryPoolId, 710_000, 40);
      // The same kinds of device states in another pool of the tenant: no query may return them.
      await seedDeviceStates(t.http, decoyPoolId, 720_000, 10);
    });

    it("lists the pool's device states, and only those, under the contained collection context", async () => {
      const { body } = await t.http.get(deviceStatesUrl(queryPoolId)).expect(200);
      expect(body['@odata.context']).toMatch(
        new RegExp(`/beta/\\$metadata#deviceManagement/embeddedSIMActivationCodePools\\('${queryPoolId}'\\)/deviceStates$`),
      );
      expect(sortedIds(body.value)).toEqual(sortedIds(seeded));
      const oracle = new Map(seeded.map((state) => [state.id, state]));
      for (const item of body.value) {
        const { id, ...expected } = oracle.get(item.id) as SeededDeviceState;
        expect(item).toMatchObject({ '@odata.type': DEVICE_STATE_TYPE, id, ...expected });
      }
    });

    it('lists in key order by default, and $top and $skip take slices of that order', async () => {
      const inKeyOrder = ids([...seeded].sort(byKey));
      expect(ids((await t.http.get(deviceStatesUrl(queryPoolId)).expect(200)).body.value)).toEqual(inKeyOrder);
      const { body } = await t.http.get(list('$top=5&$skip=5')).expect(200);
      expect(ids(body.value)).toEqual(inKeyOrder.slice(5, 10));
      expect(body['@odata.nextLink']).toBeUndefined();
      expect(ids((await t.http.get(list('$skip=37')).expect(200)).body.value)).toEqual(inKeyOrder.slice(37));
      expect((await t.http.get(list('$top=0')).expect(200)).body.value).toEqual([]);
    });

    it.each<[string, (state: SeededDeviceState) => boolean]>([
      ["state eq 'failed'", (s) => s.state === 'failed'],
      ["state eq microsoft.graph.embeddedSIMDeviceStateValue'failed'", (s) => s.state === 'failed'],
      ["state in ('failed','error')", (s) => s.state === 'failed' || s.state === 'error'],
      ["state ne 'installed'", (s) => s.state !== 'installed'],
    ])('$filter=%s', async (filter, predicate) => {
      const expected = seeded.filter(predicate);
      expect(expected.length).toBeGreaterThan(0);
      const { items } = await followNextLinks(t.http, list(`$filter=${encodeURIComponent(filter)}`));
      expect(sortedIds(items)).toEqual(sortedIds(expected));
    });

    it("refuses $filter=state eq 'nothing' with a 400 naming the member", async () => {
      const response = await t.http.get(list(`$filter=${encodeURIComponent("state eq 'nothing'")}`));
      expectGraphError(response, 400, 'invalidRequest', /nothing/);
    });

    it.each(['gt', 'ge', 'lt', 'le'])(
      "refuses $filter=state %s 'failed' with a 400: enumerations compare with eq, ne and in only",
      async (op) => {
        const response = await t.http.get(list(`$filter=${encodeURIComponent(`state ${op} 'failed'`)}`));
        // The message names the operator, or the operators enumerations do allow.
        expectGraphError(response, 400, 'invalidRequest', new RegExp(`\\b${op}\\b|\\beq\\b[\\s\\S]*\\bne\\b`));
      },
    );

    it.each(ORDERINGS)('$orderby=%s, the key breaking ties ascending', async (orderby, compare) => {
      const expected = ordered(seeded, compare);
      // The seed has ties on every ordering, so the tie-breaker matters.
      expect(expected.some((state, i) => i > 0 && compare(expected[i - 1], state) === 0)).toBe(true);
      const { items } = await followNextLinks(t.http, list(`$orderby=${encodeURIComponent(orderby)}`));
      expect(ids(items)).toEqual(ids(expected));
    });

    it.each(['contoso', 'CONTOSO', 'fabrikam'])('$search=%s matches deviceName or userName case-insensitively', async (term) => {
      const matches = (value: string | null) => value !== null && value.toLowerCase().includes(term.toLowerCase());
      const expected = seeded.filter((s) => matches(s.deviceName) || matches(s.userName));
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(seeded.length);
      const { items } = await followNextLinks(t.http, list(`$search=${encodeURIComponent(term)}`));
      expect(sortedIds(items)).toEqual(sortedIds(expected));
    });

    it('$select=deviceName,state returns only the type, the key and those two, with the selection in the context', async () => {
      const { body } = await t.http.get(list('$select=deviceName,state')).expect(200);
      expect(body['@odata.context']).toMatch(/\/deviceStates\([^()]*\)$/);
      expect(sortedIds(body.value)).toEqual(sortedIds(seeded));
      const oracle = new Map(seeded.map((state) => [state.id, state]));
      for (const item of body.value) {
        expect(Object.keys(item).sort()).toEqual(['@odata.etag', '@odata.type', 'deviceName', 'id', 'state']);
        const expected = oracle.get(item.id) as SeededDeviceState;
        expect(item).toEqual({
          '@odata.type': DEVICE_STATE_TYPE,
          '@odata.etag': expect.stringMatching(/^W\/"\d+"$/),
          id: expected.id,
          deviceName: expected.deviceName,
          state: expected.state,
        });
      }
    });

    it('$count=true counts every match, ignoring $top', async () => {
      const filter = encodeURIComponent("state in ('failed','error')");
      const { body } = await t.http.get(list(`$filter=${filter}&$count=true&$top=2`)).expect(200);
      expect(body['@odata.count']).toBe(seeded.filter((s) => s.state === 'failed' || s.state === 'error').length);
      expect(body.value).toHaveLength(2);
    });

    it('/deviceStates/$count answers a bare number as text/plain, after $filter', async () => {
      const all = await t.http.get(`${deviceStatesUrl(queryPoolId)}/$count`).expect(200);
      expect(all.headers['content-type']).toMatch(/^text\/plain/);
      expect(all.text).toBe(String(seeded.length));
      const filtered = await t.http
        .get(`${deviceStatesUrl(queryPoolId)}/$count?$filter=${encodeURIComponent("state eq 'failed'")}`)
        .expect(200);
      expect(filtered.text).toBe(String(seeded.filter((s) => s.state === 'failed').length));
    });
  });

  describe('deleting a pool', () => {
    it("deletes its device states with it, and no other pool's", async () => {
      const doomedPoolId = await createPool('Doomed with its device states');
      const survivorPoolId = await createPool('Survivor');
      for (const serial of [700_040, 700_041, 700_042]) await createState(deviceStateBody(serial), doomedPoolId);
      await createState(deviceStateBody(700_043), survivorPoolId);
      expect(await storedStates(doomedPoolId)).toBe(3);

      await t.http.delete(`${POOLS}/${doomedPoolId}`).expect(204);

      expect(await storedStates(doomedPoolId)).toBe(0);
      expect(await storedStates(survivorPoolId)).toBe(1);
      expectGraphError(await t.http.get(deviceStatesUrl(doomedPoolId)), 404, 'itemNotFound');
    });
  });
});

/** Spec §5: server-driven paging by a keyset cursor, at most MAX_PAGE_SIZE items per page. */
describe('server-driven paging of device states (MAX_PAGE_SIZE=10)', () => {
  const t = useTestApp({ MAX_PAGE_SIZE: '10' });
  let poolId: string;
  let seeded: SeededDeviceState[];

  beforeAll(async () => {
    ({
      body: { id: poolId },
    } = await t.http.post(POOLS).send(poolBody('Paged device states', [])).expect(201));
    seeded = await seedDeviceStates(t.http, poolId, 730_000, 35);
    const { body: decoy } = await t.http.post(POOLS).send(poolBody('Decoy', [])).expect(201);
    await seedDeviceStates(t.http, decoy.id, 740_000, 12);
  });

  it('answers the first page with 10 items and an absolute nextLink to the same collection', async () => {
    const { body } = await t.http.get(`${deviceStatesUrl(poolId)}?$count=true`).expect(200);
    expect(body.value).toHaveLength(10);
    expect(body['@odata.count']).toBe(35);
    const next = new URL(body['@odata.nextLink']);
    expect(next.origin).toMatch(/^https?:\/\/[^/]+$/);
    expect(decodeURIComponent(next.pathname)).toMatch(new RegExp(`/embeddedSIMActivationCodePools(/|\\(')${poolId}('\\))?/deviceStates$`));
    expect(next.searchParams.get('$skiptoken')).toEqual(expect.any(String));
  });

  it.each<[string, string, (s: SeededDeviceState) => boolean, ((a: SeededDeviceState, b: SeededDeviceState) => number) | undefined]>([
    ['no options', '', () => true, undefined],
    ["$filter=state ne 'installed'", `$filter=${encodeURIComponent("state ne 'installed'")}`, (s) => s.state !== 'installed', undefined],
    ...ORDERINGS.map(([orderby, compare]): [string, string, (s: SeededDeviceState) => boolean, typeof compare] => [
      `$orderby=${orderby}`,
      `$orderby=${encodeURIComponent(orderby)}`,
      () => true,
      compare,
    ]),
  ])('following nextLinks with %s visits every device state exactly once, 10 at a time', async (_, query, predicate, compare) => {
    const expected = seeded.filter(predicate);
    const { items, pageSizes } = await followNextLinks(t.http, `${deviceStatesUrl(poolId)}?${query}`);
    expect(new Set(ids(items)).size).toBe(items.length);
    if (compare === undefined) expect(sortedIds(items)).toEqual(sortedIds(expected));
    else expect(ids(items)).toEqual(ids(ordered(expected, compare)));
    expect(pageSizes[0]).toBe(10);
    expect(Math.max(...pageSizes)).toBeLessThanOrEqual(10);
  });

  // Last in this block: it changes the pool the tests above read.
  it('visits every untouched device state exactly once while others are created and deleted between pages', async () => {
    const inKeyOrder = ids([...seeded].sort(byKey));
    const deleted = new Set([inKeyOrder[3], inKeyOrder[25]]);
    const created = new Set<string>();
    const visited: string[] = [];
    let url: string | undefined = deviceStatesUrl(poolId);
    for (let page = 0; url !== undefined && page < 20; page++) {
      const response = await t.http.get(url).expect(200);
      const body: { value: { id: string }[]; '@odata.nextLink'?: string } = response.body;
      visited.push(...ids(body.value));
      if (page === 0) {
        // One already visited, one not yet; and a new one.
        for (const id of deleted) await t.http.delete(deviceStateUrl(poolId, id)).expect(204);
        created.add((await t.http.post(deviceStatesUrl(poolId)).send({ state: 'installing' }).expect(201)).body.id);
      }
      const link: string | undefined = body['@odata.nextLink'];
      url = link === undefined ? undefined : link.slice(link.indexOf('/beta/'));
    }
    expect(new Set(visited).size).toBe(visited.length);
    const untouched = inKeyOrder.filter((id) => !deleted.has(id));
    expect(untouched.filter((id) => !visited.includes(id))).toEqual([]);
    expect(visited.filter((id) => !inKeyOrder.includes(id) && !created.has(id))).toEqual([]);
  });
});
