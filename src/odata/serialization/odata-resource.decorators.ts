import { SetMetadata } from '@nestjs/common';

export const ODATA_RESOURCE = Symbol('odata:resource');
export const ODATA_RESPONSE_KIND = Symbol('odata:responseKind');

/**
 * Declares the model path (from the service root, without keys) that a controller serves, e.g.
 * `deviceManagement/embeddedSIMActivationCodePools`. Its handlers' results are then rendered as OData:
 * context URL, `@odata.type`, collection envelope, and only the properties the model lets out.
 */
export const ODataResource = (path: string) => SetMetadata(ODATA_RESOURCE, path);

export type ODataResponseKind = 'created' | 'updated' | 'count';

/** 201 with `Location`; the only response allowed to echo write-only properties of its own request. */
export const ODataCreated = () => SetMetadata(ODATA_RESPONSE_KIND, 'created' satisfies ODataResponseKind);

/** 204, or 200 with the entity when the client sends `Prefer: return=representation`. */
export const ODataUpdated = () => SetMetadata(ODATA_RESPONSE_KIND, 'updated' satisfies ODataResponseKind);

/** `/$count` (OData Part 1 §11.2.10): the number of matches as `text/plain`. */
export const ODataCount = () => SetMetadata(ODATA_RESPONSE_KIND, 'count' satisfies ODataResponseKind);
