import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * One step of admitting a request, run as a Fastify `onRequest` hook: from the request line and the
 * headers only, before the body is read. A gate refuses by throwing; the order of the gates is
 * declared once, in `REQUEST_GATES` (app.module.ts).
 */
export interface RequestGate {
  admit(request: FastifyRequest, reply: FastifyReply): void | Promise<void>;
}
