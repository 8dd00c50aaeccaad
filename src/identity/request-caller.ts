import type { FastifyRequest } from 'fastify';
import { Caller } from './caller';

const CALLER = Symbol('identity:caller');
type RequestWithCaller = FastifyRequest & { [CALLER]?: Caller };

export function attachCaller(request: FastifyRequest, caller: Caller): void {
  (request as RequestWithCaller)[CALLER] = caller;
}

/** The verified caller of a request, or undefined on a public route. */
export function callerOf(request: FastifyRequest): Caller | undefined {
  return (request as RequestWithCaller)[CALLER];
}
