import { CanActivate, ExecutionContext, Inject, Injectable, Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../common/app-error';
import { REQUEST_PRECONDITIONS, RequestPreconditions } from './concurrency/preconditions';
import { EdmModel, ResolvedPath } from './edm/edm-model';
import { EdmAction } from './edm/edm-types';
import { ODATA_RUNTIME_OPTIONS } from './odata-module-options';
import type { ODataRuntimeOptions } from './odata-module-options';
import { ENABLE_QUERY, ODataQueryRequest, REQUEST_QUERY } from './query/odata-query-request';
import { parseRequestOptions } from './query/parse-request-options';
import { ParsedQueryOptions } from './query/parser';
import { DEFAULT_QUERY_SETTINGS, ODataQuerySettings } from './query/query-settings';
import { validateQuery, ValidatedQuery } from './query/validation/query-validator';
import { negotiateJson, negotiatePlainText } from './serialization/content-negotiation';
import { preferenceOf } from './serialization/preferences';
import { ODATA_ACTION, ODATA_RESOURCE, ODATA_RESPONSE_KIND, ODataResponseKind } from './serialization/odata-resource.decorators';
import { REQUEST_RENDER_PLAN } from './serialization/render-plan';
import { odataPathOf } from './serialization/resource-path';

/** Options that narrow a collection; a request for a single entity may only shape it ($select, $expand). */
const COLLECTION_OPTIONS = ['filter', 'orderBy', 'top', 'skip', 'count', 'search', 'skipToken'] as const;

/**
 * The OData protocol before every handler of an `@ODataResource` controller (ASP.NET Core OData's
 * EnableQuery filter): content negotiation, query options parsed and validated against the model (the
 * handler receives them with `@ODataQuery()`), and the preconditions `If-Match` and `If-None-Match`
 * (`@Preconditions()`). It leaves a render plan for the output formatter.
 * A guard rather than an interceptor: on Node 20, NestJS's interceptor chain cost 8–11 % of the CPU
 * of a simple GET (`AsyncResource.bind` per call), and guards run in order after authentication.
 */
@Injectable()
export class ODataRequestGuard implements CanActivate {
  private readonly settings: ODataQuerySettings;
  /** Each handler's plan by controller class (a handler may be inherited by several), or null outside OData controllers. */
  private readonly plans = new WeakMap<Type, Map<Handler, HandlerPlan | null>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly model: EdmModel,
    @Inject(ODATA_RUNTIME_OPTIONS) { maxPageSize }: ODataRuntimeOptions,
  ) {
    this.settings = { ...DEFAULT_QUERY_SETTINGS, maxPageSize };
  }

  canActivate(context: ExecutionContext): boolean {
    const plan = this.planFor(context.getClass(), context.getHandler());
    if (plan === null) return true;
    const { template, resource, kind, enableQuery, action } = plan;
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const options = parseRequestOptions(request);
    if (kind === 'count') negotiatePlainText(request, options.format);
    const metadata = kind === 'count' ? 'minimal' : negotiateJson(request, options.format);
    const odataPath = plan.odataPath ?? odataPathOf(template, request.params as Record<string, string | undefined>);
    let select: readonly string[] | undefined;
    if (request.method === 'GET' || request.method === 'HEAD') {
      const queryRequest = this.prepareQuery(options, { resource, odataPath }, enableQuery, request, reply);
      REQUEST_QUERY.set(request, queryRequest);
      select = queryRequest.query.select;
    } else if (Object.keys(options).some((option) => option !== 'unsupported' && option !== 'format') || options.unsupported.length > 0) {
      throw AppError.notImplemented(`Query options are not supported on ${request.method} requests.`);
    }
    REQUEST_RENDER_PLAN.set(request, { kind, odataPath, resource, metadata, select, action });
    REQUEST_PRECONDITIONS.set(request, RequestPreconditions.of(request.headers));
    return true;
  }

  /** A handler's decorators, read once: they cannot change while the application runs. */
  private planFor(controller: Type, handler: Handler): HandlerPlan | null {
    let byHandler = this.plans.get(controller);
    if (byHandler === undefined) this.plans.set(controller, (byHandler = new Map<Handler, HandlerPlan | null>()));
    let plan = byHandler.get(handler);
    if (plan === undefined) byHandler.set(handler, (plan = this.readPlan(controller, handler)));
    return plan;
  }

  private readPlan(controller: Type, handler: Handler): HandlerPlan | null {
    const template = this.reflector.get<string | undefined>(ODATA_RESOURCE, controller);
    if (template === undefined) return null;
    const actionName = this.reflector.get<string | undefined>(ODATA_ACTION, handler);
    const action = actionName === undefined ? undefined : this.model.allActions().get(actionName);
    if (actionName !== undefined && action === undefined) throw new Error(`No action ${actionName} in the EDM model`);
    return {
      template,
      resource: this.model.resolve(template),
      odataPath: template.includes(':') ? undefined : odataPathOf(template, {}),
      kind: this.reflector.get<ODataResponseKind | undefined>(ODATA_RESPONSE_KIND, handler),
      enableQuery: Boolean(this.reflector.get(ENABLE_QUERY, handler)),
      action,
    };
  }

  private prepareQuery(
    options: ParsedQueryOptions,
    { resource, odataPath }: { resource: ResolvedPath; odataPath: string },
    enableQuery: boolean,
    request: FastifyRequest,
    reply: FastifyReply,
  ): ODataQueryRequest {
    // Capabilities.ExpandRestrictions: a singleton that says so is not expanded, rather than silently returned without.
    if (
      options.expand !== undefined &&
      resource.isSingleton &&
      this.model.singletons().some((singleton) => singleton.name === odataPath && singleton.expandable === false)
    ) {
      throw AppError.notImplemented(`$expand is not supported on ${odataPath}; read its navigation properties at their own paths.`);
    }
    if (!enableQuery) {
      const misplaced = COLLECTION_OPTIONS.find((option) => options[option] !== undefined);
      if (misplaced !== undefined) {
        throw AppError.invalidInput(
          `The query option $${misplaced.toLowerCase()} applies to collections; this request addresses a single ${resource.typeName}.`,
        );
      }
    }
    const query = validateQuery(options, resource.typeName, this.model, this.settings);
    const preferred = preferredPageSize(request);
    const pageSize = preferred === undefined ? this.settings.maxPageSize : Math.min(preferred, this.settings.maxPageSize);
    if (preferred !== undefined) reply.header('preference-applied', `odata.maxpagesize=${pageSize}`);
    return new PreparedQueryRequest(query, pageSize, options.skipToken, odataPath);
  }
}

/** A request's query as the guard prepared it, for the handler's `@ODataQuery()`. */
class PreparedQueryRequest implements ODataQueryRequest {
  constructor(
    readonly query: ValidatedQuery,
    readonly pageSize: number,
    readonly skipToken: string | undefined,
    private readonly odataPath: string,
  ) {}

  /**
   * A skip token is good for the very collection it was issued for, parent keys included. Built when a
   * collection's page is read: a read by key never needs it.
   */
  get fingerprint(): string {
    return JSON.stringify([this.odataPath, this.query.filter, this.query.orderBy, this.query.search]);
  }
}

type Handler = ReturnType<ExecutionContext['getHandler']>;

/** What the guard reads from a handler's decorators and the model. */
interface HandlerPlan {
  /** The controller's resource path template (`@ODataResource`). */
  readonly template: string;
  readonly resource: ResolvedPath;
  /** The OData path, when the template has no keys and so every request has the same one. */
  readonly odataPath?: string;
  readonly kind?: ODataResponseKind;
  /** `@EnableQuery()`: a collection, which takes every query option. */
  readonly enableQuery: boolean;
  readonly action?: EdmAction;
}

/** OData Part 1 §8.2.8.3: `Prefer: odata.maxpagesize=n` (also the 4.0-era `maxpagesize`). */
function preferredPageSize(request: FastifyRequest): number | undefined {
  const value = preferenceOf(request, 'odata.maxpagesize') ?? preferenceOf(request, 'maxpagesize');
  return value !== undefined && /^[1-9]\d{0,8}$/.test(value) ? Number(value) : undefined;
}
