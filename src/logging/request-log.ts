import type { FastifyInstance } from 'fastify';
import { loggableTarget, REQUEST_LOG_FIELDS } from '../common/request-log';
import type { RequestLogger } from './request-logger';

/**
 * One log line per request, when its response has been sent: method, route, target (query option
 * names only), status, duration, and what the stages added (tenant, app). Never a body, a header
 * value or a query value. Replaces Fastify's own request logging, which logs query strings verbatim.
 */
export function registerRequestLog(fastify: FastifyInstance): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    // The line's fields cost a URL parse: none of it when info lines are off (the benchmark's `warn`).
    if (!(request.log as RequestLogger).isLevelEnabled('info')) return done();
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url,
        target: loggableTarget(request.url),
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
        ...REQUEST_LOG_FIELDS.get(request),
      },
      'request completed',
    );
    done();
  });
  fastify.addHook('onRequestAbort', (request, done) => {
    request.log.info({ method: request.method, target: loggableTarget(request.url) }, 'client closed the connection before the response');
    done();
  });
}
