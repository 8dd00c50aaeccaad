import { AppError } from '../../../common/app-error';
import { SecretCipher } from '../../../secrets/secret-cipher';
import { ActivationCode } from '../activation-code';
import { strictIccidProblem } from '../iccid';

/**
 * Rows per multi-row INSERT: 6 parameters a row stays well under SQLite's 32,766 and PostgreSQL's
 * 65,535 bound parameters, while keeping statements few (100,000 codes = 100 statements), and each
 * statement short enough (about 2 ms) to yield to other requests between two.
 */
export const INSERT_BATCH_ROWS = 1000;

/**
 * Activation codes checked, sealed and packed for storage: what a write needs, built off the event
 * loop when large (a worker thread returns it). Bytes, because they move from a worker without even
 * a copy, where 100,000 objects would take the main thread as long to rebuild as to parse.
 */
export interface PreparedCodes {
  readonly count: number;
  /** The key every matching identifier is sealed under. */
  readonly keyId: string;
  /** `INSERT_BATCH_ROWS` codes a batch, one `iccid,ciphertext,smdpPlusServerAddress` line each, in ASCII. */
  readonly batches: readonly Uint8Array[];
}

/** A stored row of a prepared batch: the ICCID, the sealed matching identifier, the SM-DP+ address. */
export type PreparedRow = readonly [iccid: string, ciphertext: string, smdpPlusServerAddress: string];

export interface CodePreparationContext {
  readonly tenantId: string;
  /** ESIM_STRICT_CODES: ICCIDs must carry the 89 prefix and a valid Luhn digit. */
  readonly strictCodes: boolean;
  readonly cipher: SecretCipher;
}

/** What a sealed matching identifier is bound to: copied onto another row, it no longer opens. */
export function matchingIdentifierBinding(tenantId: string, iccid: string): string {
  return `${tenantId}/${iccid}`;
}

/**
 * The request-level rules a DTO cannot express (spec §2: an ICCID appears once per request; in
 * strict mode it carries the telecom prefix and a valid Luhn digit), then every matching identifier
 * sealed for its tenant and ICCID. Throws AppError invalidInput naming the first bad code.
 */
export function prepareCodes(codes: readonly ActivationCode[], context: CodePreparationContext): PreparedCodes {
  const firstIndexOf = new Map<string, number>();
  const batches: Uint8Array[] = [];
  let lines: string[] = [];
  let keyId = context.cipher.currentKeyId;
  codes.forEach(({ integratedCircuitCardIdentifier: iccid, matchingIdentifier, smdpPlusServerAddress }, index) => {
    const path = `activationCodes[${index}].integratedCircuitCardIdentifier`;
    const earlier = firstIndexOf.get(iccid);
    if (earlier !== undefined) {
      throw AppError.invalidInput(
        `'${path}' repeats the ICCID '${iccid}' of activationCodes[${earlier}]; an ICCID may appear once per request.`,
      );
    }
    firstIndexOf.set(iccid, index);
    const problem = context.strictCodes ? strictIccidProblem(iccid) : undefined;
    if (problem !== undefined) throw AppError.invalidInput(`'${path}' ${problem}.`);
    const sealed = context.cipher.seal(matchingIdentifier, matchingIdentifierBinding(context.tenantId, iccid));
    keyId = sealed.keyId;
    // The schema's patterns keep commas and line breaks out of all three (digits, base64, an FQDN).
    lines.push(`${iccid},${sealed.ciphertext},${smdpPlusServerAddress}`);
    if (lines.length === INSERT_BATCH_ROWS) {
      batches.push(Buffer.from(lines.join('\n'), 'latin1'));
      lines = [];
    }
  });
  if (lines.length > 0) batches.push(Buffer.from(lines.join('\n'), 'latin1'));
  return { count: codes.length, keyId, batches };
}

export function unpackBatch(batch: Uint8Array): PreparedRow[] {
  const text = Buffer.from(batch.buffer, batch.byteOffset, batch.byteLength).toString('latin1');
  return text.split('\n').map((line) => line.split(',') as unknown as PreparedRow);
}

/** The ICCIDs of prepared codes in request order, for naming one in a 409. */
export function preparedIccids(codes: PreparedCodes): string[] {
  return codes.batches.flatMap((batch) => unpackBatch(batch).map(([iccid]) => iccid));
}
