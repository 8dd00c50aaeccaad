import { Caller } from './caller';

/**
 * Remembers the caller of each verified token (by the Authorization header that carried it) until the
 * token expires, so a client reusing its token (they all do) costs one map lookup instead of a
 * signature check per request. Bounded: the oldest entry goes when full.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, { caller: Caller; expiresAtMs: number }>();

  constructor(private readonly maxEntries: number) {}

  get(authorization: string, nowMs: number): Caller | undefined {
    const entry = this.entries.get(authorization);
    if (entry === undefined) return undefined;
    if (entry.expiresAtMs <= nowMs) {
      this.entries.delete(authorization);
      return undefined;
    }
    return entry.caller;
  }

  set(authorization: string, caller: Caller, expiresAtMs: number): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(authorization, { caller, expiresAtMs });
  }
}
