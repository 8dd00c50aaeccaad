import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { RequestGate } from '../../common/request-gate';
import { GraphHttpError } from '../errors/graph-error';
import { consumedMediaTypes } from './media-types';

const METHODS_WITH_BODIES = new Set(['POST', 'PUT', 'PATCH']);
/** Every body is read as UTF-8 (of which US-ASCII is a subset). */
const READABLE_CHARSETS = new Set(['utf-8', 'utf8', 'us-ascii']);

/**
 * Refuses, with a 415 naming what the route takes, a body of a media type its route does not consume
 * (`@Consumes`) or in a charset other than UTF-8, before the body is read: so a CSV never reaches a
 * JSON route nor JSON the CSV import, and a client learns it from the first bytes it sends.
 */
@Injectable()
export class MediaTypeGate implements RequestGate {
  admit(request: FastifyRequest): void {
    if (!METHODS_WITH_BODIES.has(request.method) || !hasBody(request)) return;
    const accepted = consumedMediaTypes(request);
    const contentType = request.headers['content-type'];
    const [essence, ...parameters] = (contentType ?? '').split(';');
    if (!accepted.includes(essence.trim().toLowerCase())) throw GraphHttpError.unsupportedMediaType(contentType, accepted);
    const charset = parameters
      .map((parameter) => parameter.split('='))
      .find(([name]) => name.trim().toLowerCase() === 'charset')?.[1]
      ?.trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase();
    if (charset !== undefined && !READABLE_CHARSETS.has(charset)) {
      throw new GraphHttpError(
        415,
        'unsupportedMediaType',
        `The charset '${charset.slice(0, 40)}' is not supported; send the body in UTF-8.`,
      );
    }
  }
}

/** A request announces a body by a non-zero Content-Length or by Transfer-Encoding (RFC 9112 §6.3). */
function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length.trim() !== '0');
}
