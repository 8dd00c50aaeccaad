import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { GraphHttpError } from '../errors/graph-error';

/**
 * Replaces Fastify's JSON parser so a malformed body gets a Graph 400 whose message never quotes the
 * body: V8's own parse errors include a slice of the input, which may be an activation code. Prototype
 * poisoning (`__proto__`, `constructor.prototype`) is refused as Fastify does by default.
 */
export function registerJsonBodyParser(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    // No body at all (a DELETE sent with a Content-Type, say): whether one was required is the route's call.
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    try {
      done(null, secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }));
    } catch (error) {
      done(GraphHttpError.badRequest(describeParseFailure(error as Error)), undefined);
    }
  });
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
