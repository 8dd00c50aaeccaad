import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../common/app-error';
import { entityTagOf } from '../concurrency/entity-tags';
import { REQUEST_PRECONDITIONS, RequestPreconditions } from '../concurrency/preconditions';
import { EdmModel } from '../edm/edm-model';
import { Expansion, ODataEntity, ODataPage } from '../query/odata-query-request';
import { nextLinkFor } from '../query/paging/next-link';
import { MetadataLevel, odataJsonContentType } from './content-negotiation';
import { EntitySerializer } from './entity-serializer';
import { preferenceOf } from './preferences';
import { hasPreserializedMember, serializeWithPreserialized } from './preserialized-json';
import { RenderPlan, REQUEST_RENDER_PLAN } from './render-plan';
import { RenderedEntity, RenderedRun } from './rendered-entity';
import { entityPathOf } from './resource-path';
import { serviceRootUrl } from './service-root';

/**
 * Renders what the handlers of `@ODataResource` controllers return, as OData JSON (OData JSON Format
 * §4–§12), like ASP.NET Core OData's output formatter: an `ODataPage` becomes
 * `{"@odata.context", "@odata.count"?, "value", "@odata.nextLink"?}`, an object a top-level entity
 * (with its ETag, if it carries one, in the `ETag` header, and a 304 when `If-None-Match` names it),
 * a number a `$count` in text/plain. Handlers return plain values and never think about the wire.
 * It runs as Fastify's preSerialization hook, added before NestJS registers the routes.
 */
@Injectable()
export class ODataOutputFormatter {
  constructor(
    adapterHost: HttpAdapterHost,
    private readonly serializer: EntitySerializer,
    private readonly model: EdmModel,
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
    const { kind, odataPath, resource, metadata, select, action } = plan;
    if (kind === 'count') {
      reply.type('text/plain; charset=utf-8').serializer(String);
      return result;
    }
    if (kind === 'plain') return result;
    if (metadata !== 'minimal') reply.type(odataJsonContentType(metadata));
    const root = serviceRootUrl(request);
    const controlInfo = (contextPath: string) => (metadata === 'none' ? {} : { '@odata.context': `${root}/$metadata#${contextPath}` });
    const rendering = { root, metadata, echoWriteOnly: kind === 'created' };
    if (kind === 'action' && action?.returnType !== undefined) {
      // OData JSON §10.17: an action's result has the context of its return type, not of a resource path.
      const { type, collection } = action.returnType;
      const items = (collection ? result : [result]) as object[];
      const rendered = items.map((item) => this.entity(item, type, undefined, [], rendering));
      return collection ? { ...controlInfo(`Collection(${type})`), value: rendered } : { ...controlInfo(type), ...rendered[0] };
    }
    if (result instanceof ODataPage) {
      const contextPath = `${odataPath}${projectionOf(select, result.expansions)}`;
      const next = result.next === undefined ? undefined : nextLinkFor(request, result.next.skipToken, result.next.top);
      if (metadata === 'minimal' && result.items.every((item) => item instanceof RenderedEntity || item instanceof RenderedRun)) {
        const value = result.items
          .map((item: RenderedEntity | RenderedRun) =>
            item instanceof RenderedRun ? item.json : this.renderedJson(item, '', result.expansions),
          )
          .filter((json) => json !== '')
          .join(',');
        const count = result.count === undefined ? '' : `,"@odata.count":${result.count}`;
        const nextLink = next === undefined ? '' : `,"@odata.nextLink":${JSON.stringify(next)}`;
        return asIs(
          reply,
          metadata,
          `{"@odata.context":${JSON.stringify(`${root}/$metadata#${contextPath}`)}${count},"value":[${value}]${nextLink}}`,
        );
      }
      return {
        ...controlInfo(contextPath),
        ...(result.count === undefined ? {} : { '@odata.count': result.count }),
        value: result.items
          .flatMap((item: object) => (item instanceof RenderedRun ? item.toValues() : [valueOf(item)]))
          .map((item) => this.entity(item, resource.typeName, odataPath, result.expansions, { ...rendering, select })),
        ...(next === undefined ? {} : { '@odata.nextLink': next }),
      };
    }
    const [value, expansions] = result instanceof ODataEntity ? [result.value as object, result.expansions] : [result as object, []];
    // The entity's ETag tags its representation, unless children are expanded in it: their changes leave it as it is.
    const etag = expansions.length === 0 ? entityTagOf(value) : undefined;
    if (etag !== undefined) {
      reply.header('etag', etag);
      if (kind === undefined && this.notModified(request, etag)) {
        reply.code(304);
        return {};
      }
    }
    if (kind === 'updated') {
      // OData Part 1 §8.2.8.7: `Prefer: return=representation`.
      if (preferenceOf(request, 'return') !== 'representation') {
        // OData Part 1 §11.4.3: an update answers 204 unless the client asks for the entity (the new ETag is in the header).
        reply.code(204);
        return {};
      }
      reply.header('preference-applied', 'return=representation');
    }
    if (kind === 'created') reply.header('location', `${root}/${entityPathOf(odataPath, this.keyOf(value, resource.typeName))}`);
    const collectionPath = resource.isSingleton ? undefined : odataPath;
    const contextPath = resource.isSingleton ? odataPath : `${odataPath}${projectionOf(select, expansions)}/$entity`;
    if (metadata === 'minimal' && value instanceof RenderedEntity) {
      const context = `"@odata.context":${JSON.stringify(`${root}/$metadata#${contextPath}`)}`;
      return asIs(reply, metadata, this.renderedJson(value, context, expansions));
    }
    const entity = {
      ...controlInfo(contextPath),
      ...this.entity(valueOf(value), resource.typeName, collectionPath, expansions, { ...rendering, select }),
    };
    return hasPreserializedMember(entity) ? asIs(reply, metadata, serializeWithPreserialized(entity)) : entity;
  }

  /**
   * A rendered entity's JSON text with `leading` members (its context) before its own and its expanded
   * children after them. Its text always holds `@odata.type`, so it is never an empty object.
   */
  private renderedJson(entity: RenderedEntity, leading: string, expansions: readonly Expansion[]): string {
    let trailing = '';
    const [key] = expansions.length === 0 ? [] : RenderedEntity.keysOf([entity]);
    for (const expansion of expansions) {
      const children = expansion.byParent.get(key) ?? { items: [], count: 0 };
      trailing += `,${JSON.stringify(expansion.navigation)}:[${children.items.map((child) => child.json).join(',')}]`;
      if (expansion.count) trailing += `,${JSON.stringify(`${expansion.navigation}@odata.count`)}:${children.count}`;
    }
    return `{${leading}${leading === '' ? '' : ','}${entity.json.slice(1, -1)}${trailing}}`;
  }

  /**
   * RFC 9110 §13.2.2 for a GET of one entity: whether its `If-None-Match` makes it a 304. A write has
   * evaluated its preconditions against the version it changed; a GET whose `If-Match` fails is a 412.
   */
  private notModified(request: FastifyRequest, etag: string): boolean {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    const outcome = (REQUEST_PRECONDITIONS.get(request) ?? RequestPreconditions.NONE).readOutcome(etag);
    if (outcome === 'failed') {
      throw AppError.preconditionFailed(
        'The entity has changed since the ETag in If-Match was read. Read it again without If-Match to get its current ETag.',
      );
    }
    return outcome === 'notModified';
  }

  /**
   * One entity as the model lets it out (readable properties only), with its expanded children; with
   * full metadata, its `@odata.id` and `@odata.editLink` under `collectionPath`, when it has one.
   */
  private entity(
    value: object,
    typeName: string,
    collectionPath: string | undefined,
    expansions: readonly Expansion[],
    { root, metadata, echoWriteOnly, select }: EntityRendering,
  ): Record<string, unknown> {
    const serialized = this.serializer.serialize(value, typeName, { echoWriteOnly, select, annotate: metadata !== 'none' });
    // Paths are only written with full metadata; building them for every row would be wasted work.
    const entityPath =
      metadata !== 'full' || collectionPath === undefined ? undefined : entityPathOf(collectionPath, this.keyOf(value, typeName));
    for (const expansion of expansions) {
      const children = expansion.byParent.get(this.keyOf(value, typeName)) ?? { items: [], count: 0 };
      const childCollection = entityPath === undefined ? undefined : `${entityPath}/${expansion.navigation}`;
      const rendering = { root, metadata, echoWriteOnly: false, select: expansion.select };
      serialized[expansion.navigation] = children.items.map((child) =>
        this.entity(valueOf(child), expansion.typeName, childCollection, [], rendering),
      );
      if (expansion.count) serialized[`${expansion.navigation}@odata.count`] = children.count;
    }
    if (metadata !== 'full' || entityPath === undefined) return serialized;
    const link = `${root}/${entityPath}`;
    return { '@odata.type': serialized['@odata.type'], '@odata.id': link, '@odata.editLink': link, ...serialized };
  }

  /** The key value of an entity (Graph's entities have one key property, `id`). */
  private keyOf(entity: object, typeName: string): string {
    const [key] = this.model.structuredTypeKey(typeName);
    return String((entity as Record<string, unknown>)[key]);
  }
}

/**
 * The body as it is (JSON text or bytes already written), with the media type named explicitly since
 * Fastify's serializer, which would otherwise add it, is bypassed.
 */
function asIs(reply: FastifyReply, metadata: MetadataLevel, body: string | Buffer): string | Buffer {
  reply.type(odataJsonContentType(metadata)).serializer((text: unknown) => text as string);
  return body;
}

/** A value the formatter renders itself: a rendered entity is taken apart when its text cannot serve as it is. */
function valueOf(item: object): object {
  return item instanceof RenderedEntity ? item.toValue() : item;
}

/**
 * The select list of a context URL (OData JSON §10.9): the selected properties, then each expanded
 * navigation property with its own select list in parentheses, as in `pools(displayName,assignments())`.
 */
function projectionOf(select: readonly string[] | undefined, expansions: readonly Expansion[]): string {
  const items = [...(select ?? []), ...expansions.map(({ navigation, select: nested }) => `${navigation}(${(nested ?? []).join(',')})`)];
  return items.length === 0 ? '' : `(${items.join(',')})`;
}

interface EntityRendering {
  readonly root: string;
  readonly metadata: MetadataLevel;
  /** Only the create response may carry write-only properties, those of its own request (spec §4). */
  readonly echoWriteOnly: boolean;
  readonly select?: readonly string[];
}
