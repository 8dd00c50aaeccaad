import { READ_PERMISSION } from '../src/identity/permissions';
import { poolBody } from './support/fixtures';
import { expectGraphError } from './support/graph-assertions';
import { changeCharacterAt } from './support/tamper';
import { POOLS, TENANT_B, useTestApp } from './support/test-app';

/** Spec §11: 100 writes per app and tenant in any 20 s; the next one is a 429 with Retry-After. */
describe('throttling', () => {
  const t = useTestApp({ THROTTLE: 'on' });

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
});

/** With 5 requests per app allowed, the sixth counted request is the first 429: what is not counted shows. */
describe('what the throttle counts', () => {
  const t = useTestApp({ THROTTLE: 'on', THROTTLE_REQUESTS_PER_APP: '5' });
  const LIMIT = 5;

  async function expectFullBudget(agent: typeof t.http) {
    for (let i = 0; i < LIMIT; i++) await agent.get(`${POOLS}?$top=1`).expect(200);
    expectGraphError(await agent.get(`${POOLS}?$top=1`), 429, 'activityLimitReached');
  }

  it('does not count public routes, even when the caller sends its token', async () => {
    const appId = 'a1a1a1a1-0000-4000-8000-000000000001';
    const agent = await t.as({ tenantId: TENANT_B, appId });
    for (let i = 0; i < 3 * LIMIT; i++) {
      await agent.get('/beta/').expect(200);
      await agent.get('/beta/$metadata').expect(200);
    }
    await expectFullBudget(agent);
  });

  it('does not count requests that authentication refused (401, 403)', async () => {
    const appId = 'a1a1a1a1-0000-4000-8000-000000000002';
    const readOnly = await t.as({ tenantId: TENANT_B, appId, permissions: [READ_PERMISSION] });
    const forged = changeCharacterAt(await t.token({ tenantId: TENANT_B, appId }), -10);
    for (let i = 0; i < 3 * LIMIT; i++) {
      expectGraphError(await readOnly.post(POOLS).send(poolBody('Read-only caller', [])), 403, 'accessDenied');
      expectGraphError(await readOnly.get(POOLS).set('Authorization', `Bearer ${forged}`), 401, 'unauthenticated');
    }
    await expectFullBudget(readOnly);
  });
});
