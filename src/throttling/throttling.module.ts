import { Module, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { MemoryThrottleStore } from './memory-throttle-store';
import { ThrottleGate } from './throttle.gate';
import { ThrottleStore } from './throttle-store';

/** Request limits per tenant and app (spec §11). */
@Module({
  providers: [
    { provide: MemoryThrottleStore, useClass: MemoryThrottleStore },
    { provide: ThrottleStore, useExisting: MemoryThrottleStore },
    ThrottleGate,
  ],
  exports: [ThrottleGate],
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
