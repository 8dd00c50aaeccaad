import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DestinationStream } from 'pino';
import { AppModule, REQUEST_GATES } from '../app.module';
import { AppConfig } from '../config/app-config';
import { registerGraphResponseHooks } from '../graph/http/graph-response-hooks';
import { registerJsonBodyParser } from '../graph/http/json-body-parser';
import { rewriteKeySegments } from '../graph/http/key-segments';
import { createLogger, PinoNestLogger } from '../logging/logger';

/**
 * Builds the initialised application for a configuration: used by `main.ts` and by every e2e test,
 * so tests exercise the production stack.
 */
export async function createApp(config: AppConfig, logDestination?: DestinationStream): Promise<NestFastifyApplication> {
  const logger = createLogger(config.logLevel, logDestination);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    genReqId: () => randomUUID(),
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy: config.http.trustProxy,
    routerOptions: { ignoreTrailingSlash: true },
    rewriteUrl: (request: { url?: string }) => rewriteKeySegments(request.url ?? '/'),
  });
  registerGraphResponseHooks(adapter.getInstance());
  registerJsonBodyParser(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config), adapter, {
    logger: new PinoNestLogger(logger),
    // The Graph layer installs its own JSON parser (see registerJsonBodyParser).
    bodyParser: false,
  });
  app.enableShutdownHooks();
  for (const gateType of REQUEST_GATES) {
    const gate = app.get(gateType);
    adapter.getInstance().addHook('onRequest', async (request, reply) => gate.admit(request, reply));
  }
  await app.init();
  await adapter.getInstance().ready();
  return app;
}
