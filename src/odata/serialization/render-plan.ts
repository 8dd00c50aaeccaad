import type { FastifyRequest } from 'fastify';
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

const RENDER_PLAN = Symbol('odata:renderPlan');
type RequestWithPlan = FastifyRequest & { [RENDER_PLAN]?: RenderPlan };

export function attachRenderPlan(request: FastifyRequest, plan: RenderPlan): void {
  (request as RequestWithPlan)[RENDER_PLAN] = plan;
}

/** The plan of an OData request, or undefined for any other route (errors, `$metadata`…). */
export function renderPlanOf(request: FastifyRequest): RenderPlan | undefined {
  return (request as RequestWithPlan)[RENDER_PLAN];
}
