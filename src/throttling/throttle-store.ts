/** One limit to check: at most `limit` hits under `key` in any window of `windowMs`. */
export interface ThrottleBucket {
  readonly key: string;
  readonly limit: number;
}

export type ThrottleDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterMs: number };

/**
 * Where hits are counted. A request is admitted only if every bucket has room, and then counts in
 * all of them (a refused request counts in none). In memory by default; a shared store (spec §11:
 * Redis) implements the same contract so limits hold across instances. The store keeps the time, so
 * that a shared store can take one clock for every instance instead of each caller's own.
 */
export abstract class ThrottleStore {
  abstract admit(buckets: readonly ThrottleBucket[], windowMs: number): Promise<ThrottleDecision>;
}
