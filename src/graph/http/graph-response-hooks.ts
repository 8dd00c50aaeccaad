import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { odataJsonContentType } from '../../odata/serialization/content-negotiation';

/** Spec §6: the full media type Graph answers JSON with, errors included. */
export const GRAPH_JSON_CONTENT_TYPE = odataJsonContentType('minimal');

const PRINTABLE_ID = /^[\x21-\x7e]{1,128}$/;

/** The caller's `client-request-id`, echoed when it is a sane token; otherwise our own request-id. */
export function clientRequestIdOf(request: FastifyRequest): string {
  const sent = request.headers['client-request-id'];
  return typeof sent === 'string' && PRINTABLE_ID.test(sent) ? sent : request.id;
}

/** The ids an error body quotes, as the response headers already carry them. */
export function requestIdsOf(request: FastifyRequest, reply: FastifyReply) {
  return { requestId: request.id, clientRequestId: String(reply.getHeader('client-request-id') ?? clientRequestIdOf(request)) };
}

/** The headers every response carries (spec §6), and the ids an error body quotes. */
export function graphHeadersFor(request: FastifyRequest) {
  const requestId = request.id;
  const clientRequestId = clientRequestIdOf(request);
  return { requestId, clientRequestId, headers: { 'request-id': requestId, 'client-request-id': clientRequestId, 'odata-version': '4.0' } };
}

/**
 * Headers every response carries (spec §6). Set in hooks rather than an interceptor so that answers the
 * framework gives before any controller runs (404, 413, 415) carry them too.
 */
export function registerGraphResponseHooks(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.headers(graphHeadersFor(request).headers);
    done();
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    // Fastify answers some requests without their onRequest hooks: a path that does not decode, for a method no route has.
    if (!reply.hasHeader('request-id')) reply.headers(graphHeadersFor(request).headers);
    // RFC 9110 §15.3.5, §15.4.5: a 204 or a 304 has no content, whatever a handler or serializer produced.
    if (reply.statusCode === 204 || reply.statusCode === 304) {
      reply.removeHeader('content-type');
      // Fastify's own onSend of a HEAD route runs after this one and fails on a null payload; an empty one it nulls itself.
      return done(null, request.method === 'HEAD' ? '' : null);
    }
    const contentType = reply.getHeader('content-type');
    // A handler that chose an OData metadata level (odata.metadata=none|full) keeps its media type.
    if (typeof contentType === 'string' && contentType.startsWith('application/json') && !contentType.includes('odata.metadata')) {
      reply.header('content-type', GRAPH_JSON_CONTENT_TYPE);
    }
    done(null, payload);
  });
}
