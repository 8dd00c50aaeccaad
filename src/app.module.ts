import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { EsimModule } from './esim/esim.module';
import { GraphModule } from './graph/graph.module';
import { IdentityModule } from './identity/identity.module';
import { ODataModule } from './odata/odata.module';
import { SecretsModule } from './secrets/secrets.module';
import { ThrottlingModule } from './throttling/throttling.module';

@Module({})
export class AppModule {
  /** The whole service for one validated configuration; tests build it exactly as `main.ts` does. */
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      // Global guards run in registration order: authenticate, then throttle, then read the OData request.
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        GraphModule,
        IdentityModule,
        ThrottlingModule,
        ODataModule,
        SecretsModule,
        EsimModule,
      ],
    };
  }
}
