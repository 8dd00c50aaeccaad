import { applyDecorators, Controller } from '@nestjs/common';
import { ODataResource } from '../odata/serialization/odata-resource.decorators';

/** Spec §1: `/beta` is canonical; `/v1.0` is an alias because the SDKs default to it. */
export const GRAPH_ROOTS = ['beta', 'v1.0'] as const;
export type GraphRoot = (typeof GRAPH_ROOTS)[number];

/**
 * A controller for one resource path of the model (without keys), served under every Graph root and
 * rendered as OData, e.g. `GraphController('deviceManagement/embeddedSIMActivationCodePools')`.
 */
export function GraphController(resourcePath: string): ClassDecorator {
  return applyDecorators(Controller(GRAPH_ROOTS.map((root) => `${root}/${resourcePath}`)), ODataResource(resourcePath));
}

/** The root a request came in on (`beta` or `v1.0`), read from the first path segment. */
export function graphRootOf(url: string): GraphRoot | undefined {
  const first = url.split(/[/?]/, 2)[1];
  return GRAPH_ROOTS.find((root) => root === first);
}
