import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppError } from '../../common/app-error';
import { FIRST_VERSION } from '../../database/versioned-write';
import { RequestPreconditions } from '../../odata/concurrency/preconditions';
import { PoolContainedService } from '../pools/pool-contained.service';
import { poolNotFound, translatePoolVersionConflict } from '../pools/pool-errors';
import { PoolsRepository } from '../pools/pools.repository';
import { sameTarget, TargetColumns, targetColumns } from './assignment-target';
import { AssignmentResource, toAssignmentResource } from './assignment.resource';
import { DuplicateTargetError, AssignmentsRepository } from './assignments.repository';
import { PoolAssignmentEntity } from './entities/pool-assignment.entity';
import { AssignDto, CreateAssignmentDto, UpdateAssignmentDto } from './dto/assignment-write.dto';

/**
 * A pool's assignments (spec §2, §3): reachable only through their own pool and tenant, one per
 * target and pool (409 otherwise), replaced as a whole by the `assign` action.
 */
@Injectable()
export class AssignmentsService extends PoolContainedService<PoolAssignmentEntity, AssignmentResource> {
  constructor(
    private readonly assignments: AssignmentsRepository,
    pools: PoolsRepository,
  ) {
    super(assignments, pools, 'embeddedSIMActivationCodePoolAssignment', toAssignmentResource);
  }

  async create(tenantId: string, poolId: string, dto: CreateAssignmentDto): Promise<AssignmentResource> {
    const assignment = { id: randomUUID(), tenantId, poolId, ...targetColumns(dto.target, 'target'), version: FIRST_VERSION };
    if (!(await translateDuplicateTarget(() => this.assignments.insert(assignment)))) throw poolNotFound(poolId);
    return toAssignmentResource(assignment);
  }

  /** Spec §9: only if the assignment satisfies the request's preconditions (a 412 otherwise, and nothing changes). */
  async update(
    tenantId: string,
    poolId: string,
    id: string,
    dto: UpdateAssignmentDto,
    preconditions: RequestPreconditions,
  ): Promise<AssignmentResource> {
    const changes = dto.target === undefined ? {} : targetColumns(dto.target, 'target');
    return this.updateRow(id, preconditions, (check) =>
      translateDuplicateTarget(() => this.assignments.update(tenantId, poolId, id, changes, check)),
    );
  }

  /**
   * The `assign` action: the pool's assignments become exactly these, in one transaction. Its
   * preconditions are the pool's, the binding parameter's (OData Part 1 §11.5.4.1); the pool itself,
   * and so its ETag, stays as it is.
   */
  async assign(tenantId: string, poolId: string, dto: AssignDto, preconditions: RequestPreconditions): Promise<AssignmentResource[]> {
    const targets: TargetColumns[] = dto.assignments.map(({ target }, index) => targetColumns(target, `assignments[${index}].target`));
    targets.forEach((target, index) => {
      const earlier = targets.findIndex((other) => sameTarget(other, target));
      if (earlier < index) {
        throw AppError.invalidInput(
          `'assignments[${index}].target' repeats the target of assignments[${earlier}]; each target may be assigned once.`,
        );
      }
    });
    const assigned = await translatePoolVersionConflict(poolId, () =>
      this.assignments.replaceAll(
        tenantId,
        poolId,
        targets.map((target) => ({ id: randomUUID(), tenantId, poolId, ...target, version: FIRST_VERSION })),
        preconditions.versionCheck(),
      ),
    );
    if (assigned === null) throw poolNotFound(poolId);
    return assigned.map(toAssignmentResource);
  }
}

async function translateDuplicateTarget<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof DuplicateTargetError) {
      throw AppError.conflict('The pool already has an assignment to this target; a target may be assigned to a pool once.');
    }
    throw error;
  }
}
