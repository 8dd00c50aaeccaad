/**
 * A malformed system query option value. `position` is the 0-based character offset in the option
 * value (for nested options such as `$expand=a($filter=...)`, in the outermost option value), so the
 * service can point the client at the offending part.
 */
export class ODataSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
    /** The query option as the client wrote it (e.g. `$filter`), when known. */
    readonly option?: string,
  ) {
    super(message);
    this.name = 'ODataSyntaxError';
  }
}

const MAX_QUOTED_LENGTH = 40;

/**
 * Quotes a piece of client input for an error message, shortened so messages stay readable. Double
 * quotes with JSON escapes, so input containing single quotes or tabs stays unambiguous.
 */
export function quote(text: string): string {
  return JSON.stringify(text.length > MAX_QUOTED_LENGTH ? `${text.slice(0, MAX_QUOTED_LENGTH)}…` : text);
}

/** Builds an error whose message ends with the position, e.g. "Expected ')' at position 12". */
export function syntaxError(message: string, position: number): ODataSyntaxError {
  return new ODataSyntaxError(`${message} at position ${position}`, position);
}
