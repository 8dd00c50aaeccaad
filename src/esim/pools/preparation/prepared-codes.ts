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
 * The request-level rules a DTO cannot express (spec §2): an ICCID appears once per request; in
 * strict mode it carries the telecom prefix and a valid Luhn digit. Fed one code at a time, so that
 * JSON bodies and CSV files share them; `positionOf` names the code at an index in a message (e.g.
 * `activationCodes[3]`, `line 5`), only when one is written.
 */
export class CodeRules {
  private readonly firstIndexOf = new Map<string, number>();

  constructor(
    private readonly strictCodes: boolean,
    private readonly positionOf: (index: number) => string,
  ) {}

  /** What is wrong with the ICCID of the code at `index`, if anything. */
  problemOf(iccid: string, index: number): string | undefined {
    const earlier = this.firstIndexOf.get(iccid);
    if (earlier !== undefined) return `repeats the ICCID '${iccid}' of ${this.positionOf(earlier)}; an ICCID may appear once per request`;
    this.firstIndexOf.set(iccid, index);
    return this.strictCodes ? strictIccidProblem(iccid) : undefined;
  }
}

/** Where a code of a JSON body is, to name it in a message. */
export const jsonPositionOf = (index: number): string => `activationCodes[${index}]`;

/**
 * Seals codes one at a time, for their tenant and ICCID, and packs them into `PreparedCodes`; or,
 * given `onBatch`, hands each batch on as soon as it is full, so that it can be stored while the
 * next ones are sealed.
 */
export class PreparedCodesBuilder {
  private readonly batches: Uint8Array[] = [];
  private lines: string[] = [];
  private count = 0;
  private keyId: string;

  constructor(
    private readonly context: Pick<CodePreparationContext, 'tenantId' | 'cipher'>,
    private readonly onBatch?: (rows: Uint8Array, keyId: string) => void,
  ) {
    this.keyId = context.cipher.currentKeyId;
  }

  add({ integratedCircuitCardIdentifier: iccid, matchingIdentifier, smdpPlusServerAddress }: ActivationCode): void {
    const sealed = this.context.cipher.seal(matchingIdentifier, matchingIdentifierBinding(this.context.tenantId, iccid));
    this.keyId = sealed.keyId;
    // The schema's patterns keep commas and line breaks out of all three (digits, base64, an FQDN).
    this.lines.push(`${iccid},${sealed.ciphertext},${smdpPlusServerAddress}`);
    this.count++;
    if (this.lines.length === INSERT_BATCH_ROWS) this.flush();
  }

  build(): PreparedCodes {
    this.flush();
    return { count: this.count, keyId: this.keyId, batches: this.batches };
  }

  private flush(): void {
    if (this.lines.length === 0) return;
    const rows = Buffer.from(this.lines.join('\n'), 'latin1');
    if (this.onBatch === undefined) this.batches.push(rows);
    else this.onBatch(rows, this.keyId);
    this.lines = [];
  }
}

/**
 * The codes of a JSON body checked with `CodeRules` and sealed. Throws AppError invalidInput naming
 * the first bad code.
 */
export function prepareCodes(codes: readonly ActivationCode[], context: CodePreparationContext): PreparedCodes {
  const rules = new CodeRules(context.strictCodes, jsonPositionOf);
  const builder = new PreparedCodesBuilder(context);
  codes.forEach((code, index) => {
    const problem = rules.problemOf(code.integratedCircuitCardIdentifier, index);
    if (problem !== undefined) throw AppError.invalidInput(`'${jsonPositionOf(index)}.integratedCircuitCardIdentifier' ${problem}.`);
    builder.add(code);
  });
  return builder.build();
}

export function unpackBatch(batch: Uint8Array): PreparedRow[] {
  const text = Buffer.from(batch.buffer, batch.byteOffset, batch.byteLength).toString('latin1');
  return text.split('\n').map((line) => line.split(',') as unknown as PreparedRow);
}

/** The ICCIDs of prepared codes in request order, for naming one in a 409. */
export function preparedIccids(codes: PreparedCodes): string[] {
  return codes.batches.flatMap((batch) => unpackBatch(batch).map(([iccid]) => iccid));
}
