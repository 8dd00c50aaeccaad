import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { CALLER, RequestWithCaller } from './caller.guard';

/** The caller's tenant id: the first argument of every service and repository call. */
export const CurrentTenant = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const caller = context.switchToHttp().getRequest<RequestWithCaller>()[CALLER];
  if (caller === undefined) throw new Error('CurrentTenant used on a route the CallerGuard did not run on');
  return caller.tenantId;
});
