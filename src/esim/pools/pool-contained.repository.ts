import { DataSource, EntityManager, EntityTarget, FindOptionsWhere, SelectQueryBuilder } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { VersionCheck, VersionedWrite } from '../../database/versioned-write';
import { WriteTransactions } from '../../database/write-transactions';
import { RowRendering } from '../../odata/query/binding/json-render-plan';
import { ODataQueryExecutor } from '../../odata/query/odata-query-executor';
import { ODataPage, ODataQueryRequest } from '../../odata/query/odata-query-request';
import { RenderedEntity, RenderedRun } from '../../odata/serialization/rendered-entity';
import { PoolsRepository } from './pools.repository';

/** A row of a resource contained in a pool (spec §1): it carries its tenant and its pool. */
export interface PoolContained {
  id: string;
  tenantId: string;
  poolId: string;
}

/**
 * Persistence of a resource contained in a pool (its assignments, its device states). Tenant and pool
 * are the first arguments of every method and part of every WHERE, so a child is reachable only
 * through its own pool; a write to a pool the tenant does not have finds nothing (the caller's 404).
 */
export abstract class PoolContainedRepository<E extends PoolContained> {
  protected constructor(
    protected readonly dataSource: DataSource,
    protected readonly writes: WriteTransactions,
    private readonly odata: ODataQueryExecutor,
    protected readonly pools: PoolsRepository,
    private readonly entity: EntityTarget<E>,
    private readonly alias: string,
    /** What the database renders of a row. */
    readonly rendering: RowRendering,
  ) {}

  /** One page of the pool's rows as the database renders them. */
  list(tenantId: string, poolId: string, request: ODataQueryRequest): Promise<ODataPage<RenderedEntity | RenderedRun>> {
    return this.odata.page(this.ofPool(tenantId, poolId), request, tenantId, this.rendering);
  }

  count(tenantId: string, poolId: string, request: ODataQueryRequest): Promise<number> {
    return this.odata.count(this.ofPool(tenantId, poolId), request);
  }

  /** The tenant's rows of this resource in one pool: where a list starts. */
  private ofPool(tenantId: string, poolId: string): SelectQueryBuilder<E> {
    return this.ofTenant(tenantId).andWhere(`${this.alias}.poolId = :poolId`, { poolId });
  }

  /** The tenant's rows of this resource in any of these pools: where `$expand` starts. */
  ofPools(tenantId: string, poolIds: readonly string[]): SelectQueryBuilder<E> {
    return this.ofTenant(tenantId).andWhere(`${this.alias}.poolId IN (:...poolIds)`, { poolIds });
  }

  private ofTenant(tenantId: string): SelectQueryBuilder<E> {
    return this.dataSource.manager.createQueryBuilder(this.entity, this.alias).where(`${this.alias}.tenantId = :tenantId`, { tenantId });
  }

  findById(tenantId: string, poolId: string, id: string): Promise<E | null> {
    return this.dataSource.manager.findOneBy(this.entity, this.keyOf(tenantId, poolId, id));
  }

  /** Inserts the row; false when the tenant has no such pool. */
  insert(row: E): Promise<boolean> {
    return this.writes.run(async (manager) => {
      if (!(await this.pools.exists(row.tenantId, row.poolId, manager))) return false;
      await this.insertRows(manager, [row]);
      return true;
    });
  }

  /**
   * Applies `changes` to the row if `check` accepts its version (else a VersionConflictError, and
   * nothing changes); null when the tenant has no such row in that pool.
   */
  update(tenantId: string, poolId: string, id: string, changes: QueryDeepPartialEntity<E>, check?: VersionCheck): Promise<E | null> {
    return this.writes.run(async (manager) => {
      const key = this.keyOf(tenantId, poolId, id);
      const write = await VersionedWrite.begin(manager, this.entity, key, check);
      if (write === undefined) return null;
      // The UPDATE tells whether the row exists; only a body that changes nothing needs a look-up for that.
      if (Object.keys(changes).length > 0 && !(await write.wrote(await this.updateRow(manager, write.key, changes)))) return null;
      return manager.findOneBy(this.entity, key);
    });
  }

  /** Deletes the row if `check` accepts its version (else a VersionConflictError); false when there is no such row. */
  delete(tenantId: string, poolId: string, id: string, check?: VersionCheck): Promise<boolean> {
    return this.writes.run(async (manager) => {
      const write = await VersionedWrite.begin(manager, this.entity, this.keyOf(tenantId, poolId, id), check);
      if (write === undefined) return false;
      const result = await manager.delete(this.entity, write.key);
      return write.wrote(Boolean(result.affected));
    });
  }

  /**
   * Where a subclass translates what its table's constraints refuse. The rows state their version;
   * TypeORM would otherwise read them back after the INSERT (SQLite has no RETURNING for it).
   */
  protected async insertRows(manager: EntityManager, rows: readonly E[]): Promise<void> {
    if (rows.length === 0) return;
    await manager
      .createQueryBuilder()
      .insert()
      .into(this.entity)
      .values([...rows] as QueryDeepPartialEntity<E>[])
      .updateEntity(false)
      .execute();
  }

  /** Whether a row was updated. */
  protected async updateRow(manager: EntityManager, key: FindOptionsWhere<E>, changes: QueryDeepPartialEntity<E>): Promise<boolean> {
    const result = await manager.update(this.entity, key, changes);
    return Boolean(result.affected);
  }

  protected keyOf(tenantId: string, poolId: string, id: string): FindOptionsWhere<E> {
    return { tenantId, poolId, id } as FindOptionsWhere<E>;
  }
}
