import { Injectable } from '@nestjs/common';
import { Brackets, SelectQueryBuilder } from 'typeorm';
import { AppError } from '../../common/app-error';
import { FilterBinder } from './binding/filter-binder';
import { SQLITE_DIALECT, SqlDialect } from './binding/sql-dialect';
import { ODataPage, ODataQueryRequest } from './odata-query-request';
import { Cursor, SkipTokenCodec } from './paging/skip-token';
import { ValidatedQuery } from './validation/query-validator';

interface Ordering {
  readonly property: string;
  readonly direction: 'asc' | 'desc';
}

/**
 * Applies a validated query to a TypeORM query builder that is already scoped to the caller's
 * tenant, in one fixed order (filter, count, orderby, skip, top), and pages by keyset: the next page
 * starts after the sort values of the last row, so rows inserted or deleted between page fetches
 * never shift a page.
 */
@Injectable()
export class ODataQueryExecutor {
  constructor(private readonly skipTokens: SkipTokenCodec) {}

  /** One page of matches. `scope` (e.g. the tenant id) is bound into the skip tokens it issues. */
  async page<T extends object>(qb: SelectQueryBuilder<T>, request: ODataQueryRequest, scope: string): Promise<ODataPage<T>> {
    const { query, pageSize } = request;
    const binder = this.filtered(qb, query);
    const count = query.count ? await qb.clone().getCount() : undefined;
    const ordering = orderingOf(query);
    const tokenScope = `${scope}\n${request.fingerprint}`;
    if (request.skipToken !== undefined) {
      const cursor = this.skipTokens.decode(request.skipToken, tokenScope);
      if (cursor.length !== ordering.length) throw AppError.invalidInput('The $skiptoken does not fit this query.');
      qb.andWhere(new Brackets((where) => where.where(keysetAfter(binder, ordering, cursor))));
    } else if (query.skip !== undefined) {
      qb.offset(query.skip);
    }
    for (const { property, direction } of ordering) qb.addOrderBy(binder.column(property), direction === 'asc' ? 'ASC' : 'DESC');
    const limit = Math.min(pageSize, query.top ?? Number.POSITIVE_INFINITY);
    const rows = await qb.limit(limit + 1).getMany();
    const items = rows.slice(0, limit);
    const remainingTop = query.top === undefined ? undefined : query.top - items.length;
    if (rows.length <= limit || remainingTop === 0) return new ODataPage(items, count);
    const last = items[items.length - 1] as Record<string, unknown>;
    const cursor = ordering.map(({ property }) => last[property] as string | number | null);
    return new ODataPage(items, count, { skipToken: this.skipTokens.encode(cursor, tokenScope), top: remainingTop });
  }

  /** `/$count`: the number of matches of `$filter` and `$search`, ignoring `$top` and `$skip`. */
  count<T extends object>(qb: SelectQueryBuilder<T>, request: ODataQueryRequest): Promise<number> {
    this.filtered(qb, request.query);
    return qb.getCount();
  }

  private filtered<T extends object>(qb: SelectQueryBuilder<T>, query: ValidatedQuery): FilterBinder {
    const binder = new FilterBinder(qb, dialectOf(qb));
    if (query.filter !== undefined) binder.applyFilter(query.filter);
    if (query.search !== undefined) binder.applySearch(query.search, query.searchProperties);
    return binder;
  }
}

/** The requested ordering with the key appended (OData 4.01 Part 1 §11.2.6.1: stable pages). */
function orderingOf(query: ValidatedQuery): Ordering[] {
  const ordering: Ordering[] = [...query.orderBy];
  for (const key of query.key) if (!ordering.some((item) => item.property === key)) ordering.push({ property: key, direction: 'asc' });
  return ordering;
}

/**
 * Rows strictly after `cursor` in `ordering`: (a > x) OR (a = x AND b > y) OR … with NULL sorting
 * first ascending and last descending, as SQLite orders them.
 */
function keysetAfter(binder: FilterBinder, ordering: readonly Ordering[], cursor: Cursor): string {
  const alternatives = ordering.map((_, level) => {
    const equalities = ordering.slice(0, level).map(({ property }, index) => equal(binder.column(property), cursor[index], binder));
    const { property, direction } = ordering[level];
    return [...equalities, after(binder.column(property), cursor[level], direction, binder)].join(' AND ');
  });
  return alternatives.map((alternative) => `(${alternative})`).join(' OR ');
}

function equal(column: string, value: Cursor[number], binder: FilterBinder): string {
  return value === null ? `${column} IS NULL` : `${column} = ${binder.parameter(value)}`;
}

function after(column: string, value: Cursor[number], direction: 'asc' | 'desc', binder: FilterBinder): string {
  if (direction === 'asc') return value === null ? `${column} IS NOT NULL` : `${column} > ${binder.parameter(value)}`;
  return value === null ? '1 = 0' : `(${column} < ${binder.parameter(value)} OR ${column} IS NULL)`;
}

function dialectOf(qb: SelectQueryBuilder<object>): SqlDialect {
  const type = qb.connection.driver.options.type;
  if (type === 'better-sqlite3') return SQLITE_DIALECT;
  throw new Error(`No OData SQL dialect for the ${type} driver`);
}
