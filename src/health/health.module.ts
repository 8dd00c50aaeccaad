import { Module, OnModuleInit } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { OpenApiContributions } from '../odata/openapi/openapi-contributions';
import { HEALTH_OPENAPI } from './health-openapi';
import { HealthController } from './health.controller';
import { MigrationsHealthIndicator } from './migrations.health';

/** Liveness and readiness for orchestrators and load balancers (spec §1): `/health/live`, `/health/ready`. */
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
  controllers: [HealthController],
  providers: [MigrationsHealthIndicator],
})
export class HealthModule implements OnModuleInit {
  constructor(private readonly openApi: OpenApiContributions) {}

  onModuleInit() {
    this.openApi.register(HEALTH_OPENAPI);
  }
}
