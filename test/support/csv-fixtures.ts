import { iccid, matchingIdentifier, SMDP_ADDRESS } from './fixtures';
import { POOLS } from './test-app';

/** One data line of the Intune operator CSV: `ICCID,MatchingID`. */
export interface CsvRow {
  readonly iccid: string;
  readonly matchingIdentifier: string;
}

export const importUrl = (poolId: string) => `${POOLS}/${poolId}/activationCodes/$import`;

let nextSerial = 500_000;

/**
 * `count` valid rows with realistic ICCIDs and matching identifiers, whose serials no earlier call
 * of this test file used (they start at 500,000, far from those `activationCodes()` hands out).
 */
export function csvRows(count: number): CsvRow[] {
  const first = nextSerial;
  nextSerial += count;
  return Array.from({ length: count }, (_, i) => ({ iccid: iccid(first + i), matchingIdentifier: matchingIdentifier(first + i) }));
}

/** The line a data row is on: line 1 is the SM-DP+ address, so the first row is line 2. */
export const lineOf = (rowIndex: number) => rowIndex + 2;

/** `rows` with the row at `index` replaced by the raw line `line`. */
export function replaceRow(rows: readonly CsvRow[], index: number, line: string): (CsvRow | string)[] {
  return rows.map((row, i) => (i === index ? line : row));
}

export interface CsvLayout {
  /** The SM-DP+ address on line 1. */
  readonly smdp?: string;
  readonly eol?: '\n' | '\r\n';
  /** Starts the file with a UTF-8 byte order mark. */
  readonly bom?: boolean;
  readonly trailingNewline?: boolean;
}

/**
 * The operator CSV: line 1 the SM-DP+ address, then one `ICCID,MatchingID` line per row; a string
 * among `rows` is written as it is (a malformed or blank line).
 */
export function operatorCsv(rows: readonly (CsvRow | string)[], layout: CsvLayout = {}): string {
  const eol = layout.eol ?? '\n';
  const lines = [
    layout.smdp ?? SMDP_ADDRESS,
    ...rows.map((row) => (typeof row === 'string' ? row : `${row.iccid},${row.matchingIdentifier}`)),
  ];
  return (layout.bom ? '\uFEFF' : '') + lines.join(eol) + (layout.trailingNewline ? eol : '');
}
