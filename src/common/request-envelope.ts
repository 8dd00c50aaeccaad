import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set by `@RequestEnvelope()`: the route carries requests that are admitted one by one. */
    requestEnvelope?: boolean;
  }
}

/**
 * A route that only carries other requests (`$batch`): each of them is authenticated, authorized and
 * throttled as if sent alone, so the envelope itself needs a valid token but no permission, and is not
 * counted against the limits (a batch of 20 counts 20, not 21). Recorded in the Fastify route
 * configuration because the gates run before any NestJS code.
 */
export function RequestEnvelope(): MethodDecorator {
  return RouteConfig({ requestEnvelope: true });
}

export function isRequestEnvelope(request: FastifyRequest): boolean {
  return request.routeOptions.config?.requestEnvelope === true;
}
