import { AppError } from '../../common/app-error';
import type { VersionCheck } from '../../database/versioned-write';
import { RequestPreconditions } from '../../odata/concurrency/preconditions';
import { ODataPage, ODataQueryRequest } from '../../odata/query/odata-query-request';
import { RenderedEntity, RenderedRun } from '../../odata/serialization/rendered-entity';
import { PoolContained, PoolContainedRepository } from './pool-contained.repository';
import { poolNotFound, translateVersionConflict } from './pool-errors';
import { PoolsRepository } from './pools.repository';

/**
 * What every resource contained in a pool does alike: a list and a count only under a pool the
 * caller's tenant has (404 otherwise, not an empty list), and a read or delete of one row that is
 * the same 404 whether the row is missing, under another pool or under another tenant, and an
 * update's 412 and 404 around the write each subclass makes of its own body.
 */
export abstract class PoolContainedService<E extends PoolContained, R> {
  protected constructor(
    private readonly rows: PoolContainedRepository<E>,
    private readonly pools: PoolsRepository,
    /** The EDM type's name, for the 404 message. */
    private readonly typeName: string,
    protected readonly toResource: (row: E) => R,
  ) {}

  async list(tenantId: string, poolId: string, query: ODataQueryRequest): Promise<ODataPage<RenderedEntity | RenderedRun>> {
    await this.requirePool(tenantId, poolId);
    return this.rows.list(tenantId, poolId, query);
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

  /**
   * Spec §9: an update of the row `id` (`write`, given the version check of the request's
   * preconditions, answers the updated row or null when there is none): a 412 when the row changed
   * since the client read it, and nothing changes; the same 404 as a read when it is missing.
   */
  protected async updateRow(
    id: string,
    preconditions: RequestPreconditions,
    write: (check: VersionCheck | undefined) => Promise<E | null>,
  ): Promise<R> {
    const updated = await this.unlessModified(id, () => write(preconditions.versionCheck()));
    if (updated === null) throw this.notFound(id);
    return this.toResource(updated);
  }

  /** A write to the row `id` conditional on its version: a 412 when the row changed since the client read it (spec §9). */
  private unlessModified<T>(id: string, write: () => Promise<T>): Promise<T> {
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
