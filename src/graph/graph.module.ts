import { DynamicModule, Global, Module, OnModuleInit } from '@nestjs/common';
import { EdmModel } from '../odata/edm/edm-model';
import { OpenApiContributions } from '../odata/openapi/openapi-contributions';
import { BATCH_OPENAPI } from './batch/batch-openapi';
import { BatchController } from './batch/batch.controller';
import { BatchService } from './batch/batch.service';
import { GraphBodyPipe } from './body/graph-body.pipe';
import { GraphExceptionFilter } from './errors/graph-exception.filter';
import { GRAPH_BASE_SCHEMA } from './graph-schema';
import { BodyAdmissionGate, MAX_BODY_BYTES_IN_FLIGHT } from './http/body-admission.gate';
import { MediaTypeGate } from './http/media-type.gate';
import { RouteTable } from './http/route-table';
import { GRAPH_OPENAPI } from './openapi/graph-openapi';
import { SwaggerUi } from './openapi/swagger-ui';

export interface GraphModuleOptions {
  /** Request body bytes the instance holds at once, all requests together. */
  readonly maxBodyBytesInFlight: number;
}

/**
 * Microsoft Graph's wire conventions: the error body, body validation rules, ids and headers, and `$batch`. The
 * Fastify-level parts (hooks, body parsers, key-segment rewrite, HTTP-layer errors) are installed by
 * `createApp`, because they must run before any NestJS code sees a request; the application module
 * registers the filter and the gates in its ordered lists, and bodies are validated where a handler
 * takes one (`@GraphBody()`).
 */
@Global()
@Module({})
export class GraphModule implements OnModuleInit {
  constructor(
    private readonly model: EdmModel,
    private readonly openApi: OpenApiContributions,
  ) {}

  static forRoot(options: GraphModuleOptions): DynamicModule {
    const providers = [RouteTable, MediaTypeGate, BodyAdmissionGate, GraphExceptionFilter, GraphBodyPipe];
    return {
      module: GraphModule,
      controllers: [BatchController],
      providers: [{ provide: MAX_BODY_BYTES_IN_FLIGHT, useValue: options.maxBodyBytesInFlight }, BatchService, SwaggerUi, ...providers],
      exports: providers,
    };
  }

  onModuleInit() {
    this.model.register(GRAPH_BASE_SCHEMA);
    this.openApi.register(GRAPH_OPENAPI);
    this.openApi.register(BATCH_OPENAPI);
  }
}
