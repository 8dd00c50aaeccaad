import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set by `@Public()`: the route answers without a token. */
    publicRoute?: boolean;
  }
}

/**
 * Spec §8: only the service document, `$metadata` and the health endpoints answer without a token.
 * Recorded in the Fastify route configuration rather than as NestJS metadata, because requests are
 * authenticated in a Fastify hook, before the body is read and before any NestJS code runs. On a
 * class it marks every handler of the controller.
 */
export function Public(): ClassDecorator & MethodDecorator {
  return (target: object, propertyKey?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (descriptor !== undefined) {
      RouteConfig({ publicRoute: true })(target, propertyKey as string | symbol, descriptor);
      return;
    }
    const prototype = (target as { prototype: object }).prototype;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const method = Object.getOwnPropertyDescriptor(prototype, name);
      if (name !== 'constructor' && typeof method?.value === 'function') RouteConfig({ publicRoute: true })(prototype, name, method);
    }
  };
}

export function isPublicRoute(request: FastifyRequest): boolean {
  return request.routeOptions.config?.publicRoute === true;
}
