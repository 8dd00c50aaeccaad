import { FailoverThrottleStore, SharedThrottleStore } from './failover-throttle-store';
import { MemoryThrottleStore } from './memory-throttle-store';
import { ThrottleDecision } from './throttle-store';

/** A shared store that answers, fails or is unreachable as the test says. */
class ScriptedSharedStore implements SharedThrottleStore {
  failure: Error | undefined;
  readonly calls: string[] = [];

  admit(): Promise<ThrottleDecision> {
    return this.answer('admit', { allowed: true });
  }
  connect(): Promise<void> {
    return this.answer('connect', undefined);
  }
  ping(): Promise<void> {
    return this.answer('ping', undefined);
  }
  close(): Promise<void> {
    return this.answer('close', undefined);
  }

  private answer<T>(call: string, value: T): Promise<T> {
    this.calls.push(call);
    return this.failure === undefined ? Promise.resolve(value) : Promise.reject(this.failure);
  }
}

describe('FailoverThrottleStore', () => {
  const windowMs = 20_000;
  const writes = [{ key: 'writes:app:t/a', limit: 2 }];
  let now: number;
  let shared: ScriptedSharedStore;
  let logs: { level: 'warn' | 'log'; message: string }[];
  let store: FailoverThrottleStore;

  beforeEach(() => {
    now = 1_000_000;
    shared = new ScriptedSharedStore();
    logs = [];
    const logger = {
      warn: (message: string) => logs.push({ level: 'warn', message }),
      log: (message: string) => logs.push({ level: 'log', message }),
    };
    store = new FailoverThrottleStore(shared, new MemoryThrottleStore(() => now), logger, () => now);
  });

  const warnings = () => logs.filter(({ level }) => level === 'warn');

  it('counts in the shared store while it answers', async () => {
    for (let i = 0; i < 5; i++) await expect(store.admit(writes, windowMs)).resolves.toEqual({ allowed: true });
    expect(shared.calls).toEqual(['admit', 'admit', 'admit', 'admit', 'admit']);
    await expect(store.state()).resolves.toEqual({ shared: true });
    expect(logs).toEqual([]);
  });

  it('counts in this instance when the shared store fails, never failing the request, and warns once', async () => {
    shared.failure = new Error('Command timed out');
    await expect(store.admit(writes, windowMs)).resolves.toEqual({ allowed: true });
    await expect(store.admit(writes, windowMs)).resolves.toEqual({ allowed: true });
    await expect(store.admit(writes, windowMs)).resolves.toMatchObject({ allowed: false });
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0].message).toMatch(/Redis\) failed \(Command timed out\): each instance counts its own requests/);
    await expect(store.state()).resolves.toEqual({ shared: false, since: new Date(1_000_000) });
  });

  it('tries the shared store again once a second, one request at a time, the others counted here without waiting', async () => {
    shared.failure = new Error('Command timed out');
    await store.admit(writes, windowMs);
    now += 999;
    await store.admit(writes, windowMs);
    expect(shared.calls).toEqual(['admit']);
    now += 1;
    await Promise.all([store.admit(writes, windowMs), store.admit(writes, windowMs)]);
    expect(shared.calls).toEqual(['admit', 'admit']);
  });

  it('warns at most once a minute while the shared store keeps failing', async () => {
    shared.failure = new Error('connect ECONNREFUSED 127.0.0.1:6379');
    for (let second = 0; second < 150; second++) {
      await store.admit(writes, windowMs);
      now += 1000;
    }
    expect(warnings()).toHaveLength(3);
  });

  it('goes back to the shared store once it answers, and says so', async () => {
    shared.failure = new Error('Command timed out');
    await store.admit(writes, windowMs);
    shared.failure = undefined;
    now += 1000;
    await store.admit(writes, windowMs);
    await store.admit(writes, windowMs);
    expect(shared.calls).toEqual(['admit', 'admit', 'admit']);
    await expect(store.state()).resolves.toEqual({ shared: true });
    expect(logs.map(({ level }) => level)).toEqual(['warn', 'log']);
    expect(logs[1].message).toMatch(/answers again/);
  });

  it('logs a flapping store at most twice a minute: the end of an outage only when its start was logged', async () => {
    for (let flap = 0; flap < 10; flap++) {
      shared.failure = new Error('Command timed out');
      await store.admit(writes, windowMs);
      shared.failure = undefined;
      now += 1000;
      await store.admit(writes, windowMs);
    }
    expect(logs.map(({ level }) => level)).toEqual(['warn', 'log']);
  });

  it('probes the shared store for the readiness report, so that an idle instance notices an outage and its end', async () => {
    await expect(store.state()).resolves.toEqual({ shared: true });
    shared.failure = new Error('Connection is closed.');
    await expect(store.state()).resolves.toMatchObject({ shared: false });
    shared.failure = undefined;
    await expect(store.state()).resolves.toMatchObject({ shared: false });
    now += 1000;
    await expect(store.state()).resolves.toEqual({ shared: true });
    expect(shared.calls).toEqual(['ping', 'ping', 'ping']);
  });

  it('starts even when the shared store is unreachable, with a warning, and closes it on shutdown', async () => {
    shared.failure = new Error('connect ECONNREFUSED 127.0.0.1:1');
    await expect(store.onModuleInit()).resolves.toBeUndefined();
    expect(warnings()[0].message).toMatch(/ECONNREFUSED/);
    await expect(store.state()).resolves.toMatchObject({ shared: false });
    shared.failure = undefined;
    await store.onApplicationShutdown();
    expect(shared.calls).toEqual(['connect', 'close']);
  });
});
