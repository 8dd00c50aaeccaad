import { AssignmentTarget, targetOf } from './assignment-target';
import { PoolAssignmentEntity } from './entities/pool-assignment.entity';

/** An assignment as responses show it. */
export interface AssignmentResource {
  readonly id: string;
  readonly target: AssignmentTarget;
}

export function toAssignmentResource(assignment: PoolAssignmentEntity): AssignmentResource {
  return { id: assignment.id, target: targetOf(assignment) };
}
