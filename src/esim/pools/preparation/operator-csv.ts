import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { AppError } from '../../../common/app-error';
import { summarizeProblems } from '../../../graph/body/body-problems';
import { CsvText } from '../../../graph/body/csv-text';
import { compileMemberCheck } from '../../../graph/body/edm-value-checks';
import { declaredProperty } from '../../../odata/edm/edm-types';
import { MAX_ACTIVATION_CODES_PER_REQUEST } from '../dto/pool-write.dto';
import { ACTIVATION_CODE_EDM_TYPE, ESIM_MODEL } from '../../esim.schema';
import type { ActivationCode } from '../activation-code';
import { CodePreparationContext, CodeRules, INSERT_BATCH_ROWS, PreparedCodesBuilder } from './prepared-codes';

/** Up to `INSERT_BATCH_ROWS` codes of an import, sealed and packed (as in `PreparedCodes`), with the line each came from. */
export interface ImportBatch {
  readonly rows: Uint8Array;
  readonly keyId: string;
  readonly lines: Uint32Array;
}

/**
 * The batches of an operator CSV as they are sealed: what `POST …/activationCodes/$import` appends.
 * The iteration fails with the refusal of the whole file when one of its lines is bad, possibly
 * after some batches came: whoever stores them does so in a transaction it then rolls back.
 * `cancel()` frees what is still coming when the import stops early (unknown pool, 409).
 */
export interface ImportBatches extends AsyncIterable<ImportBatch> {
  cancel(): void;
}

/** An operator CSV being checked and sealed. */
export interface PoolImport {
  readonly kind: 'import';
  readonly batches: ImportBatches;
}

/** Issue #9: the first 20 problems of a refused file are listed, then how many more there are. */
const MAX_LISTED_PROBLEMS = 20;
/** No line of an operator file comes near this; a longer one is refused, not buffered. */
const MAX_LINE_CHARACTERS = 4096;
/**
 * Blank lines are ignored, but not without end: 16 MiB of line breaks would cost csv-parse an error
 * object per line. A file may have twice as many lines as it may have codes.
 */
const MAX_LINES = MAX_ACTIVATION_CODES_PER_REQUEST * 2;
/** The parser reads the body this much at a time, so that records never pile up ahead of the checks. */
const CHUNK_BYTES = 64 * 1024;
const COLUMNS = 'ICCID,MatchingID';
const LONG_LINE = `the line is longer than ${MAX_LINE_CHARACTERS} characters`;

const checkOf = (property: string) => compileMemberCheck(ESIM_MODEL, declaredProperty(ACTIVATION_CODE_EDM_TYPE, property));
const checkIccid = checkOf('integratedCircuitCardIdentifier');
const checkMatchingIdentifier = checkOf('matchingIdentifier');
const checkAddress = checkOf('smdpPlusServerAddress');

/** What both parsers share: one record per line (fields are never quoted), blanks around fields ignored. */
const LINE_RULES = { quote: false, trim: true, max_record_size: MAX_LINE_CHARACTERS } as const;

/**
 * The Intune operator CSV (spec §10): line 1 the SM-DP+ server address, then one `ICCID,MatchingID`
 * line per code; LF or CRLF; a UTF-8 byte order mark, blank lines and blanks around fields ignored.
 * Fields are never quoted (none of the three can hold a comma), so each line is one record and every
 * problem is named by the line it is on. Every line is checked with the rules of the JSON body (the
 * model's patterns, then `CodeRules`) and the problems collected, without ever quoting a matching
 * identifier. The file streams through csv-parse a chunk at a time; sealed batches go to `onBatch`
 * as they fill, while later lines are still being read. If any line is bad, the refusal of the whole
 * file (400, the first problems by line) is thrown at the end, and the batches handed on must be
 * discarded.
 */
export async function sealOperatorCsv(
  body: CsvText,
  context: CodePreparationContext,
  onBatch: (batch: ImportBatch) => void,
): Promise<void> {
  // Before any parsing: csv-parse bounds a field's length, not a line's, and 16 MiB of commas on one
  // line would become a record of 16 million fields.
  const { lineCount, firstLongLine } = measureLines(body.bytes);
  if (lineCount > MAX_LINES) {
    throw AppError.invalidInput(`The CSV file has ${lineCount} lines; at most ${MAX_LINES} are allowed, blank ones included.`);
  }
  if (firstLongLine !== undefined) {
    throw AppError.invalidInput(`The CSV file was not imported; nothing was stored. Line ${firstLongLine}: ${LONG_LINE}.`);
  }
  const problems = new ProblemList();
  const smdpPlusServerAddress = addressOf(body.bytes, problems);
  const lines: number[] = [];
  const rules = new CodeRules(context.strictCodes, (index) => `line ${lines[index]}`);
  let batched = 0;
  const builder = new PreparedCodesBuilder(context, (rows, keyId) => {
    const count = Math.min(INSERT_BATCH_ROWS, lines.length - batched);
    onBatch({ rows, keyId, lines: Uint32Array.from(lines.slice(batched, batched + count)) });
    batched += count;
  });
  // Named columns fix the field count at two, so that csv-parse reports any other count as an error
  // of that line alone (with `relax_column_count` it builds and drops an error for every line).
  // Blank lines come as such errors too (one empty field), so that every line yields exactly one
  // event, in order, and a counter knows each line's number without csv-parse's per-record `info`
  // (which took half of the parsing time).
  const parser = parse({
    ...LINE_RULES,
    from_line: 2,
    columns: ['integratedCircuitCardIdentifier', 'matchingIdentifier'],
    skip_records_with_error: true,
  });
  let line = 1;
  let tooMany = false;
  parser.on('skip', (error: CsvError & { record?: unknown[] }) => {
    line++;
    const blank = error.record?.length === 1 && error.record[0] === '';
    if (!blank) problems.add(line, unreadableLine(error));
  });
  parser.on('data', (fields: CodeFields) => {
    line++;
    if (lines.length === MAX_ACTIVATION_CODES_PER_REQUEST) {
      tooMany = true;
      parser.destroy();
      return;
    }
    lines.push(line);
    // Sealing is the costly part: once the file is refused, the rest is only checked.
    if (checkCode(fields, lines.length - 1, rules, problems, line) && problems.total === 0)
      builder.add({ ...fields, smdpPlusServerAddress });
  });
  await finished(Readable.from(chunksOf(body.bytes)).pipe(parser)).catch((error: unknown) => {
    if (!tooMany) throw error;
  });
  if (tooMany) {
    throw AppError.invalidInput(
      `Line ${line}: the file holds more than ${MAX_ACTIVATION_CODES_PER_REQUEST} activation codes; ` +
        `at most ${MAX_ACTIVATION_CODES_PER_REQUEST} are allowed per request, so split it.`,
    );
  }
  if (problems.total === 0 && lines.length === 0) {
    throw AppError.invalidInput(
      `The CSV file holds no activation codes; after the SM-DP+ server address, write one ${COLUMNS} line per code.`,
    );
  }
  if (problems.total > 0) throw AppError.invalidInput(`The CSV file was not imported; nothing was stored. ${problems.summary()}`);
  builder.build();
}

/** A small file's import, checked and sealed whole before anything is stored. */
export async function prepareOperatorCsv(body: CsvText, context: CodePreparationContext): Promise<PoolImport> {
  const batches: ImportBatch[] = [];
  await sealOperatorCsv(body, context, (batch) => batches.push(batch));
  return {
    kind: 'import',
    batches: {
      cancel: () => undefined,
      // eslint-disable-next-line @typescript-eslint/require-await -- an async iterable over what is already here
      async *[Symbol.asyncIterator]() {
        yield* batches;
      },
    },
  };
}

/** The two fields of a code line, as csv-parse names them. */
type CodeFields = Pick<ActivationCode, 'integratedCircuitCardIdentifier' | 'matchingIdentifier'>;

/** Line 1: the SM-DP+ server address alone, checked like the JSON property (problems recorded, the text returned). */
function addressOf(bytes: Uint8Array, problems: ProblemList): string {
  // Only the first line is read here; a longer one is refused by max_record_size.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 2 * MAX_LINE_CHARACTERS));
  let records: string[][];
  try {
    records = parseSync(head, { ...LINE_RULES, bom: true, to_line: 1, relax_column_count: true });
  } catch (error) {
    problems.add(1, unreadableLine(error as CsvError));
    return '';
  }
  const [record] = records;
  if (record === undefined && bytes.byteLength === 0) {
    throw AppError.invalidInput(`The CSV file is empty; line 1 must hold the SM-DP+ server address, then one ${COLUMNS} line per code.`);
  }
  if (record === undefined || (record.length === 1 && record[0] === '')) {
    problems.add(1, 'the line is blank, but it must hold the SM-DP+ server address');
    return '';
  }
  if (record.length !== 1) {
    problems.add(
      1,
      `the line must hold the SM-DP+ server address alone, but it has ${record.length} fields (is the address line missing?)`,
    );
    return '';
  }
  problems.check(1, checkAddress, record[0], 'SM-DP+ server address');
  return record[0];
}

/** The code at `index`, on `line`: its two fields against the model, then the request-level rules. False when refused (problems recorded). */
function checkCode(fields: CodeFields, index: number, rules: CodeRules, problems: ProblemList, line: number): boolean {
  const { integratedCircuitCardIdentifier, matchingIdentifier } = fields;
  const iccidValid = problems.check(line, checkIccid, integratedCircuitCardIdentifier, 'ICCID');
  if (!problems.check(line, checkMatchingIdentifier, matchingIdentifier, 'MatchingID') || !iccidValid) return false;
  const problem = rules.problemOf(integratedCircuitCardIdentifier, index);
  if (problem !== undefined) problems.add(line, `'ICCID' ${problem}`);
  return problem === undefined;
}

/** Why csv-parse could not read a line, in words that never quote it (it may hold a matching identifier). */
function unreadableLine(error: CsvError & { record?: unknown[] }): string {
  switch (error.code) {
    case 'CSV_MAX_RECORD_SIZE':
      return LONG_LINE;
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
      return `expected 2 fields (${COLUMNS}) but found ${error.record?.length ?? 'another number'}`;
    default:
      return `the line is not valid CSV (${error.code})`;
  }
}

/** The problems of a file by line: the first ones in full, and how many there are in all. */
class ProblemList {
  private readonly listed: string[] = [];
  total = 0;

  add(line: number, problem: string): void {
    this.total++;
    if (this.listed.length < MAX_LISTED_PROBLEMS) this.listed.push(`Line ${line}: ${problem.replace(/\.$/, '')}.`);
  }

  /** Runs a compiled model check on one field; false (and the problem recorded) when it fails. */
  check(line: number, check: ReturnType<typeof compileMemberCheck>, value: string, field: string): boolean {
    const found: string[] = [];
    check(value, field, found);
    for (const problem of found) this.add(line, problem);
    return found.length === 0;
  }

  summary(): string {
    return summarizeProblems(this.listed, MAX_LISTED_PROBLEMS, this.total);
  }
}

/** How many lines the file has, and the first one longer than `MAX_LINE_CHARACTERS` (in bytes, which bounds characters). */
function measureLines(bytes: Uint8Array): { lineCount: number; firstLongLine?: number } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let lineCount = 1;
  let firstLongLine: number | undefined;
  let start = 0;
  for (let end = buffer.indexOf(LINE_FEED); ; end = buffer.indexOf(LINE_FEED, start)) {
    const length = (end === -1 ? buffer.length : end) - start;
    if (firstLongLine === undefined && length > MAX_LINE_CHARACTERS + 1) firstLongLine = lineCount;
    if (end === -1) return { lineCount, firstLongLine };
    lineCount++;
    start = end + 1;
  }
}

const LINE_FEED = 0x0a;

function* chunksOf(bytes: Uint8Array): Generator<Buffer> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let start = 0; start < buffer.length; start += CHUNK_BYTES) yield buffer.subarray(start, start + CHUNK_BYTES);
}
