import { DynamicModule, Module, ModuleMetadata, OnModuleInit, Type } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ReadinessContributor } from '../common/readiness-contributor';
import { OpenApiContributions } from '../odata/openapi/openapi-contributions';
import { HEALTH_OPENAPI } from './health-openapi';
import { HealthController } from './health.controller';
import { MigrationsHealthIndicator } from './migrations.health';
import { READINESS_CONTRIBUTORS } from './readiness-contributors';

export interface HealthModuleOptions {
  /** The modules that export the contributors. */
  readonly imports: NonNullable<ModuleMetadata['imports']>;
  /** What the readiness report adds to the database and migration checks, from the modules that own those dependencies. */
  readonly readinessContributors: readonly Type<ReadinessContributor>[];
}

/** Liveness and readiness for orchestrators and load balancers (spec §1): `/health/live`, `/health/ready`. */
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
  controllers: [HealthController],
  providers: [MigrationsHealthIndicator],
})
export class HealthModule implements OnModuleInit {
  constructor(private readonly openApi: OpenApiContributions) {}

  static forRoot(options: HealthModuleOptions): DynamicModule {
    return {
      module: HealthModule,
      imports: options.imports,
      providers: [
        {
          provide: READINESS_CONTRIBUTORS,
          inject: [...options.readinessContributors],
          useFactory: (...contributors: ReadinessContributor[]) => contributors,
        },
      ],
    };
  }

  onModuleInit() {
    this.openApi.register(HEALTH_OPENAPI);
  }
}
