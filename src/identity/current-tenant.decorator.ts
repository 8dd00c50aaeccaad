import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { REQUEST_CALLER } from './request-caller';

/** The tenant of a request's verified caller; only authenticated routes have one. */
export function tenantOf(request: FastifyRequest): string {
  const caller = REQUEST_CALLER.get(request);
  if (caller === undefined) throw new Error('A tenant was asked for on a public route, where there is no caller');
  return caller.tenantId;
}

/** The caller's tenant id: the first argument of every service and repository call. */
export const CurrentTenant = createParamDecorator((_: unknown, context: ExecutionContext): string =>
  tenantOf(context.switchToHttp().getRequest<FastifyRequest>()),
);
