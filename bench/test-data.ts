import type { ActivationCode } from '../src/esim/pools/activation-code';
import { luhnCheckDigit } from '../src/esim/pools/iccid';

/**
 * Realistic pool bodies. Every ICCID the harness generates is unique within the run, so creates never
 * collide (409) however many scenarios run against the same database.
 */

const POOL_TYPE = '#microsoft.graph.embeddedSIMActivationCodePool';
const SMDP_ADDRESS = 'rsp.contoso-mobile.com';
/** ITU-T E.118: `89` (telecom), country code 44, issuer 50; then a serial number and a Luhn digit. */
const ICCID_PREFIX = '894450';
const SERIAL_DIGITS = 12;
const MATCHING_ID_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
const OPERATOR_LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The filter scenario's prefix: one operator letter of 26, about 4% of the pools. */
export const FILTERED_NAME_PREFIX = 'Operator Q';

let nextSerial = 0;
let nextPoolIndex = 0;

/** A 19-digit ICCID with a valid Luhn digit that no earlier call of this run returned. */
export function nextIccid(): string {
  const body = ICCID_PREFIX + String(nextSerial++).padStart(SERIAL_DIGITS, '0');
  return body + luhnCheckDigit(body);
}

/** Shaped like an operator's matching ID, e.g. `TN5ZB-2VZQK-BQ7CE-LM3WQ`. */
function randomMatchingIdentifier(): string {
  const groups: string[] = [];
  for (let group = 0; group < 4; group++) {
    let text = '';
    for (let i = 0; i < 5; i++) text += MATCHING_ID_ALPHABET[Math.floor(Math.random() * MATCHING_ID_ALPHABET.length)];
    groups.push(text);
  }
  return groups.join('-');
}

export function freshActivationCodes(count: number): ActivationCode[] {
  return Array.from({ length: count }, () => ({
    integratedCircuitCardIdentifier: nextIccid(),
    matchingIdentifier: randomMatchingIdentifier(),
    smdpPlusServerAddress: SMDP_ADDRESS,
  }));
}

/** `Operator <A–Z> batch <n>`: pool `index` cycles through the letters so each prefix selects 1/26. */
export function poolDisplayName(index: number): string {
  return `Operator ${OPERATOR_LETTERS[index % OPERATOR_LETTERS.length]} batch ${Math.floor(index / OPERATOR_LETTERS.length) + 1}`;
}

/** The body of the run's next create request, with `codeCount` fresh codes. */
export function nextPoolBody(codeCount: number): string {
  return JSON.stringify({
    '@odata.type': POOL_TYPE,
    displayName: poolDisplayName(nextPoolIndex++),
    activationCodes: freshActivationCodes(codeCount),
  });
}

/** The operator CSV of spec §10 for these ICCIDs: line 1 the SM-DP+ address, then `ICCID,MatchingID` lines, CRLF. */
export function operatorCsv(iccids: readonly string[]): string {
  return [SMDP_ADDRESS, ...iccids.map((iccid) => `${iccid},${randomMatchingIdentifier()}`)].join('\r\n') + '\r\n';
}
