import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ODataPage } from '../query/odata-query-request';
import { nextLinkFor } from '../query/paging/next-link';
import { odataJsonContentType } from './content-negotiation';
import { EntitySerializer } from './entity-serializer';
import { preferenceOf } from './preferences';
import { hasPreserializedMember, serializeWithPreserialized } from './preserialized-json';
import { RenderPlan, REQUEST_RENDER_PLAN } from './render-plan';
import { serviceRootUrl } from './service-root';

/**
 * Renders what the handlers of `@ODataResource` controllers return, as OData JSON (OData JSON Format
 * §4–§12), like ASP.NET Core OData's output formatter: an `ODataPage` becomes
 * `{"@odata.context", "@odata.count"?, "value", "@odata.nextLink"?}`, an object a top-level entity,
 * a number a `$count` in text/plain. Handlers return plain values and never think about the wire.
 * It runs as Fastify's preSerialization hook, added before NestJS registers the routes.
 */
@Injectable()
export class ODataOutputFormatter {
  constructor(
    adapterHost: HttpAdapterHost,
    private readonly serializer: EntitySerializer,
  ) {
    adapterHost.httpAdapter.getInstance<FastifyInstance>().addHook('preSerialization', (request, reply, payload, done) => {
      const plan = REQUEST_RENDER_PLAN.get(request);
      if (plan === undefined || reply.statusCode >= 400) return done(null, payload);
      try {
        done(null, this.render(payload, plan, request, reply));
      } catch (error) {
        done(error as Error);
      }
    });
  }

  private render(result: unknown, plan: RenderPlan, request: FastifyRequest, reply: FastifyReply): unknown {
    const { kind, resourcePath, resource, metadata, select } = plan;
    if (kind === 'count') {
      reply.type('text/plain; charset=utf-8').serializer(String);
      return result;
    }
    if (metadata !== 'minimal') reply.type(odataJsonContentType(metadata));
    const root = serviceRootUrl(request);
    const projection = select === undefined ? '' : `(${select.join(',')})`;
    const controlInfo = (contextPath: string) => (metadata === 'none' ? {} : { '@odata.context': `${root}/$metadata#${contextPath}` });
    if (result instanceof ODataPage) {
      return {
        ...controlInfo(`${resourcePath}${projection}`),
        ...(result.count === undefined ? {} : { '@odata.count': result.count }),
        value: result.items.map((item: object) => this.entity(item, plan, root)),
        ...(result.next === undefined ? {} : { '@odata.nextLink': nextLinkFor(request, result.next.skipToken, result.next.top) }),
      };
    }
    if (kind === 'updated') {
      // OData Part 1 §8.2.8.7: `Prefer: return=representation`.
      if (preferenceOf(request, 'return') !== 'representation') {
        // OData Part 1 §11.4.3: an update answers 204 unless the client asks for the entity.
        reply.code(204);
        return {};
      }
      reply.header('preference-applied', 'return=representation');
    }
    if (kind === 'created') reply.header('location', entityUrl(root, resourcePath, result));
    const contextPath = resource.isSingleton ? resourcePath : `${resourcePath}${projection}/$entity`;
    const entity = { ...controlInfo(contextPath), ...this.entity(result as object, plan, root) };
    if (!hasPreserializedMember(entity)) return entity;
    // Already serialized: the bytes go out as they are, with the media type named explicitly.
    reply.type(odataJsonContentType(metadata)).serializer((bytes: unknown) => bytes as string);
    return serializeWithPreserialized(entity);
  }

  private entity(value: object, { kind, resource, resourcePath, metadata, select }: RenderPlan, root: string): Record<string, unknown> {
    const serialized = this.serializer.serialize(value, resource.typeName, {
      echoWriteOnly: kind === 'created',
      select,
      annotate: metadata !== 'none',
    });
    if (metadata !== 'full' || resource.isSingleton) return serialized;
    const link = entityUrl(root, resourcePath, value);
    return { '@odata.type': serialized['@odata.type'], '@odata.id': link, '@odata.editLink': link, ...serialized };
  }
}

function entityUrl(root: string, resourcePath: string, entity: unknown): string {
  return `${root}/${resourcePath}('${String((entity as { id?: unknown }).id)}')`;
}
