import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Caller, DEFAULT_TENANT_ID } from './caller';

export const CALLER = Symbol('identity:caller');
export type RequestWithCaller = FastifyRequest & { [CALLER]?: Caller };

/** Establishes the caller of every request before any handler runs. */
@Injectable()
export class CallerGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<RequestWithCaller>();
    request[CALLER] = { tenantId: DEFAULT_TENANT_ID };
    return true;
  }
}
