import { applyDecorators, Controller } from '@nestjs/common';
import { ODataResource } from '../odata/serialization/odata-resource.decorators';

/** Spec §1: `/beta` is canonical; `/v1.0` is an alias because the SDKs default to it. */
export const GRAPH_ROOTS = ['beta', 'v1.0'] as const;

/** The methods the service's routes answer: what a batched request and a browser (CORS) may use. */
export const GRAPH_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * A controller for one resource path of the model (without keys), served under every Graph root and
 * rendered as OData, e.g. `GraphController('deviceManagement/embeddedSIMActivationCodePools')`.
 */
export function GraphController(resourcePath: string): ClassDecorator {
  return applyDecorators(Controller(GRAPH_ROOTS.map((root) => `${root}/${resourcePath}`)), ODataResource(resourcePath));
}
