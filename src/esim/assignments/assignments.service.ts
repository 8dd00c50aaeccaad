import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppError } from '../../common/app-error';
import { ODataPage, ODataQueryRequest } from '../../odata/query/odata-query-request';
import { notFoundInPool, poolNotFound, requirePool } from '../pools/pool-errors';
import { PoolsRepository } from '../pools/pools.repository';
import { sameTarget, TargetColumns, targetColumns } from './assignment-target';
import { AssignmentResource, toAssignmentResource } from './assignment.resource';
import { DuplicateTargetError, AssignmentsRepository } from './assignments.repository';
import { AssignDto, CreateAssignmentDto, UpdateAssignmentDto } from './dto/assignment-write.dto';

/**
 * A pool's assignments (spec §2, §3): reachable only through their own pool and tenant, one per
 * target and pool (409 otherwise), replaced as a whole by the `assign` action.
 */
@Injectable()
export class AssignmentsService {
  constructor(
    private readonly assignments: AssignmentsRepository,
    private readonly pools: PoolsRepository,
  ) {}

  async list(tenantId: string, poolId: string, query: ODataQueryRequest): Promise<ODataPage<AssignmentResource>> {
    await requirePool(this.pools, tenantId, poolId);
    return (await this.assignments.list(tenantId, poolId, query)).map(toAssignmentResource);
  }

  async count(tenantId: string, poolId: string, query: ODataQueryRequest): Promise<number> {
    await requirePool(this.pools, tenantId, poolId);
    return this.assignments.count(tenantId, poolId, query);
  }

  async get(tenantId: string, poolId: string, id: string): Promise<AssignmentResource> {
    const assignment = await this.assignments.findById(tenantId, poolId, id);
    if (assignment === null) throw assignmentNotFound(id);
    return toAssignmentResource(assignment);
  }

  async create(tenantId: string, poolId: string, dto: CreateAssignmentDto): Promise<AssignmentResource> {
    const assignment = { id: randomUUID(), tenantId, poolId, ...targetColumns(dto.target, 'target') };
    if (!(await translateDuplicateTarget(() => this.assignments.insert(assignment)))) throw poolNotFound(poolId);
    return toAssignmentResource(assignment);
  }

  async update(tenantId: string, poolId: string, id: string, dto: UpdateAssignmentDto): Promise<AssignmentResource> {
    const changes = dto.target === undefined ? {} : targetColumns(dto.target, 'target');
    const updated = await translateDuplicateTarget(() => this.assignments.update(tenantId, poolId, id, changes));
    if (updated === null) throw assignmentNotFound(id);
    return toAssignmentResource(updated);
  }

  async delete(tenantId: string, poolId: string, id: string): Promise<void> {
    if (!(await this.assignments.delete(tenantId, poolId, id))) throw assignmentNotFound(id);
  }

  /** The `assign` action: the pool's assignments become exactly these, in one transaction. */
  async assign(tenantId: string, poolId: string, dto: AssignDto): Promise<AssignmentResource[]> {
    const targets: TargetColumns[] = dto.assignments.map(({ target }, index) => targetColumns(target, `assignments[${index}].target`));
    targets.forEach((target, index) => {
      const earlier = targets.findIndex((other) => sameTarget(other, target));
      if (earlier < index) {
        throw AppError.invalidInput(
          `'assignments[${index}].target' repeats the target of assignments[${earlier}]; each target may be assigned once.`,
        );
      }
    });
    const assigned = await this.assignments.replaceAll(
      tenantId,
      poolId,
      targets.map((target) => ({ id: randomUUID(), tenantId, poolId, ...target })),
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

function assignmentNotFound(id: string): AppError {
  return notFoundInPool('embeddedSIMActivationCodePoolAssignment', id);
}
