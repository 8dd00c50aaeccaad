import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { activationCodes, poolBody } from './support/fixtures';
import { expectGraphError } from './support/graph-assertions';
import { POOLS, useTestApp, TENANT_A, TENANT_B } from './support/test-app';

/**
 * Spec §7–§8: tenant B can do nothing with tenant A's data, and cannot even tell it exists: another
 * tenant's pool answers exactly like a pool that was never created.
 */
describe('tenant isolation', () => {
  const t = useTestApp();
  let tenantB: TestAgent;
  let poolOfA: { id: string; displayName: string; modifiedDateTime: string };
  const codesOfA = activationCodes(3);
  const NEVER_CREATED = '6f1c7a52-8d1e-4c3b-9a6f-2b0d9e4c8a11';

  beforeAll(async () => {
    tenantB = await t.as({ tenantId: TENANT_B });
    ({ body: poolOfA } = await t.http.post(POOLS).send(poolBody('Belongs to A', codesOfA)).expect(201));
  });

  /** B's answer about A's pool equals its answer about a pool that does not exist, id aside. */
  async function expectSameAsMissing(call: (client: TestAgent, id: string) => request.Test) {
    const aboutA = await call(tenantB, poolOfA.id);
    const aboutMissing = await call(tenantB, NEVER_CREATED);
    expectGraphError(aboutA, 404, 'itemNotFound');
    expect(aboutA.status).toBe(aboutMissing.status);
    expect(aboutA.body.error.code).toBe(aboutMissing.body.error.code);
    expect(aboutA.body.error.message.replace(poolOfA.id, '<id>')).toBe(aboutMissing.body.error.message.replace(NEVER_CREATED, '<id>'));
  }

  it("does not list A's pools to B", async () => {
    const { body } = await tenantB.get(POOLS).expect(200);
    expect(body.value).toEqual([]);
  });

  it("does not return A's pool to B, by either key syntax", async () => {
    await expectSameAsMissing((client, id) => client.get(`${POOLS}/${id}`));
    await expectSameAsMissing((client, id) => client.get(`${POOLS}('${id}')`));
  });

  it("does not let B patch A's pool", async () => {
    await expectSameAsMissing((client, id) => client.patch(`${POOLS}/${id}`).send({ displayName: 'Hijacked' }));
    await expectSameAsMissing((client, id) => client.patch(`${POOLS}/${id}`).send({ activationCodes: activationCodes(1) }));
  });

  it("does not let B delete A's pool", async () => {
    await expectSameAsMissing((client, id) => client.delete(`${POOLS}/${id}`));
  });

  it("leaves A's pool exactly as it was", async () => {
    const { body } = await t.http.get(`${POOLS}/${poolOfA.id}`).expect(200);
    expect(body).toMatchObject({ displayName: 'Belongs to A', activationCodeCount: 3, modifiedDateTime: poolOfA.modifiedDateTime });
  });

  it('lets B store the same ICCIDs as A, without learning that A has them (uniqueness is per tenant)', async () => {
    const { body } = await tenantB.post(POOLS).send(poolBody('B has the same ICCIDs', codesOfA)).expect(201);
    expect(body.activationCodeCount).toBe(3);
  });

  it('shows each tenant its own deviceManagement', async () => {
    expect((await t.http.get('/beta/deviceManagement').expect(200)).body.id).toBe(TENANT_A);
    expect((await tenantB.get('/beta/deviceManagement').expect(200)).body.id).toBe(TENANT_B);
  });

  it("cannot reach A's pools with a filter that tries to widen the scope", async () => {
    const widening = encodeURIComponent(`displayName eq 'Belongs to A' or id ne 'x' or true`);
    const { body } = await tenantB.get(`${POOLS}?$filter=${widening}&$count=true`).expect(200);
    const { body: ownPools } = await tenantB.get(POOLS).expect(200);
    expect(body.value.map((pool: { id: string }) => pool.id)).not.toContain(poolOfA.id);
    expect(body.value).toEqual(ownPools.value);
    expect(body['@odata.count']).toBe(ownPools.value.length);
  });

  it("does not count A's pools for B", async () => {
    const { body: ownPools } = await tenantB.get(POOLS).expect(200);
    const response = await tenantB.get(`${POOLS}/$count`).expect(200);
    expect(response.text).toBe(String(ownPools.value.length));
    const filtered = await tenantB.get(`${POOLS}/$count?$filter=${encodeURIComponent("displayName eq 'Belongs to A'")}`).expect(200);
    expect(filtered.text).toBe('0');
  });

  it('refuses a skiptoken issued to A when B presents it', async () => {
    await t.http
      .post(POOLS)
      .send(poolBody('A second', activationCodes(1)))
      .expect(201);
    const { body } = await t.http.get(`${POOLS}?$top=2`).set('Prefer', 'odata.maxpagesize=1').expect(200);
    const nextLink = new URL(body['@odata.nextLink']);
    expectGraphError(await tenantB.get(`${nextLink.pathname}${nextLink.search}`), 400, 'invalidRequest', /skiptoken/);
  });
});
