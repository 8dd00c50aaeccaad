import { applyDecorators, SetMetadata } from '@nestjs/common';

export const ODATA_RESOURCE = Symbol('odata:resource');
export const ODATA_RESPONSE_KIND = Symbol('odata:responseKind');
export const ODATA_ACTION = Symbol('odata:action');

/**
 * Declares the resource path template (from the service root, `:name` for keys) that a controller
 * serves, e.g. `deviceManagement/embeddedSIMActivationCodePools/:poolId/assignments`. Its handlers' results are then rendered as OData:
 * context URL, `@odata.type`, collection envelope, and only the properties the model lets out.
 */
export const ODataResource = (path: string) => SetMetadata(ODATA_RESOURCE, path);

export type ODataResponseKind = 'created' | 'updated' | 'count' | 'action' | 'plain';

/** 201 with `Location`; the only response allowed to echo write-only properties of its own request. */
export const ODataCreated = () => SetMetadata(ODATA_RESPONSE_KIND, 'created' satisfies ODataResponseKind);

/** 204, or 200 with the entity when the client sends `Prefer: return=representation`. */
export const ODataUpdated = () => SetMetadata(ODATA_RESPONSE_KIND, 'updated' satisfies ODataResponseKind);

/** `/$count` (OData Part 1 §11.2.10): the number of matches as `text/plain`. */
export const ODataCount = () => SetMetadata(ODATA_RESPONSE_KIND, 'count' satisfies ODataResponseKind);

/** The response of the bound action with this qualified name: its return type, with that type's context (OData JSON §10.17). */
export const ODataAction = (qualifiedName: string) =>
  applyDecorators(SetMetadata(ODATA_RESPONSE_KIND, 'action' satisfies ODataResponseKind), SetMetadata(ODATA_ACTION, qualifiedName));

/**
 * The response of an operation beyond OData (such as a bulk import): JSON exactly as the handler
 * returns it, without context URL or annotations, since no EDM type describes it.
 */
export const PlainJsonResult = () => SetMetadata(ODATA_RESPONSE_KIND, 'plain' satisfies ODataResponseKind);
