import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { GraphErrorCode, graphErrorBody } from '../errors/graph-error';
import { GRAPH_JSON_CONTENT_TYPE, graphHeadersFor } from './graph-response-hooks';

/** The answer to a request URL with a percent-encoded sequence that does not decode, whoever finds it. */
export const UNDECODABLE_URL_MESSAGE = 'The request URL is not valid: a percent-encoded sequence in it does not decode.';

/**
 * Answers the failures that happen before any route runs, in the Graph error shape with the Graph
 * headers (spec §7) rather than Fastify's or Node's own bodies: a URL that does not decode or a path
 * segment longer than any key (Fastify's router), and requests Node's HTTP parser refuses (headers
 * too large, a malformed Content-Length, a request not received in time).
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const message =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'A segment of the path is longer than any key this service issues; ids are GUIDs of 36 characters.'
      : error.code === 'FST_ERR_BAD_URL'
        ? UNDECODABLE_URL_MESSAGE
        : undefined;
  const status = message === undefined ? 500 : 400;
  const code: GraphErrorCode = message === undefined ? 'generalException' : 'invalidRequest';
  if (message === undefined) request.log.error({ err: error }, 'unexpected framework error');
  const { requestId, clientRequestId, headers } = graphHeadersFor(request);
  void reply
    .code(status)
    .headers(headers)
    .type(GRAPH_JSON_CONTENT_TYPE)
    .send(
      graphErrorBody(code, message ?? 'An unexpected error occurred. Quote the request-id when reporting it.', requestId, clientRequestId),
    );
}

/** What Node's HTTP parser refused, by its error code, as a status and a message a person can act on. */
function clientErrorAnswer(error: NodeJS.ErrnoException): { status: number; message: string } {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, message: 'The request was not received in time; send the headers and the body without pausing.' };
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, message: 'The request line and headers are too large; shorten the URL or the headers.' };
    default:
      return { status: 400, message: 'The request is not valid HTTP/1.1 (check the request line, the headers and Content-Length).' };
  }
}

/**
 * Fastify's `clientErrorHandler`: Node has no request object to answer through here, so the Graph
 * error is written on the socket, which is then closed (the connection cannot be trusted any more).
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, message } = clientErrorAnswer(error);
  const requestId = randomUUID();
  const body = JSON.stringify(graphErrorBody('invalidRequest', message, requestId, requestId));
  if (socket.writable) {
    const head = [
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
      `content-type: ${GRAPH_JSON_CONTENT_TYPE}`,
      `content-length: ${Buffer.byteLength(body)}`,
      `request-id: ${requestId}`,
      `client-request-id: ${requestId}`,
      'odata-version: 4.0',
      `date: ${new Date().toUTCString()}`,
      'connection: close',
    ];
    socket.write(`${head.join('\r\n')}\r\n\r\n${body}`);
  }
  socket.destroy();
}
