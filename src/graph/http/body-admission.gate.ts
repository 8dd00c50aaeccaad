import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequestGate } from '../../common/request-gate';
import { GraphHttpError } from '../errors/graph-error';

export const MAX_BODY_BYTES_IN_FLIGHT = Symbol('graph:maxBodyBytesInFlight');

/** How long a client turned away for lack of room should wait: bodies in flight clear in about that time. */
const RETRY_AFTER_SECONDS = 2;

/**
 * The last gate before a body is read: it bounds the request bodies the instance holds at once, all
 * requests together, so a crowd of large uploads is turned away (503 with Retry-After) instead of
 * filling memory. A body counts from admission until its response is done, at its declared length
 * (or the body limit when it is sent chunked). Only admitted requests get `100 Continue`, so a
 * client that waits for it sends nothing before it is authenticated.
 */
@Injectable()
export class BodyAdmissionGate implements RequestGate {
  private bytesInFlight = 0;

  constructor(@Inject(MAX_BODY_BYTES_IN_FLIGHT) private readonly maxBytesInFlight: number) {}

  admit(request: FastifyRequest, reply: FastifyReply): void {
    const reserved = this.reservationFor(request);
    if (reserved > 0) {
      if (this.bytesInFlight + reserved > this.maxBytesInFlight) {
        throw new GraphHttpError(
          503,
          'serviceNotAvailable',
          `The service is receiving too many request bodies at once; retry in ${RETRY_AFTER_SECONDS} seconds.`,
          { 'retry-after': String(RETRY_AFTER_SECONDS) },
        );
      }
      this.bytesInFlight += reserved;
      reply.raw.once('close', () => {
        this.bytesInFlight -= reserved;
      });
    }
    if (request.headers.expect?.toLowerCase() === '100-continue') reply.raw.writeContinue();
  }

  /** The bytes a request's body may take: its Content-Length, or the body limit if it is chunked. */
  private reservationFor(request: FastifyRequest): number {
    const declared = request.headers['content-length'];
    // Most requests have no body: they are done without building the route's options.
    if (declared === undefined && request.headers['transfer-encoding'] === undefined) return 0;
    const limit = request.routeOptions.bodyLimit ?? request.server.initialConfig.bodyLimit ?? 0;
    return declared === undefined ? limit : Math.min(Number(declared) || 0, limit);
  }
}
