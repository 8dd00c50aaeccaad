import { AppError } from '../../common/app-error';
import { RequestPreconditions } from '../../odata/concurrency/preconditions';
import { ODataPage, ODataQueryRequest } from '../../odata/query/odata-query-request';
import { PoolContained, PoolContainedRepository } from './pool-contained.repository';
import { poolNotFound, translateVersionConflict } from './pool-errors';
import { PoolsRepository } from './pools.repository';

/**
 * What every resource contained in a pool does alike: a list and a count only under a pool the
 * caller's tenant has (404 otherwise, not an empty list), and a read or delete of one row that is
 * the same 404 whether the row is missing, under another pool or under another tenant. Writes,
 * which differ per resource, stay with the subclass.
 */
export abstract class PoolContainedService<E extends PoolContained, R> {
  protected constructor(
    private readonly rows: PoolContainedRepository<E>,
    private readonly pools: PoolsRepository,
    /** The EDM type's name, for the 404 message. */
    private readonly typeName: string,
    protected readonly toResource: (row: E) => R,
  ) {}

  async list(tenantId: string, poolId: string, query: ODataQueryRequest): Promise<ODataPage<R>> {
    await this.requirePool(tenantId, poolId);
    return (await this.rows.list(tenantId, poolId, query)).map(this.toResource);
  }

  async count(tenantId: string, poolId: string, query: ODataQueryRequest): Promise<number> {
    await this.requirePool(tenantId, poolId);
    return this.rows.count(tenantId, poolId, query);
  }

  async get(tenantId: string, poolId: string, id: string): Promise<R> {
    const row = await this.rows.findById(tenantId, poolId, id);
    if (row === null) throw this.notFound(id);
    return this.toResource(row);
  }

  /** Spec §9: only if the row satisfies the request's preconditions (a 412 otherwise, and nothing is deleted). */
  async delete(tenantId: string, poolId: string, id: string, preconditions: RequestPreconditions): Promise<void> {
    if (!(await this.unlessModified(id, () => this.rows.delete(tenantId, poolId, id, preconditions.versionCheck())))) {
      throw this.notFound(id);
    }
  }

  /** A write to the row `id` conditional on its version: a 412 when the row changed since the client read it (spec §9). */
  protected unlessModified<T>(id: string, write: () => Promise<T>): Promise<T> {
    return translateVersionConflict(this.typeName, id, write);
  }

  /** The same 404 whether the row is missing, under another pool, or under another tenant. */
  protected notFound(id: string): AppError {
    return AppError.notFound(`No ${this.typeName} with id '${id}' exists in this pool.`);
  }

  private async requirePool(tenantId: string, poolId: string): Promise<void> {
    if (!(await this.pools.exists(tenantId, poolId))) throw poolNotFound(poolId);
  }
}
