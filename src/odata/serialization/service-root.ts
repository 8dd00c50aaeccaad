import type { FastifyRequest } from 'fastify';

/**
 * The absolute service root a request came in on: scheme, host and the first path segment (services
 * here are mounted one segment deep, e.g. `/beta`). Context URLs and links are built from it, so they
 * point back at whichever host and root the client used (behind a proxy when `trustProxy` is on).
 */
export function serviceRootUrl(request: FastifyRequest): string {
  const path = request.originalUrl ?? request.url;
  const root = path.split(/[/?]/, 2)[1] ?? '';
  return `${requestOrigin(request)}/${root}`;
}

/** `scheme://host[:port]` as the client addressed the service. */
export function requestOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}
