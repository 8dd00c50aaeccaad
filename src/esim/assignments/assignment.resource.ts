import { ENTITY_TAG, EntityTagged, weakEntityTag } from '../../odata/concurrency/entity-tags';
import { RowRendering } from '../../odata/query/binding/json-render-plan';
import { AssignmentTarget, targetOf, targetSql } from './assignment-target';
import { PoolAssignmentEntity } from './entities/pool-assignment.entity';

/** An assignment as responses show it, with its ETag. */
export interface AssignmentResource extends EntityTagged {
  readonly id: string;
  readonly target: AssignmentTarget;
}

export function toAssignmentResource(assignment: PoolAssignmentEntity): AssignmentResource {
  return { id: assignment.id, target: targetOf(assignment), [ENTITY_TAG]: weakEntityTag(assignment.version) };
}

/** What the database renders of an assignment row: `toAssignmentResource` in SQL. */
export const ASSIGNMENT_ROW_RENDERING: RowRendering = {
  valueOf: (property, row) => (property === 'id' ? row.column('id') : property === 'target' ? targetSql(row) : undefined),
  versionProperty: 'version',
};
