import { setTimeout as sleep } from 'node:timers/promises';
import { deleteKeys, LOCAL_REDIS_URL, uniqueKeyPrefix } from '../../test/support/local-redis';
import { MemoryThrottleStore } from './memory-throttle-store';
import { RedisThrottleStore } from './redis-throttle-store';
import { ThrottleDecision, ThrottleStore } from './throttle-store';

/** A store to test, with a way to let time pass for it. */
interface StoreUnderTest {
  readonly store: ThrottleStore;
  pass(ms: number): Promise<void>;
  close(): Promise<void>;
}

const runPrefix = uniqueKeyPrefix();
let redisStores = 0;

/** On a clock of its own: time passes exactly as told. */
function memoryStore(): Promise<StoreUnderTest> {
  let now = 0;
  const store = new MemoryThrottleStore(() => now);
  return Promise.resolve({ store, pass: (ms) => Promise.resolve(void (now += ms)), close: () => Promise.resolve() });
}

/** On the Redis server's clock: time passes for real, and timers may fire a millisecond early by that clock. */
async function redisStore(): Promise<StoreUnderTest> {
  const store = new RedisThrottleStore(LOCAL_REDIS_URL, `${runPrefix}${++redisStores}:`);
  await store.connect();
  return { store, pass: (ms) => sleep(ms + 2), close: () => store.close() };
}

const WINDOW_MS = 1000;
/** How much later than planned a step on the real clock may happen (event loop, round trips). */
const REAL_CLOCK_SLACK_MS = 200;
const bucket = (key: string, limit: number) => ({ key, limit });
const admitted = { allowed: true };

/** The wait a refusal announces: exactly `expectedMs` on a clock of its own, a little less on the real clock, never more. */
function expectRetryAfter(decision: ThrottleDecision, expectedMs: number): number {
  if (decision.allowed) throw new Error('expected a refusal');
  expect(decision.retryAfterMs).toBeLessThanOrEqual(expectedMs);
  expect(decision.retryAfterMs).toBeGreaterThan(expectedMs - REAL_CLOCK_SLACK_MS);
  return decision.retryAfterMs;
}

/** The sliding-window semantics every ThrottleStore keeps (see ThrottleStore), run against each of them. */
describe.each([
  ['MemoryThrottleStore', memoryStore],
  ['RedisThrottleStore, on the local Redis', redisStore],
])('%s', (_name, open) => {
  let subject: StoreUnderTest;
  const admit = (...buckets: { key: string; limit: number }[]) => subject.store.admit(buckets, WINDOW_MS);

  beforeEach(async () => {
    subject = await open();
  });
  afterEach(() => subject.close());
  afterAll(() => deleteKeys(runPrefix));

  it('admits up to the limit within a window, then tells how long until the oldest hit leaves it', async () => {
    for (let i = 0; i < 3; i++) await expect(admit(bucket('a', 3))).resolves.toEqual(admitted);
    await subject.pass(400);
    expectRetryAfter(await admit(bucket('a', 3)), WINDOW_MS - 400);
  });

  it('slides: a hit leaves the window one window after it was made', async () => {
    await admit(bucket('a', 1));
    await subject.pass(WINDOW_MS / 2);
    const retryAfterMs = expectRetryAfter(await admit(bucket('a', 1)), WINDOW_MS / 2);
    await subject.pass(retryAfterMs);
    await expect(admit(bucket('a', 1))).resolves.toEqual(admitted);
  });

  it('refuses for the longest wait among the full buckets', async () => {
    await admit(bucket('older', 1));
    await subject.pass(300);
    await admit(bucket('newer', 1));
    expectRetryAfter(await admit(bucket('older', 1), bucket('newer', 1)), WINDOW_MS);
  });

  it('counts an admitted request in every bucket it names', async () => {
    await expect(admit(bucket('app', 2), bucket('tenant', 3))).resolves.toEqual(admitted);
    await expect(admit(bucket('other-app', 2), bucket('tenant', 3))).resolves.toEqual(admitted);
    await expect(admit(bucket('tenant', 3))).resolves.toEqual(admitted);
    await expect(admit(bucket('app', 2), bucket('tenant', 3))).resolves.toMatchObject({ allowed: false });
    await expect(admit(bucket('app', 2))).resolves.toEqual(admitted);
  });

  it('counts a refused request in no bucket', async () => {
    await admit(bucket('full', 1));
    await expect(admit(bucket('other', 1), bucket('full', 1))).resolves.toMatchObject({ allowed: false });
    await expect(admit(bucket('other', 1))).resolves.toEqual(admitted);
  });

  it('keeps buckets apart', async () => {
    await admit(bucket('tenant-a', 1));
    await expect(admit(bucket('tenant-b', 1))).resolves.toEqual(admitted);
  });

  it('admits exactly the limit among concurrent requests, each counted once', async () => {
    const decisions = await Promise.all(Array.from({ length: 20 }, () => admit(bucket('burst', 5))));
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(5);
  });
});
