import { DynamicModule, Module, Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { RequestGate } from './common/request-gate';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { ESIM_ENTITIES } from './esim/esim.entities';
import { EsimModule } from './esim/esim.module';
import { GraphExceptionFilter } from './graph/errors/graph-exception.filter';
import { GRAPH_ROOTS } from './graph/graph-roots';
import { GRAPH_ENTITY_CONTAINER } from './graph/graph-schema';
import { GraphModule } from './graph/graph.module';
import { BodyAdmissionGate } from './graph/http/body-admission.gate';
import { MediaTypeGate } from './graph/http/media-type.gate';
import { RouteTable } from './graph/http/route-table';
import { AuthenticationGate } from './identity/authentication.gate';
import { HealthModule } from './health/health.module';
import { IdentityModule } from './identity/identity.module';
import { ODataModule } from './odata/odata.module';
import { ODataRequestGuard } from './odata/odata-request.guard';
import { SecretCipher } from './secrets/secret-cipher';
import { SecretsModule } from './secrets/secrets.module';
import { ThrottleGate } from './throttling/throttle.gate';
import { ThrottlingReadiness } from './throttling/throttling-readiness';
import { ThrottlingModule } from './throttling/throttling.module';

/**
 * The order every request is admitted in, from its request line and headers alone, before its body
 * is read (createApp runs them in this order in one Fastify `onRequest` hook): a path no route
 * serves is a 404/405, then the caller is authenticated (401/403), then throttled (429), so a
 * refused request is never counted, then its body's media type is checked against the route's (415),
 * then the body is given room among the bodies in flight (503).
 * After the body is read, NestJS runs the OData request guard.
 */
export const REQUEST_GATES: readonly Type<RequestGate>[] = [RouteTable, AuthenticationGate, ThrottleGate, MediaTypeGate, BodyAdmissionGate];

@Module({})
export class AppModule {
  /** The whole service for one validated configuration; tests build it exactly as `main.ts` does. */
  static register(config: AppConfig): DynamicModule {
    const throttling = ThrottlingModule.forRoot(config.throttle);
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot({ entities: ESIM_ENTITIES }),
        SecretsModule,
        ODataModule.forRoot({
          serviceRoots: GRAPH_ROOTS,
          entityContainer: GRAPH_ENTITY_CONTAINER,
          inject: [AppConfig, SecretCipher],
          useFactory: (appConfig: AppConfig, cipher: SecretCipher) => ({
            maxPageSize: appConfig.odata.maxPageSize,
            // Derived from the configured secret, so every instance behind a load balancer accepts every token.
            skipTokenKey: cipher.deriveKey('odata-skiptoken'),
          }),
        }),
        GraphModule.forRoot({ maxBodyBytesInFlight: config.http.maxBodyBytesInFlight }),
        IdentityModule,
        throttling,
        EsimModule,
        HealthModule.forRoot({ imports: [throttling], readinessContributors: [ThrottlingReadiness] }),
      ],
      // The application-wide NestJS stages, in one place: after the gates, the one guard; the error filter (bodies: @GraphBody()).
      providers: [
        { provide: APP_GUARD, useExisting: ODataRequestGuard },
        { provide: APP_FILTER, useExisting: GraphExceptionFilter },
      ],
    };
  }
}
