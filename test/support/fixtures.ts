import { createHash } from 'node:crypto';
import type { ActivationCode } from '../../src/esim/pools/activation-code';
import { luhnCheckDigit } from '../../src/esim/pools/iccid';

export const SMDP_ADDRESS = 'rsp.contoso-mobile.com';

/** A real-looking ICCID: 89 (telecom), 44 (UK), issuer 50, serial, Luhn digit: 19 digits. */
export function iccid(serial: number): string {
  const payload = `894450${String(serial).padStart(12, '0')}`;
  return payload + luhnCheckDigit(payload);
}

/** A matching identifier shaped like the ones operators issue (e.g. `TN5ZB-2VZQK-BQ7CE-LM3WQ`). */
export function matchingIdentifier(serial: number): string {
  const hash = createHash('sha256').update(`mid-${serial}`).digest('hex').toUpperCase();
  return [0, 5, 10, 15].map((start) => hash.slice(start, start + 5)).join('-');
}

let nextSerial = 1;

/** `count` valid, realistic codes whose ICCIDs no earlier call of this test file used. */
export function activationCodes(count: number): ActivationCode[] {
  const first = nextSerial;
  nextSerial += count;
  return Array.from({ length: count }, (_, i) => ({
    integratedCircuitCardIdentifier: iccid(first + i),
    matchingIdentifier: matchingIdentifier(first + i),
    smdpPlusServerAddress: SMDP_ADDRESS,
  }));
}

export function poolBody(displayName: string, codes: ActivationCode[] = activationCodes(3)) {
  return { '@odata.type': '#microsoft.graph.embeddedSIMActivationCodePool', displayName, activationCodes: codes };
}
