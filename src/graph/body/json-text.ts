import secureJson from 'secure-json-parse';
import { GraphHttpError } from '../errors/graph-error';
import { UnparsedBody } from './unparsed-body';

/** A JSON body left unparsed by the HTTP layer because it is large (see `UnparsedBody`). */
export class UnparsedJson extends UnparsedBody {
  /**
   * Parses it with `parseJsonText`, unless it holds more than `maxElements` JSON elements (see
   * `countJsonElements`): 16 MiB of `{},` would otherwise become 5 million objects and several
   * hundred megabytes of heap. Counting costs a pass over the bytes, a few milliseconds.
   */
  parse(maxElements: number): unknown {
    const elements = countJsonElements(this.bytes);
    if (elements > maxElements) {
      throw GraphHttpError.badRequest(
        `The request body holds more than ${maxElements} JSON elements (objects, arrays, members and items); split it into smaller requests.`,
      );
    }
    return parseJsonText(this.text);
  }
}

/** JSON elements of a large body unless its consumer allows more: far more than any Graph entity of this service needs. */
export const DEFAULT_MAX_JSON_ELEMENTS = 100_000;

/**
 * The number of `{`, `[` and `,` outside strings: about as many as the objects, arrays, members and
 * items a parse would build, counted without building them.
 */
export function countJsonElements(bytes: Uint8Array): number {
  let count = 0;
  let inString = false;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index];
    if (inString) {
      if (byte === BACKSLASH) index++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET || byte === COMMA) {
      count++;
    }
  }
  return count;
}

const [QUOTE, BACKSLASH, OPEN_BRACE, OPEN_BRACKET, COMMA] = ['"', '\\', '{', '[', ','].map((character) => character.charCodeAt(0));

/**
 * Parses a JSON request body with Graph's rules: a malformed body is a 400 whose message never quotes
 * the body (V8's own parse errors include a slice of the input, which may be an activation code), and
 * prototype poisoning (`__proto__`, `constructor.prototype`) is refused, as Fastify does by default.
 * An empty body is `undefined`: whether one was required is the route's call.
 */
export function parseJsonText(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    throw GraphHttpError.badRequest(describeParseFailure(error as Error));
  }
}

function describeParseFailure(error: Error): string {
  if (/prototype/.test(error.message)) {
    return 'The request body contains a forbidden property name (__proto__ or constructor.prototype).';
  }
  const position = /position (\d+)/.exec(error.message)?.[1];
  return position === undefined
    ? 'The request body is not valid JSON.'
    : `The request body is not valid JSON (the parser stopped at character ${position}).`;
}
