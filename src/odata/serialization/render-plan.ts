import { RequestSlot } from '../../common/request-slot';
import { ResolvedPath } from '../edm/edm-model';
import { MetadataLevel } from './content-negotiation';
import { ODataResponseKind } from './odata-resource.decorators';

/** What the output formatter needs to render a handler's result, decided before the handler ran. */
export interface RenderPlan {
  readonly kind?: ODataResponseKind;
  readonly resourcePath: string;
  readonly resource: ResolvedPath;
  readonly metadata: MetadataLevel;
  readonly select?: readonly string[];
}

/** Set by the ODataRequestGuard on OData requests only; absent on errors, `$metadata` and the rest. */
export const REQUEST_RENDER_PLAN = new RequestSlot<RenderPlan>('odata:renderPlan');
