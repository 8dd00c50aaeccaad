import { ACTIVATION_CODE_EDM_TYPE } from '../esim.schema';

/**
 * An activation code as a client writes it and the create response echoes it: one string per
 * property of its EDM type, so the type and the model cannot drift.
 */
export type ActivationCode = {
  readonly [property in (typeof ACTIVATION_CODE_EDM_TYPE.properties)[number]['name']]: string;
};

/** A copy holding the code's properties only (a client may have sent `@odata.type` beside them). */
export function toActivationCode(code: ActivationCode): ActivationCode {
  return {
    integratedCircuitCardIdentifier: code.integratedCircuitCardIdentifier,
    matchingIdentifier: code.matchingIdentifier,
    smdpPlusServerAddress: code.smdpPlusServerAddress,
  };
}
