import secureJson from 'secure-json-parse';
import { GraphHttpError } from '../errors/graph-error';
import { UnparsedBody } from './unparsed-body';

/** A JSON body left unparsed by the HTTP layer because it is large (see `UnparsedBody`); `parseJsonText` parses it. */
export class UnparsedJson extends UnparsedBody {}

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
