import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { isRequestEnvelope } from '../common/request-envelope';
import { RequestGate } from '../common/request-gate';
import { AppConfig, ThrottleConfig } from '../config/app-config';
import { GraphHttpError } from '../graph/errors/graph-error';
import type { Caller } from '../identity/caller';
import { isWriteMethod } from '../identity/permissions';
import { REQUEST_CALLER } from '../identity/request-caller';
import { ThrottleBucket, ThrottleStore } from './throttle-store';

/**
 * Spec §11: per app and per tenant limits over a sliding window, writes and all requests counted
 * separately. Runs after authentication, so it knows the tenant and app, and counts only requests that
 * authentication admitted; public routes are not throttled, nor is a `$batch` envelope (its requests are, one by one).
 */
@Injectable()
export class ThrottleGate implements RequestGate {
  constructor(
    private readonly config: AppConfig,
    private readonly store: ThrottleStore,
  ) {}

  admit(request: FastifyRequest): void | Promise<void> {
    const limits = this.config.throttle;
    const caller = REQUEST_CALLER.get(request);
    if (!limits.enabled || caller === undefined || isRequestEnvelope(request)) return;
    return this.count(request.method, caller, limits);
  }

  private async count(method: string, caller: Caller, limits: ThrottleConfig): Promise<void> {
    const app = `${caller.tenantId}/${caller.appId}`;
    const buckets: ThrottleBucket[] = [
      { key: `requests:app:${app}`, limit: limits.requestsPerApp },
      { key: `requests:tenant:${caller.tenantId}`, limit: limits.requestsPerTenant },
    ];
    if (isWriteMethod(method)) {
      buckets.push(
        { key: `writes:app:${app}`, limit: limits.writesPerApp },
        { key: `writes:tenant:${caller.tenantId}`, limit: limits.writesPerTenant },
      );
    }
    const decision = await this.store.admit(buckets, limits.windowMs);
    if (decision.allowed) return;
    const retryAfterSeconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
    throw new GraphHttpError(
      429,
      'activityLimitReached',
      `Too many requests for this tenant or application; retry after ${retryAfterSeconds} seconds.`,
      { 'retry-after': String(retryAfterSeconds) },
    );
  }
}
