import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogController } from 'fastify';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { DestinationStream } from 'pino';
import { AppModule, REQUEST_GATES } from '../app.module';
import { RequestGate } from '../common/request-gate';
import { AppConfig } from '../config/app-config';
import { registerGraphResponseHooks } from '../graph/http/graph-response-hooks';
import { answerClientError, answerFrameworkError } from '../graph/http/http-layer-errors';
import { registerBodyParsers } from '../graph/http/body-parsers';
import { registerCors } from '../graph/http/cors';
import { registerConnectionDraining } from './graceful-shutdown';
import { originFormOf, rewriteKeySegments } from '../graph/http/key-segments';
import { createLogger, PinoNestLogger } from '../logging/logger';
import { registerRequestLog } from '../logging/request-log';
import { requestLogger } from '../logging/request-logger';

/** How often Node checks open requests against the header and request timeouts (its default is 30 s). */
const TIMEOUT_CHECK_INTERVAL_MS = 1000;

/**
 * Builds the initialised application for a configuration: used by `main.ts` and by every e2e test,
 * so tests exercise the production stack.
 */
export async function createApp(config: AppConfig, logDestination?: DestinationStream): Promise<NestFastifyApplication> {
  const logger = createLogger(config.logLevel, logDestination);
  const { http } = config;
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => randomUUID(),
    childLoggerFactory: requestLogger,
    // No NestJS middleware here (the stages are Fastify hooks and NestJS guards): without middie, every
    // request has one onRequest hook fewer to go through.
    skipMiddie: true,
    bodyLimit: http.bodyLimitBytes,
    trustProxy: http.trustProxy,
    routerOptions: { ignoreTrailingSlash: true },
    rewriteUrl: (request: { url?: string }) => rewriteKeySegments(request.url ?? '/'),
    requestTimeout: http.requestTimeoutMs,
    connectionTimeout: http.idleTimeoutMs,
    keepAliveTimeout: http.keepAliveTimeoutMs,
    http: { headersTimeout: http.headersTimeoutMs, connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS },
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
  });
  const fastify = adapter.getInstance();
  // Before Fastify sees a request: every later stage (routing, links, logs) reads the origin form.
  fastify.server.prependListener('request', (request) => {
    request.url = originFormOf(request.url ?? '/');
  });
  // Node answers `Expect: 100-continue` itself unless someone listens: the body admission gate decides.
  fastify.server.on('checkContinue', (request, response) => fastify.server.emit('request', request, response));
  registerGraphResponseHooks(fastify);
  await registerCors(fastify, http.corsOrigins);
  registerRequestLog(fastify);
  registerConnectionDraining(fastify);
  registerBodyParsers(fastify);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config), adapter, {
    logger: new PinoNestLogger(logger),
    // The Graph layer installs its own JSON parser (see registerBodyParsers).
    bodyParser: false,
    // A failure while starting is the caller's to report (main.ts prints one line and exits 1).
    abortOnError: false,
  });
  const gates = REQUEST_GATES.map((gateType) => app.get(gateType));
  fastify.addHook('onRequest', (request, reply, done) => admitThrough(gates, 0, request, reply, done));
  await app.init();
  await fastify.ready();
  return app;
}

/**
 * Runs the request gates from `first` on, in order, as one hook: a gate that decides at once (most do,
 * and authentication does for a token it has seen) costs no promise; the request waits only on one
 * that is still deciding, such as a new token's signature check or a Redis call.
 */
function admitThrough(
  gates: readonly RequestGate[],
  first: number,
  request: FastifyRequest,
  reply: FastifyReply,
  done: HookHandlerDoneFunction,
): void {
  for (let index = first; index < gates.length; index++) {
    let pending: void | Promise<void>;
    try {
      pending = gates[index].admit(request, reply);
    } catch (error) {
      return done(error as Error);
    }
    if (pending !== undefined) {
      pending.then(() => admitThrough(gates, index + 1, request, reply, done), done);
      return;
    }
  }
  done();
}
