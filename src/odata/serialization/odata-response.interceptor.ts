import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, Observable } from 'rxjs';
import { AppError } from '../../common/app-error';
import { AppConfig } from '../../config/app-config';
import { overrideResponseStatus } from '../../graph/http/graph-response-hooks';
import { EdmModel, ResolvedPath } from '../edm/edm-model';
import { ENABLE_QUERY, ODataPage, ODataQueryRequest, attachQueryRequest } from '../query/odata-query-request';
import { nextLinkFor } from '../query/paging/next-link';
import { ODataSyntaxError, ParsedQueryOptions, parseQueryOptions } from '../query/parser';
import { DEFAULT_QUERY_SETTINGS, ODataQuerySettings } from '../query/query-settings';
import { validateQuery } from '../query/validation/query-validator';
import { MetadataLevel, negotiateJson, odataJsonContentType } from './content-negotiation';
import { EntitySerializer } from './entity-serializer';
import { ODATA_RESOURCE, ODATA_RESPONSE_KIND, ODataResponseKind } from './odata-resource.decorators';
import { serviceRootUrl } from './service-root';

interface RenderContext {
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
  readonly kind?: ODataResponseKind;
  readonly resourcePath: string;
  readonly resource: ResolvedPath;
  readonly metadata: MetadataLevel;
  readonly select?: readonly string[];
}

/** Options that narrow a collection; a request for a single entity may only shape it ($select, $expand). */
const COLLECTION_OPTIONS = ['filter', 'orderBy', 'top', 'skip', 'count', 'search', 'skipToken'] as const;

/**
 * The OData protocol around every handler of an `@ODataResource` controller. Before the handler:
 * content negotiation, and query options parsed and validated against the model (the handler
 * receives them with `@ODataQuery()`). After it: the OData JSON rendering (OData JSON Format §4–§12)
 * of what the handler returned, a plain value: an `ODataPage` becomes `{"@odata.context", "value"}`
 * with `@odata.count` and `@odata.nextLink`, an object a top-level entity, a number a `$count`,
 * `undefined` an empty body.
 */
@Injectable()
export class ODataResponseInterceptor implements NestInterceptor {
  private readonly settings: ODataQuerySettings;

  constructor(
    private readonly reflector: Reflector,
    private readonly model: EdmModel,
    private readonly serializer: EntitySerializer,
    config: AppConfig,
  ) {
    this.settings = { ...DEFAULT_QUERY_SETTINGS, maxPageSize: config.odata.maxPageSize };
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const resourcePath = this.reflector.get<string | undefined>(ODATA_RESOURCE, context.getClass());
    if (resourcePath === undefined) return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const options = parseOptions(request);
    const metadata = negotiateJson(request, takeFormat(options, request));
    const resource = this.model.resolve(resourcePath);
    let select: readonly string[] | undefined;
    if (request.method === 'GET' || request.method === 'HEAD') {
      const queryRequest = this.prepareQuery(options, resource, Boolean(this.reflector.get(ENABLE_QUERY, context.getHandler())), request, reply);
      attachQueryRequest(request, queryRequest);
      select = queryRequest.query.select;
    } else if (Object.keys(options).some((option) => option !== 'unsupported') || options.unsupported.length > 0) {
      throw AppError.notImplemented(`Query options are not supported on ${request.method} requests.`);
    }
    const kind = this.reflector.get<ODataResponseKind | undefined>(ODATA_RESPONSE_KIND, context.getHandler());
    const render: RenderContext = { request, reply, kind, resourcePath, resource, metadata, select };
    return next.handle().pipe(map((result: unknown) => this.render(result, render)));
  }

  private prepareQuery(options: ParsedQueryOptions, resource: ResolvedPath, enableQuery: boolean, request: FastifyRequest, reply: FastifyReply): ODataQueryRequest {
    if (!enableQuery) {
      const misplaced = COLLECTION_OPTIONS.find((option) => options[option] !== undefined);
      if (misplaced !== undefined) {
        throw AppError.invalidInput(`The query option $${misplaced.toLowerCase()} applies to collections; this request addresses a single ${resource.typeName}.`);
      }
    }
    const query = validateQuery(options, resource.typeName, this.model, this.settings);
    if (query.expand.length > 0) throw AppError.notImplemented(`Expanding '${query.expand[0].navigation}' is not supported yet.`);
    const preferred = preferredPageSize(request);
    const pageSize = preferred === undefined ? this.settings.maxPageSize : Math.min(preferred, this.settings.maxPageSize);
    if (preferred !== undefined) reply.header('preference-applied', `odata.maxpagesize=${pageSize}`);
    const fingerprint = JSON.stringify([query.typeName, query.filter, query.orderBy, query.search]);
    return { query, pageSize, skipToken: options.skipToken, fingerprint };
  }

  private render(result: unknown, context: RenderContext): unknown {
    const { request, reply, kind, resourcePath, resource, metadata, select } = context;
    if (result === undefined || result === null) return undefined;
    if (typeof result === 'number') {
      reply.type('text/plain; charset=utf-8');
      return String(result);
    }
    if (metadata !== 'minimal') reply.type(odataJsonContentType(metadata));
    const root = serviceRootUrl(request);
    const projection = select === undefined ? '' : `(${select.join(',')})`;
    const controlInfo = (contextPath: string) => (metadata === 'none' ? {} : { '@odata.context': `${root}/$metadata#${contextPath}` });
    if (result instanceof ODataPage) {
      return {
        ...controlInfo(`${resourcePath}${projection}`),
        ...(result.count === undefined ? {} : { '@odata.count': result.count }),
        value: result.items.map((item: object) => this.entity(item, context, root)),
        ...(result.next === undefined ? {} : { '@odata.nextLink': nextLinkFor(request, result.next.skipToken, result.next.top) }),
      };
    }
    if (kind === 'updated') {
      if (!prefersRepresentation(request)) {
        overrideResponseStatus(reply, 204);
        return undefined;
      }
      reply.header('preference-applied', 'return=representation');
    }
    if (kind === 'created') reply.header('location', entityUrl(root, resourcePath, result));
    const contextPath = resource.isSingleton ? resourcePath : `${resourcePath}${projection}/$entity`;
    return { ...controlInfo(contextPath), ...this.entity(result as object, context, root) };
  }

  private entity(value: object, { kind, resource, resourcePath, metadata, select }: RenderContext, root: string): Record<string, unknown> {
    const serialized = this.serializer.serialize(value, resource.typeName, { echoWriteOnly: kind === 'created', select, annotate: metadata !== 'none' });
    if (metadata !== 'full' || resource.isSingleton) return serialized;
    const link = entityUrl(root, resourcePath, value);
    return { '@odata.type': serialized['@odata.type'], '@odata.id': link, '@odata.editLink': link, ...serialized };
  }
}

function parseOptions(request: FastifyRequest): ParsedQueryOptions {
  try {
    return parseQueryOptions(request.query as Record<string, string | string[] | undefined>);
  } catch (error) {
    if (error instanceof ODataSyntaxError) throw AppError.invalidInput(error.message);
    throw error;
  }
}

/** `$format` is negotiated here, so it leaves the list of options the validator would refuse. */
function takeFormat(options: ParsedQueryOptions, request: FastifyRequest): string | undefined {
  const index = options.unsupported.findIndex((option) => option.replace(/^\$/, '').toLowerCase() === 'format');
  if (index === -1) return undefined;
  const [name] = options.unsupported.splice(index, 1);
  const value = (request.query as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}

function entityUrl(root: string, resourcePath: string, entity: unknown): string {
  return `${root}/${resourcePath}('${String((entity as { id?: unknown }).id)}')`;
}

/** RFC 7240 / OData Part 1 §8.2.8.7: `Prefer: return=representation`, possibly among other preferences. */
function prefersRepresentation(request: FastifyRequest): boolean {
  const prefer = request.headers.prefer;
  return typeof prefer === 'string' && /(^|[,;\s])return\s*=\s*"?representation"?\s*($|[,;])/i.test(prefer);
}

/** OData Part 1 §8.2.8.3: `Prefer: odata.maxpagesize=n` (also the older `maxpagesize`). */
function preferredPageSize(request: FastifyRequest): number | undefined {
  const prefer = request.headers.prefer;
  const match = typeof prefer === 'string' ? /(?:^|[,;\s])(?:odata\.)?maxpagesize\s*=\s*"?(\d+)"?/i.exec(prefer) : null;
  const size = match === null ? undefined : Number(match[1]);
  return size !== undefined && size > 0 ? size : undefined;
}
