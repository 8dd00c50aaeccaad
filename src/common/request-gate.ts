import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * One step of admitting a request, from the request line and the headers only, before the body is
 * read. The gates run in order in one Fastify `onRequest` hook (the order is declared once, in
 * `REQUEST_GATES`, app.module.ts). A gate refuses by throwing, and returns a promise only when it
 * cannot decide at once: the request then waits for it, and for nothing else.
 */
export interface RequestGate {
  admit(request: FastifyRequest, reply: FastifyReply): void | Promise<void>;
}
