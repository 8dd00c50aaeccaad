import { RequestSlot } from '../../common/request-slot';
import { ResolvedPath } from '../edm/edm-model';
import { EdmAction } from '../edm/edm-types';
import { MetadataLevel } from './content-negotiation';
import { ODataResponseKind } from './odata-resource.decorators';

/** What the output formatter needs to render a handler's result, decided before the handler ran. */
export interface RenderPlan {
  readonly kind?: ODataResponseKind;
  /** The resource the controller serves, in its OData form for this request (keys in parentheses). */
  readonly odataPath: string;
  readonly resource: ResolvedPath;
  readonly metadata: MetadataLevel;
  readonly select?: readonly string[];
  /** For an action's response: the action, whose return type the result is. */
  readonly action?: EdmAction;
}

/** Set by the ODataRequestGuard on OData requests only; absent on errors, `$metadata` and the rest. */
export const REQUEST_RENDER_PLAN = new RequestSlot<RenderPlan>('odata:renderPlan');
