import { LoggerService, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ThrottleBucket, ThrottleDecision, ThrottleStore } from './throttle-store';

/** A store shared by the instances, reached over the network (RedisThrottleStore). */
export interface SharedThrottleStore extends ThrottleStore {
  connect(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Where the counts are kept at the moment: in the shared store, or per instance since it failed. */
export type SharedStoreState = { readonly shared: true } | { readonly shared: false; readonly since: Date };

/** After a failure, the shared store is tried again by one request (or readiness probe) per interval. */
const RETRY_SHARED_STORE_AFTER_MS = 1000;
/** However many requests meet a failing shared store, it is logged at most this often. */
const WARNING_INTERVAL_MS = 60_000;

/**
 * The shared store while it answers, this instance's memory when it does not (spec §11: a Redis that
 * is down or slow degrades the limits to per instance, never into errors). A request that times out may
 * still have been counted in Redis as well: when in doubt, a request counts twice rather than never.
 */
export class FailoverThrottleStore extends ThrottleStore implements OnModuleInit, OnApplicationShutdown {
  private outage: { readonly since: number; retryAt: number } | undefined;
  private lastWarningAt = -Infinity;
  /** Whether this outage was logged, so that its end is logged only then: a flapping Redis logs two lines a minute at most. */
  private outageLogged = false;

  constructor(
    private readonly shared: SharedThrottleStore,
    private readonly local: ThrottleStore,
    private readonly logger: Pick<LoggerService, 'warn' | 'log'>,
    private readonly now: () => number = Date.now,
  ) {
    super();
  }

  /** Waits for the first connection attempt, so that the first requests share limits; the service starts either way. */
  async onModuleInit(): Promise<void> {
    await this.attempt(() => this.shared.connect());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.shared.close();
  }

  async admit(buckets: readonly ThrottleBucket[], windowMs: number): Promise<ThrottleDecision> {
    if (this.mayTryShared()) {
      try {
        const decision = await this.shared.admit(buckets, windowMs);
        this.succeeded();
        return decision;
      } catch (error) {
        this.failed(error);
      }
    }
    return this.local.admit(buckets, windowMs);
  }

  /** For the readiness report: pings the shared store (when it is its turn to be tried) and says where counts are kept. */
  async state(): Promise<SharedStoreState> {
    if (this.mayTryShared()) await this.attempt(() => this.shared.ping());
    return this.outage === undefined ? { shared: true } : { shared: false, since: new Date(this.outage.since) };
  }

  private mayTryShared(): boolean {
    if (this.outage === undefined) return true;
    const now = this.now();
    if (now < this.outage.retryAt) return false;
    // One try per interval: the requests that arrive meanwhile are counted locally rather than each waiting on a slow Redis.
    this.outage.retryAt = now + RETRY_SHARED_STORE_AFTER_MS;
    return true;
  }

  private async attempt(operation: () => Promise<void>): Promise<void> {
    try {
      await operation();
      this.succeeded();
    } catch (error) {
      this.failed(error);
    }
  }

  private succeeded(): void {
    if (this.outage === undefined) return;
    this.outage = undefined;
    if (!this.outageLogged) return;
    this.outageLogged = false;
    this.logger.log('The shared throttling store (Redis) answers again: limits hold across instances.');
  }

  private failed(error: unknown): void {
    const now = this.now();
    if (this.outage === undefined) this.outage = { since: now, retryAt: now + RETRY_SHARED_STORE_AFTER_MS };
    else this.outage.retryAt = now + RETRY_SHARED_STORE_AFTER_MS;
    if (now - this.lastWarningAt < WARNING_INTERVAL_MS) return;
    this.lastWarningAt = now;
    this.outageLogged = true;
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.warn(
      `The shared throttling store (Redis) failed (${reason}): each instance counts its own requests until it answers again. ` +
        'This warning repeats at most once a minute.',
    );
  }
}
