import { DynamicModule, Logger, Module, OnModuleDestroy, Provider } from '@nestjs/common';
import { AppConfig, ThrottleConfig } from '../config/app-config';
import { FailoverThrottleStore } from './failover-throttle-store';
import { MemoryThrottleStore } from './memory-throttle-store';
import { RedisThrottleStore } from './redis-throttle-store';
import { ThrottleGate } from './throttle.gate';
import { ThrottleStore } from './throttle-store';
import { ThrottlingReadiness } from './throttling-readiness';

/** Where this service's counters live in a Redis it may share with others. */
const REDIS_KEY_PREFIX = 'esim:throttle:';

/**
 * Request limits per tenant and app (spec §11), counted in Redis when REDIS_URL is set, so that they
 * hold across instances, and in this instance's memory otherwise, or while Redis fails.
 */
@Module({})
export class ThrottlingModule implements OnModuleDestroy {
  private readonly sweeper: NodeJS.Timeout;

  constructor(store: MemoryThrottleStore, config: AppConfig) {
    const { windowMs } = config.throttle;
    this.sweeper = setInterval(() => store.sweep(windowMs), windowMs).unref();
  }

  onModuleDestroy() {
    clearInterval(this.sweeper);
  }

  static forRoot(throttle: ThrottleConfig): DynamicModule {
    // With throttling off nothing is counted, so there is nothing to connect to.
    const redisUrl = throttle.enabled ? throttle.redisUrl : undefined;
    return {
      module: ThrottlingModule,
      providers: [
        { provide: MemoryThrottleStore, useFactory: () => new MemoryThrottleStore() },
        ...(redisUrl === undefined ? [{ provide: ThrottleStore, useExisting: MemoryThrottleStore }] : sharedStoreProviders(redisUrl)),
        ThrottleGate,
        ThrottlingReadiness,
      ],
      exports: [ThrottleGate, ThrottlingReadiness],
    };
  }
}

function sharedStoreProviders(redisUrl: string): Provider[] {
  return [
    {
      provide: FailoverThrottleStore,
      inject: [MemoryThrottleStore],
      useFactory: (local: MemoryThrottleStore) =>
        new FailoverThrottleStore(new RedisThrottleStore(redisUrl, REDIS_KEY_PREFIX), local, new Logger('Throttling')),
    },
    { provide: ThrottleStore, useExisting: FailoverThrottleStore },
  ];
}
