import type { CodeInput } from './pool-store';
import { badRequest } from './problem';

/**
 * The create-body rules of spec §2, checked by hand: the same work the service's DTO pipe and
 * compiled code checker do, so the baseline pays for validation too. The patterns are the schema's
 * (`src/esim/esim.schema.ts`); the baseline is standalone on purpose and repeats them.
 */
export const ICCID = /^[0-9]{19}[0-9]?$/;
export const MATCHING_IDENTIFIER = /^[a-zA-Z0-9-]+$/;
export const FQDN = /^([a-zA-Z0-9]+(-[a-zA-Z0-9]+)*\.)+[a-zA-Z]{2,}$/;
const POOL_TYPE = 'microsoft.graph.embeddedSIMActivationCodePool';
const READ_ONLY = new Set(['id', 'createdDateTime', 'modifiedDateTime', 'activationCodeCount']);
export const MAX_CODES = 100_000;

const CODE_RULES: ReadonlyArray<{ name: keyof CodeInput; pattern: RegExp; maxLength: number }> = [
  { name: 'integratedCircuitCardIdentifier', pattern: ICCID, maxLength: 20 },
  { name: 'matchingIdentifier', pattern: MATCHING_IDENTIFIER, maxLength: 255 },
  { name: 'smdpPlusServerAddress', pattern: FQDN, maxLength: 253 },
];
const CODE_PROPERTIES = new Set<string>(CODE_RULES.map((rule) => rule.name));

export interface CreatePool {
  displayName: string;
  codes: CodeInput[];
}

export function parseCreateBody(body: unknown): CreatePool {
  if (!isObject(body)) throw badRequest('The request body must be a JSON object.');
  let displayName: unknown;
  let rawCodes: unknown = [];
  for (const [key, value] of Object.entries(body)) {
    if (key === '@odata.type') {
      if (typeof value !== 'string' || value.replace(/^#/, '') !== POOL_TYPE) throw badRequest(`'@odata.type' must be '#${POOL_TYPE}'.`);
    } else if (key === 'displayName') {
      displayName = value;
    } else if (key === 'activationCodes') {
      rawCodes = value;
    } else if (!key.startsWith('@') && !READ_ONLY.has(key)) {
      throw badRequest(`'${key.slice(0, 64)}' is not a property of ${POOL_TYPE}.`);
    }
  }
  if (typeof displayName !== 'string' || displayName.length < 1 || displayName.length > 256) {
    throw badRequest("'displayName' is required and must be a string of 1 to 256 characters.");
  }
  return { displayName, codes: parseCodes(rawCodes) };
}

/**
 * Checks every code in place and returns the parsed array itself: a code whose properties came in the
 * schema's order is echoed as parsed, any other is replaced by a copy in that order (the service's echo).
 */
function parseCodes(raw: unknown): CodeInput[] {
  if (!Array.isArray(raw)) throw badRequest("'activationCodes' must be an array of activation codes.");
  if (raw.length > MAX_CODES) throw badRequest(`'activationCodes' must hold at most ${MAX_CODES} codes per request.`);
  const codes = raw as unknown[];
  const seen = new Set<string>();
  for (let index = 0; index < codes.length; index++) {
    const code = codes[index];
    if (!isObject(code)) throw badRequest(`'activationCodes[${index}]' must be an object.`);
    let position = 0;
    let inOrder = true;
    for (const key in code) {
      if (!CODE_PROPERTIES.has(key))
        throw badRequest(`'activationCodes[${index}].${key.slice(0, 64)}' is not a property of an activation code.`);
      if (CODE_RULES[position++]?.name !== key) inOrder = false;
    }
    for (const { name, pattern, maxLength } of CODE_RULES) {
      const value = code[name];
      if (typeof value !== 'string' || value.length > maxLength || !pattern.test(value)) {
        throw badRequest(`'activationCodes[${index}].${name}' is missing or not valid.`);
      }
    }
    const iccid = code.integratedCircuitCardIdentifier as string;
    if (seen.has(iccid)) throw badRequest(`'activationCodes[${index}].integratedCircuitCardIdentifier' repeats an ICCID of this request.`);
    seen.add(iccid);
    if (!inOrder) {
      codes[index] = {
        integratedCircuitCardIdentifier: iccid,
        matchingIdentifier: code.matchingIdentifier as string,
        smdpPlusServerAddress: code.smdpPlusServerAddress as string,
      };
    }
  }
  return codes as CodeInput[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
