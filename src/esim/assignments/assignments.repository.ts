import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { isUniqueViolation } from '../../database/unique-violation';
import { WriteTransactions } from '../../database/write-transactions';
import { ODataQueryExecutor } from '../../odata/query/odata-query-executor';
import { ODataPage, ODataQueryRequest } from '../../odata/query/odata-query-request';
import { PoolsRepository } from '../pools/pools.repository';
import { TargetColumns } from './assignment-target';
import { PoolAssignmentEntity } from './entities/pool-assignment.entity';

/** The pool already has an assignment to this target; the write was rolled back. */
export class DuplicateTargetError extends Error {}

/**
 * Persistence of a pool's assignments. Tenant and pool are the first arguments of every method and
 * part of every WHERE; a write to a pool the tenant does not have returns null (the caller's 404).
 */
@Injectable()
export class AssignmentsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly writes: WriteTransactions,
    private readonly odata: ODataQueryExecutor,
    private readonly pools: PoolsRepository,
  ) {}

  list(tenantId: string, poolId: string, request: ODataQueryRequest): Promise<ODataPage<PoolAssignmentEntity>> {
    return this.odata.page(this.ofPool(tenantId, poolId), request, tenantId);
  }

  count(tenantId: string, poolId: string, request: ODataQueryRequest): Promise<number> {
    return this.odata.count(this.ofPool(tenantId, poolId), request);
  }

  /** The query builder for a pool's assignments, scoped to its tenant; `$expand` and lists start from it. */
  ofPool(tenantId: string, poolId?: string) {
    const qb = this.dataSource.manager
      .createQueryBuilder(PoolAssignmentEntity, 'assignment')
      .where('assignment.tenantId = :tenantId', { tenantId });
    return poolId === undefined ? qb : qb.andWhere('assignment.poolId = :poolId', { poolId });
  }

  findById(tenantId: string, poolId: string, id: string): Promise<PoolAssignmentEntity | null> {
    return this.dataSource.manager.findOneBy(PoolAssignmentEntity, { tenantId, poolId, id });
  }

  /** Inserts the assignment; false when the tenant has no such pool. */
  insert(assignment: PoolAssignmentEntity): Promise<boolean> {
    return this.writes.run(async (manager) => {
      if (!(await this.pools.exists(assignment.tenantId, assignment.poolId, manager))) return false;
      await insertAssignments(manager, [assignment]);
      return true;
    });
  }

  /** Applies a new target; null when the tenant has no such assignment in that pool. */
  update(tenantId: string, poolId: string, id: string, target: TargetColumns | undefined): Promise<PoolAssignmentEntity | null> {
    return this.writes.run(async (manager) => {
      const existing = await manager.findOneBy(PoolAssignmentEntity, { tenantId, poolId, id });
      if (existing === null || target === undefined) return existing;
      try {
        await manager.update(PoolAssignmentEntity, { tenantId, poolId, id }, target);
      } catch (error) {
        throw isUniqueViolation(error) ? new DuplicateTargetError() : error;
      }
      return { ...existing, ...target };
    });
  }

  async delete(tenantId: string, poolId: string, id: string): Promise<boolean> {
    const result = await this.writes.run((manager) => manager.delete(PoolAssignmentEntity, { tenantId, poolId, id }));
    return Boolean(result.affected);
  }

  /** Replaces the pool's whole assignment set in one transaction (the `assign` action); null when there is no such pool. */
  replaceAll(tenantId: string, poolId: string, assignments: readonly PoolAssignmentEntity[]): Promise<PoolAssignmentEntity[] | null> {
    return this.writes.run(async (manager) => {
      if (!(await this.pools.exists(tenantId, poolId, manager))) return null;
      await manager.delete(PoolAssignmentEntity, { tenantId, poolId });
      await insertAssignments(manager, assignments);
      return [...assignments];
    });
  }
}

async function insertAssignments(manager: EntityManager, assignments: readonly PoolAssignmentEntity[]): Promise<void> {
  if (assignments.length === 0) return;
  try {
    await manager.insert(PoolAssignmentEntity, [...assignments]);
  } catch (error) {
    throw isUniqueViolation(error) ? new DuplicateTargetError() : error;
  }
}
