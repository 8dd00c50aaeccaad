import { Global, Module, OnModuleInit } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { EdmModel } from '../odata/edm/edm-model';
import { GraphBodyPipe } from './body/graph-body.pipe';
import { GraphExceptionFilter } from './errors/graph-exception.filter';
import { GRAPH_BASE_SCHEMA } from './graph-schema';
import { RouteTable } from './http/route-table';

/**
 * Microsoft Graph's wire conventions: the error body, body validation rules, ids and headers. The
 * Fastify-level parts (hooks, JSON parser, key-segment rewrite) are installed by `createApp`, because
 * they must run before any NestJS code sees a request.
 */
@Global()
@Module({
  providers: [
    RouteTable,
    { provide: APP_FILTER, useClass: GraphExceptionFilter },
    { provide: APP_PIPE, useClass: GraphBodyPipe },
  ],
})
export class GraphModule implements OnModuleInit {
  constructor(private readonly model: EdmModel) {}

  onModuleInit() {
    this.model.register(GRAPH_BASE_SCHEMA);
  }
}
