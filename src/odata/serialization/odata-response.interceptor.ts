import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, Observable } from 'rxjs';
import { overrideResponseStatus } from '../../graph/http/graph-response-hooks';
import { EdmModel, ResolvedPath } from '../edm/edm-model';
import { rejectUnsupportedQueryOptions } from '../query/unsupported-query-options';
import { EntitySerializer } from './entity-serializer';
import { ODATA_RESOURCE, ODATA_RESPONSE_KIND, ODataResponseKind } from './odata-resource.decorators';
import { serviceRootUrl } from './service-root';

/**
 * Renders what handlers of an `@ODataResource` controller return (OData JSON Format §4–§12):
 * an array becomes `{"@odata.context", "value"}`, an object a top-level entity with its context URL,
 * and `undefined` an empty body. Handlers return plain value objects and never think about the wire.
 */
@Injectable()
export class ODataResponseInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly model: EdmModel,
    private readonly serializer: EntitySerializer,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const resourcePath = this.reflector.get<string | undefined>(ODATA_RESOURCE, context.getClass());
    if (resourcePath === undefined) return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    rejectUnsupportedQueryOptions(request.query as Record<string, unknown>);
    const kind = this.reflector.get<ODataResponseKind | undefined>(ODATA_RESPONSE_KIND, context.getHandler());
    const resource = this.model.resolve(resourcePath);
    return next.handle().pipe(map((result: unknown) => this.render(result, { request, reply, kind, resourcePath, resource })));
  }

  private render(
    result: unknown,
    { request, reply, kind, resourcePath, resource }: { request: FastifyRequest; reply: FastifyReply; kind?: ODataResponseKind; resourcePath: string; resource: ResolvedPath },
  ): unknown {
    if (result === undefined || result === null) return undefined;
    const root = serviceRootUrl(request);
    if (Array.isArray(result)) {
      return {
        '@odata.context': `${root}/$metadata#${resourcePath}`,
        value: result.map((item: object) => this.serializer.serialize(item, resource.typeName)),
      };
    }
    if (kind === 'updated') {
      if (!prefersRepresentation(request)) {
        overrideResponseStatus(reply, 204);
        return undefined;
      }
      reply.header('preference-applied', 'return=representation');
    }
    const entity = result as { id?: unknown };
    if (kind === 'created') reply.header('location', `${root}/${resourcePath}('${String(entity.id)}')`);
    const context = resource.isSingleton ? resourcePath : `${resourcePath}/$entity`;
    return {
      '@odata.context': `${root}/$metadata#${context}`,
      ...this.serializer.serialize(entity, resource.typeName, { echoWriteOnly: kind === 'created' }),
    };
  }
}

/** RFC 7240 / OData Part 1 §8.2.8.7: `Prefer: return=representation`, possibly among other preferences. */
function prefersRepresentation(request: FastifyRequest): boolean {
  const prefer = request.headers.prefer;
  return typeof prefer === 'string' && /(^|[,;\s])return\s*=\s*"?representation"?\s*($|[,;])/i.test(prefer);
}
