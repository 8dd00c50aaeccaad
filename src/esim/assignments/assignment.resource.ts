import { ENTITY_TAG, EntityTagged, weakEntityTag } from '../../odata/concurrency/entity-tags';
import { AssignmentTarget, targetOf } from './assignment-target';
import { PoolAssignmentEntity } from './entities/pool-assignment.entity';

/** An assignment as responses show it, with its ETag. */
export interface AssignmentResource extends EntityTagged {
  readonly id: string;
  readonly target: AssignmentTarget;
}

export function toAssignmentResource(assignment: PoolAssignmentEntity): AssignmentResource {
  return { id: assignment.id, target: targetOf(assignment), [ENTITY_TAG]: weakEntityTag(assignment.version) };
}
