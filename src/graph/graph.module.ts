import { Global, Module, OnModuleInit } from '@nestjs/common';
import { EdmModel } from '../odata/edm/edm-model';
import { GraphBodyPipe } from './body/graph-body.pipe';
import { GraphExceptionFilter } from './errors/graph-exception.filter';
import { GRAPH_BASE_SCHEMA } from './graph-schema';
import { RouteTable } from './http/route-table';

/**
 * Microsoft Graph's wire conventions: the error body, body validation rules, ids and headers. The
 * Fastify-level parts (hooks, JSON parser, key-segment rewrite) are installed by `createApp`, because
 * they must run before any NestJS code sees a request; the application module registers the filter,
 * the pipe and the route gate in its one ordered list.
 */
@Global()
@Module({
  providers: [RouteTable, GraphExceptionFilter, GraphBodyPipe],
  exports: [RouteTable, GraphExceptionFilter, GraphBodyPipe],
})
export class GraphModule implements OnModuleInit {
  constructor(private readonly model: EdmModel) {}

  onModuleInit() {
    this.model.register(GRAPH_BASE_SCHEMA);
  }
}
