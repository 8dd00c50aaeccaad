import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { REQUEST_CALLER } from './request-caller';

/** The caller's tenant id: the first argument of every service and repository call. */
export const CurrentTenant = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const caller = REQUEST_CALLER.get(context.switchToHttp().getRequest<FastifyRequest>());
  if (caller === undefined) throw new Error('CurrentTenant used on a public route, where there is no caller');
  return caller.tenantId;
});
