import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { poolBody } from './support/fixtures';
import { expectGraphError } from './support/graph-assertions';
import { LOCAL_REDIS_URL, SlowRedisProxy, startSlowRedisProxy } from './support/local-redis';
import { POOLS, TestApp, useTestApp } from './support/test-app';

/** Spec §11: with REDIS_URL the limits hold across instances; a Redis that fails degrades them to per instance, never into errors. */

/** A caller no other test, nor another run on the same Redis, counts against. */
const newCaller = () => ({ tenantId: randomUUID(), appId: randomUUID() });

async function readiness(t: TestApp) {
  return (await request(t.app.getHttpServer()).get('/health/ready').expect(200)).body;
}

/** The pino lines the app wrote at `level` (40 warn, 30 info) about the shared throttling store. */
function redisLogLines(t: TestApp, level: number): string[] {
  return t.logs
    .map((line) => JSON.parse(line) as { level: number; msg: string })
    .filter((line) => line.level === level && /shared throttling store/.test(line.msg))
    .map((line) => line.msg);
}

describe('two instances on one Redis', () => {
  const env = { THROTTLE: 'on', THROTTLE_WRITES_PER_APP: '5', REDIS_URL: LOCAL_REDIS_URL };
  const first = useTestApp(env);
  const second = useTestApp(env);

  it('share the write limit of an app: after 3 writes through one and 2 through the other, the sixth through either is a 429', async () => {
    const caller = newCaller();
    const [throughFirst, throughSecond] = [await first.as(caller), await second.as(caller)];
    for (let i = 0; i < 3; i++)
      await throughFirst
        .post(POOLS)
        .send(poolBody(`First ${i}`, []))
        .expect(201);
    for (let i = 0; i < 2; i++)
      await throughSecond
        .post(POOLS)
        .send(poolBody(`Second ${i}`, []))
        .expect(201);

    for (const agent of [throughFirst, throughSecond]) {
      const refused = await agent.post(POOLS).send(poolBody('Sixth', []));
      expectGraphError(refused, 429, 'activityLimitReached', /retry after \d+ seconds/);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(20);
    }
    // Reads have their own budget, and another app of the tenant its own write limit.
    await throughSecond.get(POOLS).expect(200);
    await (await first.as({ tenantId: caller.tenantId, appId: randomUUID() })).post(POOLS).send(poolBody('Other app', [])).expect(201);
  });

  it('report Redis as up in their readiness, with shared limits', async () => {
    for (const t of [first, second]) {
      const report = await readiness(t);
      expect(report.status).toBe('ok');
      expect(report.details.redis).toEqual({ status: 'up', limits: 'shared' });
    }
  });
});

describe('Redis unreachable', () => {
  const t = useTestApp({ THROTTLE: 'on', THROTTLE_WRITES_PER_APP: '3', REDIS_URL: 'redis://127.0.0.1:1' }, { captureLogs: true });

  it('starts and serves with per-instance limits, logging one warning however many requests meet it', async () => {
    const agent = await t.as(newCaller());
    for (let i = 0; i < 3; i++)
      await agent
        .post(POOLS)
        .send(poolBody(`Write ${i}`, []))
        .expect(201);
    expectGraphError(await agent.post(POOLS).send(poolBody('Fourth', [])), 429, 'activityLimitReached');
    for (let i = 0; i < 20; i++) await agent.get(`${POOLS}?$top=1`).expect(200);

    const warnings = redisLogLines(t, 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/ECONNREFUSED|Connection is closed|Stream isn't writeable/);
    expect(t.logs.filter((line) => (JSON.parse(line) as { level: number }).level >= 50)).toEqual([]);
  });

  it('stays ready, and says the limits are per instance', async () => {
    const report = await readiness(t);
    expect(report.status).toBe('ok');
    expect(report.details.redis).toEqual({
      status: 'up',
      limits: 'per-instance',
      since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      message: expect.stringMatching(/Redis does not answer .*each instance counts its own requests/),
    });
    expect(report.info.redis).toEqual(report.details.redis);
  });
});

describe('Redis slow', () => {
  let proxy: SlowRedisProxy;
  beforeAll(async () => {
    proxy = await startSlowRedisProxy();
  });
  const t = useTestApp(() => ({ THROTTLE: 'on', THROTTLE_WRITES_PER_APP: '3', REDIS_URL: proxy.url }), { captureLogs: true });
  afterAll(() => proxy.close());

  it('counts per instance while Redis answers late, never failing a request, and shares the limits again once it is fast', async () => {
    const agent = await t.as(newCaller());
    await agent.post(POOLS).send(poolBody('Counted in Redis', [])).expect(201);
    expect((await readiness(t)).details.redis).toEqual({ status: 'up', limits: 'shared' });

    proxy.delayMs = 200;
    // This instance's memory has none of the caller's writes yet: three pass, the fourth is refused.
    for (let i = 0; i < 3; i++)
      await agent
        .post(POOLS)
        .send(poolBody(`Counted here ${i}`, []))
        .expect(201);
    expectGraphError(await agent.post(POOLS).send(poolBody('Fourth', [])), 429, 'activityLimitReached');
    expect((await readiness(t)).details.redis).toMatchObject({ status: 'up', limits: 'per-instance' });
    expect(redisLogLines(t, 40)).toEqual([expect.stringMatching(/Command timed out/)]);

    proxy.delayMs = 0;
    // The late replies drain, and a second after the last failure Redis is tried again.
    await sleep(1200);
    expect((await readiness(t)).details.redis).toEqual({ status: 'up', limits: 'shared' });
    expect(redisLogLines(t, 30)).toEqual([expect.stringMatching(/answers again/)]);
    // Counted in Redis again: this instance's memory is full, Redis is not.
    await agent.post(POOLS).send(poolBody('Counted in Redis again', [])).expect(201);
  });
});

describe('REDIS_URL with throttling off', () => {
  const t = useTestApp({ THROTTLE: 'off', REDIS_URL: 'redis://127.0.0.1:1' }, { captureLogs: true });

  it('does not connect: nothing is counted, so nothing is reported or warned about', async () => {
    const report = await readiness(t);
    expect(report.details.redis).toBeUndefined();
    expect(redisLogLines(t, 40)).toEqual([]);
  });
});
