import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, FindOptionsWhere } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { isUniqueViolation } from '../../database/unique-violation';
import { VersionCheck } from '../../database/versioned-write';
import { WriteTransactions } from '../../database/write-transactions';
import { ODataQueryExecutor } from '../../odata/query/odata-query-executor';
import { PoolContainedRepository } from '../pools/pool-contained.repository';
import { PoolsRepository } from '../pools/pools.repository';
import { ASSIGNMENT_ROW_RENDERING } from './assignment.resource';
import { PoolAssignmentEntity } from './entities/pool-assignment.entity';

/** The pool already has an assignment to this target; the write was rolled back. */
export class DuplicateTargetError extends Error {}

/** Persistence of a pool's assignments; the database keeps one per target and pool. */
@Injectable()
export class AssignmentsRepository extends PoolContainedRepository<PoolAssignmentEntity> {
  constructor(dataSource: DataSource, writes: WriteTransactions, odata: ODataQueryExecutor, pools: PoolsRepository) {
    super(dataSource, writes, odata, pools, PoolAssignmentEntity, 'assignment', ASSIGNMENT_ROW_RENDERING);
  }

  /**
   * Replaces the pool's whole assignment set in one transaction (the `assign` action), if `poolCheck`
   * accepts the pool's version (else a VersionConflictError); null when there is no such pool.
   */
  replaceAll(
    tenantId: string,
    poolId: string,
    assignments: readonly PoolAssignmentEntity[],
    poolCheck?: VersionCheck,
  ): Promise<PoolAssignmentEntity[] | null> {
    return this.writes.run(async (manager) => {
      if (!(await this.pools.exists(tenantId, poolId, manager, poolCheck))) return null;
      await manager.delete(PoolAssignmentEntity, { tenantId, poolId });
      await this.insertRows(manager, assignments);
      return [...assignments];
    });
  }

  protected override async insertRows(manager: EntityManager, rows: readonly PoolAssignmentEntity[]): Promise<void> {
    await translateDuplicateTarget(() => super.insertRows(manager, rows));
  }

  protected override async updateRow(
    manager: EntityManager,
    key: FindOptionsWhere<PoolAssignmentEntity>,
    changes: QueryDeepPartialEntity<PoolAssignmentEntity>,
  ): Promise<boolean> {
    return translateDuplicateTarget(() => super.updateRow(manager, key, changes));
  }
}

async function translateDuplicateTarget<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw isUniqueViolation(error) ? new DuplicateTargetError() : error;
  }
}
