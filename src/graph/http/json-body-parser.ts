import type { FastifyInstance } from 'fastify';
import { parseJsonText, UnparsedJson } from '../body/json-text';

/**
 * Bodies up to this size are parsed on arrival; larger ones (a pool with thousands of activation
 * codes) are handed on as text, for their consumer to parse off the event loop: JSON.parse of a
 * 15 MB body holds the event loop for 50–90 ms, and every other tenant with it.
 */
export const INLINE_PARSE_LIMIT_BYTES = 256 * 1024;

/** Replaces Fastify's JSON parser with Graph's rules (`parseJsonText`). */
export function registerJsonBodyParser(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    const bytes = body as Buffer;
    if (bytes.length > INLINE_PARSE_LIMIT_BYTES) return done(null, new UnparsedJson(bytes));
    try {
      done(null, parseJsonText(bytes.toString('utf8')));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}
