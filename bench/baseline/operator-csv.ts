import { FQDN, ICCID, MATCHING_IDENTIFIER, MAX_CODES } from './create-body';
import type { CodeInput } from './pool-store';
import { badRequest } from './problem';

/**
 * The operator CSV of spec §10 split by hand: the least work that checks a file as the service does
 * (line 1 an FQDN, then `ICCID,MatchingID` lines checked against the schema's patterns, an ICCID
 * once per file, blank lines skipped, at most 100,000 codes). It stops at the first bad line.
 */
export function parseOperatorCsv(text: string): CodeInput[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const smdpPlusServerAddress = lines[0].trim();
  if (!FQDN.test(smdpPlusServerAddress)) throw badRequest('Line 1: the SM-DP+ server address is not a fully qualified domain name.');
  const seen = new Set<string>();
  const codes: CodeInput[] = [];
  for (let index = 1; index < lines.length; index++) {
    const line = lines[index];
    if (line.trim() === '') continue;
    const fields = line.split(',');
    const [integratedCircuitCardIdentifier, matchingIdentifier] = fields.map((field) => field.trim());
    if (
      fields.length !== 2 ||
      !ICCID.test(integratedCircuitCardIdentifier) ||
      matchingIdentifier.length > 255 ||
      !MATCHING_IDENTIFIER.test(matchingIdentifier) ||
      seen.has(integratedCircuitCardIdentifier)
    ) {
      throw badRequest(`Line ${index + 1} is not a valid ICCID,MatchingID line.`);
    }
    seen.add(integratedCircuitCardIdentifier);
    codes.push({ integratedCircuitCardIdentifier, matchingIdentifier, smdpPlusServerAddress });
  }
  if (codes.length === 0 || codes.length > MAX_CODES) throw badRequest(`The file must hold 1 to ${MAX_CODES} activation codes.`);
  return codes;
}
