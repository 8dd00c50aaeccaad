import { Injectable, Optional } from '@nestjs/common';
import { ReadinessContributor, ReadinessEntry } from '../common/readiness-contributor';
import { FailoverThrottleStore } from './failover-throttle-store';
import { REDIS_COMMAND_TIMEOUT_MS } from './redis-throttle-store';

/**
 * Throttling's part of `/health/ready`: Redis, when it keeps the counts. Always `up`, because an instance
 * whose Redis fails still serves, with limits per instance; `limits` says which limits hold.
 */
@Injectable()
export class ThrottlingReadiness extends ReadinessContributor {
  /** Absent when the counts stay in this instance's memory (no REDIS_URL, or throttling off). */
  constructor(@Optional() private readonly failover?: FailoverThrottleStore) {
    super();
  }

  async readiness(): Promise<Record<string, ReadinessEntry>> {
    if (this.failover === undefined) return {};
    const state = await this.failover.state();
    if (state.shared) return { redis: { status: 'up', limits: 'shared' } };
    return {
      redis: {
        status: 'up',
        limits: 'per-instance',
        since: state.since.toISOString(),
        message: `Redis does not answer (unreachable, or slower than ${REDIS_COMMAND_TIMEOUT_MS} ms): each instance counts its own requests until it does`,
      },
    };
  }
}
