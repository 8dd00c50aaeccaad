import { EdmValue } from '../../../graph/body/edm-value.decorator';
import { ODataActionParameters, ODataTypeAnnotation, ReadOnlyProperty } from '../../../graph/body/wire-decorators';
import { ASSIGN_ACTION, ASSIGNMENT_TYPE, ESIM_MODEL } from '../../esim.schema';
import type { AssignmentTarget } from '../assignment-target';

/** An assignment as a client writes it; the target's kind, ids and filter are checked against the EDM. */
export class CreateAssignmentDto {
  @ODataTypeAnnotation(ASSIGNMENT_TYPE)
  '@odata.type'?: string;

  @EdmValue(ESIM_MODEL, ASSIGNMENT_TYPE, 'target', { required: true })
  target: AssignmentTarget;

  @ReadOnlyProperty() id?: unknown;
}

/** PATCH: the target, when present, replaces the assignment's target. */
export class UpdateAssignmentDto {
  @ODataTypeAnnotation(ASSIGNMENT_TYPE)
  '@odata.type'?: string;

  @EdmValue(ESIM_MODEL, ASSIGNMENT_TYPE, 'target')
  target?: AssignmentTarget;

  @ReadOnlyProperty() id?: unknown;
}

/** An element of the `assign` action's `assignments` parameter: an assignment entity, its `id` ignored. */
export interface AssignmentInput {
  readonly target: AssignmentTarget;
}

/** The parameters of `POST …/{poolId}/assign` (the bound action of csdl.xml). */
@ODataActionParameters(ASSIGN_ACTION)
export class AssignDto {
  @EdmValue(ESIM_MODEL, ASSIGN_ACTION, 'assignments', { required: true })
  assignments: AssignmentInput[];
}
