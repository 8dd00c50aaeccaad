import { ThrottleBucket, ThrottleDecision, ThrottleStore } from './throttle-store';

/**
 * A sliding-window log per bucket: the times of the hits in the last window, oldest first. Exact
 * (no fixed-window bursts at boundaries), and small: a bucket never holds more than its limit.
 */
export class MemoryThrottleStore extends ThrottleStore {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly now: () => number = Date.now) {
    super();
  }

  admit(buckets: readonly ThrottleBucket[], windowMs: number): Promise<ThrottleDecision> {
    return Promise.resolve(this.decide(buckets, windowMs, this.now()));
  }

  private decide(buckets: readonly ThrottleBucket[], windowMs: number, nowMs: number): ThrottleDecision {
    const windowStart = nowMs - windowMs;
    let retryAfterMs = 0;
    for (const { key, limit } of buckets) {
      const times = this.recentHits(key, windowStart);
      if (times.length >= limit) retryAfterMs = Math.max(retryAfterMs, times[times.length - limit] + windowMs - nowMs);
    }
    if (retryAfterMs > 0) return { allowed: false, retryAfterMs };
    for (const { key } of buckets) {
      const times = this.hits.get(key);
      if (times === undefined) this.hits.set(key, [nowMs]);
      else times.push(nowMs);
    }
    return { allowed: true };
  }

  /** Drops buckets with no hit in the last window, so idle tenants cost no memory. */
  sweep(windowMs: number): void {
    const nowMs = this.now();
    for (const [key, times] of this.hits) {
      if (times[times.length - 1] <= nowMs - windowMs) this.hits.delete(key);
    }
  }

  private recentHits(key: string, windowStart: number): number[] {
    const times = this.hits.get(key);
    if (times === undefined) return [];
    let expired = 0;
    while (expired < times.length && times[expired] <= windowStart) expired++;
    if (expired > 0) times.splice(0, expired);
    return times;
  }
}
