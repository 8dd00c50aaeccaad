import { createHash } from 'node:crypto';

export interface ActivationCodeBody {
  integratedCircuitCardIdentifier: string;
  matchingIdentifier: string;
  smdpPlusServerAddress: string;
}

export const SMDP_ADDRESS = 'rsp.contoso-mobile.com';

/** Appends the Luhn check digit that makes `digits` + check valid. */
export function withLuhnCheckDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return digits + String((10 - (sum % 10)) % 10);
}

/** A real-looking ICCID: 89 (telecom), 44 (UK), issuer 50, serial, Luhn digit: 19 digits. */
export function iccid(serial: number): string {
  return withLuhnCheckDigit(`894450${String(serial).padStart(12, '0')}`);
}

/** A matching identifier shaped like the ones operators issue (e.g. `TN5ZB-2VZQK-BQ7CE-LM3WQ`). */
export function matchingIdentifier(serial: number): string {
  const hash = createHash('sha256').update(`mid-${serial}`).digest('hex').toUpperCase();
  return [0, 5, 10, 15].map((start) => hash.slice(start, start + 5)).join('-');
}

let nextSerial = 1;

/** `count` valid, realistic codes whose ICCIDs no earlier call of this test file used. */
export function activationCodes(count: number): ActivationCodeBody[] {
  const first = nextSerial;
  nextSerial += count;
  return Array.from({ length: count }, (_, i) => ({
    integratedCircuitCardIdentifier: iccid(first + i),
    matchingIdentifier: matchingIdentifier(first + i),
    smdpPlusServerAddress: SMDP_ADDRESS,
  }));
}

export function poolBody(displayName: string, codes: ActivationCodeBody[] = activationCodes(3)) {
  return { '@odata.type': '#microsoft.graph.embeddedSIMActivationCodePool', displayName, activationCodes: codes };
}
