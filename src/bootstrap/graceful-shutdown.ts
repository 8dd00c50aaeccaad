import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyBaseLogger } from 'fastify';

const SHUTDOWN_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/**
 * On SIGTERM or SIGINT: stop accepting connections, let the requests in flight finish and send their
 * whole responses (for at most `graceMs`, then their connections are closed), then close the
 * application (database, worker threads) and exit 0. The order matters: NestJS's own shutdown closes
 * the modules before the HTTP server, which would pull the database from under a request in flight.
 * A second signal while waiting exits at once, with 1.
 */
export function closeGracefullyOnSignals(app: NestFastifyApplication, graceMs: number, log: FastifyBaseLogger): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) {
      log.warn({ signal }, 'second signal while shutting down: exiting now');
      process.exit(1);
    }
    closing = true;
    void closeGracefully(app, signal, graceMs, log).then((code) => process.exit(code));
  };
  for (const signal of SHUTDOWN_SIGNALS) process.on(signal, onSignal);
}

async function closeGracefully(
  app: NestFastifyApplication,
  signal: NodeJS.Signals,
  graceMs: number,
  log: FastifyBaseLogger,
): Promise<number> {
  const started = Date.now();
  const fastify = app.getHttpAdapter().getInstance();
  log.info({ signal, graceMs }, 'shutting down: no new connections; finishing the requests in flight');
  const deadline = setTimeout(() => {
    log.warn({ graceMs }, 'grace period over: closing the connections of unfinished requests');
    fastify.server.closeAllConnections();
  }, graceMs);
  try {
    // Resolves once every connection has ended: each request in flight has sent its last byte.
    await fastify.close();
    clearTimeout(deadline);
    await app.close();
    log.info({ durationMs: Date.now() - started }, 'shut down cleanly');
    return 0;
  } catch (error) {
    log.error({ err: error }, 'shutdown failed');
    return 1;
  }
}
