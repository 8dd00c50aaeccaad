import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { RequestSlot } from '../../common/request-slot';
import { RenderedEntity } from '../serialization/rendered-entity';
import { ValidatedQuery } from './validation/query-validator';

/** What a collection handler receives: the validated options and how to page. */
export interface ODataQueryRequest {
  readonly query: ValidatedQuery;
  /** Server-driven page size: `MAX_PAGE_SIZE`, lowered by `Prefer: odata.maxpagesize`. */
  readonly pageSize: number;
  readonly skipToken?: string;
  /** What the result set depends on; a skip token is valid only for the same fingerprint. */
  readonly fingerprint: string;
}

/** The children one parent has in an expanded navigation property, and how many match in all. */
export interface ExpandedChildren {
  readonly items: readonly RenderedEntity[];
  readonly count: number;
}

/** One navigation property expanded (`$expand`) for a page or an entity: the children of each parent, by the parent's key. */
export interface Expansion {
  readonly navigation: string;
  /** The children's entity type. */
  readonly typeName: string;
  readonly select?: readonly string[];
  /** `$count=true` inside the expand: `navigation@odata.count` goes beside the children. */
  readonly count: boolean;
  readonly byParent: ReadonlyMap<string, ExpandedChildren>;
}

/** One page of a collection, as a repository returns it and the OData output formatter renders it. */
export class ODataPage<T> {
  constructor(
    readonly items: readonly T[],
    readonly count?: number,
    readonly next?: { readonly skipToken: string; readonly top?: number },
    readonly expansions: readonly Expansion[] = [],
  ) {}
}

/** One entity with its expanded navigation properties (a handler without `$expand` may return the entity alone). */
export class ODataEntity<T> {
  constructor(
    readonly value: T,
    readonly expansions: readonly Expansion[] = [],
  ) {}
}

export const ENABLE_QUERY = Symbol('odata:enableQuery');

/**
 * Declares a handler that returns a collection (or its `$count`) and accepts every system query
 * option; other GET handlers accept `$select` and `$expand` only (as ASP.NET Core OData's EnableQuery).
 */
export const EnableQuery = () => SetMetadata(ENABLE_QUERY, true);

/** The validated query options of a request, set by the ODataRequestGuard. */
export const REQUEST_QUERY = new RequestSlot<ODataQueryRequest>('odata:queryRequest');

/** The validated query options of this request (parsed and checked by the ODataRequestGuard). */
export const ODataQuery = createParamDecorator((_: unknown, context: ExecutionContext): ODataQueryRequest => {
  const query = REQUEST_QUERY.get(context.switchToHttp().getRequest<FastifyRequest>());
  if (query === undefined) throw new Error('ODataQuery used outside an @ODataResource controller');
  return query;
});
