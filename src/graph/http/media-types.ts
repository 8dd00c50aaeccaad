import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set by `@Consumes()`: the media types this route's request bodies may have. */
    consumes?: readonly string[];
  }
}

/** What a Graph route takes unless it says otherwise. */
export const JSON_MEDIA_TYPE = 'application/json';

/**
 * The media types a handler's request body may have (default `application/json`), e.g.
 * `@Consumes('text/csv')`. Recorded in the Fastify route configuration, because the `MediaTypeGate`
 * refuses other bodies before they are read and before any NestJS code runs.
 */
export function Consumes(...mediaTypes: string[]): MethodDecorator {
  return RouteConfig({ consumes: mediaTypes.map((type) => type.toLowerCase()) });
}

export function consumedMediaTypes(request: FastifyRequest): readonly string[] {
  return request.routeOptions.config?.consumes ?? [JSON_MEDIA_TYPE];
}
