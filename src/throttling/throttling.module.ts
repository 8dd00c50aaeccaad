import { Module, OnModuleDestroy } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AppConfig } from '../config/app-config';
import { MemoryThrottleStore } from './memory-throttle-store';
import { ThrottleGuard } from './throttle.guard';
import { ThrottleStore } from './throttle-store';

/** Request limits per tenant and app. Import after IdentityModule: its guard needs the caller. */
@Module({
  providers: [
    { provide: MemoryThrottleStore, useClass: MemoryThrottleStore },
    { provide: ThrottleStore, useExisting: MemoryThrottleStore },
    { provide: APP_GUARD, useClass: ThrottleGuard },
  ],
})
export class ThrottlingModule implements OnModuleDestroy {
  private readonly sweeper: NodeJS.Timeout;

  constructor(store: MemoryThrottleStore, config: AppConfig) {
    const { windowMs } = config.throttle;
    this.sweeper = setInterval(() => store.sweep(Date.now(), windowMs), windowMs).unref();
  }

  onModuleDestroy() {
    clearInterval(this.sweeper);
  }
}
