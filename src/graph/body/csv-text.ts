import { UnparsedBody } from './unparsed-body';

/**
 * A `text/csv` body (RFC 4180), always handed on unparsed: CSV carries no schema, so which lines and
 * columns it must hold is its consumer's to say, and so are the messages naming a bad line.
 */
export class CsvText extends UnparsedBody {}
