import { poolBody } from './support/fixtures';
import { expectGraphError } from './support/graph-assertions';
import { POOLS, startTestApp, TENANT_B, TestApp } from './support/test-app';

/** Spec §11: 100 writes per app and tenant in any 20 s; the next one is a 429 with Retry-After. */
describe('throttling', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ THROTTLE: 'on' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses the 101st write of one app in one tenant within 20 s, and leaves other tenants alone', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 100; i++) statuses.push((await t.http.post(POOLS).send(poolBody(`Burst ${i}`, []))).status);
    expect(statuses.every((status) => status === 201)).toBe(true);

    const refused = await t.http.post(POOLS).send(poolBody('One too many', []));
    expectGraphError(refused, 429, 'activityLimitReached', /retry after \d+ seconds/);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(20);

    // Reads have their own, larger budget.
    await t.http.get(POOLS).expect(200);
    const otherTenant = await t.as({ tenantId: TENANT_B });
    await otherTenant.post(POOLS).send(poolBody('Unaffected', [])).expect(201);
  });

  it('answers public routes without throttling them', async () => {
    await t.http.get('/beta/').expect(200);
  });
});
