import type { FastifyInstance } from 'fastify';
import { CsvText } from '../body/csv-text';
import { parseJsonText, UnparsedJson } from '../body/json-text';

/**
 * The media types request bodies may have, and how each arrives at a handler: JSON parsed with Graph's
 * rules (`parseJsonText`) or, when large, as `UnparsedJson`; CSV always as `CsvText`. Which route
 * takes which type is the `MediaTypeGate`'s call, before the body is read.
 */
export function registerBodyParsers(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    const unparsed = new UnparsedJson(body as Buffer);
    if (unparsed.large) return done(null, unparsed);
    try {
      done(null, parseJsonText(unparsed.text));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  fastify.addContentTypeParser('text/csv', { parseAs: 'buffer' }, (_request, body, done) => done(null, new CsvText(body as Buffer)));
}
