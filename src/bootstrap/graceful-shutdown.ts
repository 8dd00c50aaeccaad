import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';

const SHUTDOWN_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/** Instances shutting down: each response they send ends its connection. */
const draining = new WeakSet<FastifyInstance>();

/**
 * Installed by createApp, since hooks cannot be added to a started instance. Once an instance drains,
 * every response says `Connection: close`, so keep-alive connections end after the request in flight
 * instead of holding the shutdown until their idle timeout.
 */
export function registerConnectionDraining(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (draining.has(fastify)) reply.header('connection', 'close');
    done(null, payload);
  });
}

/**
 * On SIGTERM or SIGINT: stop accepting connections, let the requests in flight finish and send their
 * whole responses (for at most `graceMs`, then their connections are closed), then close the
 * application (database, worker threads) and exit 0. The order matters: NestJS's own shutdown closes
 * the modules before the HTTP server, which would pull the database from under a request in flight;
 * and Fastify's `close()` refuses injected requests at once, which would fail the later requests of a
 * `$batch` in flight, so only the listening server is closed until every connection has ended.
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
    draining.add(fastify);
    // Resolves once every connection has ended: each request in flight has sent its last byte.
    await new Promise<void>((resolve) => fastify.server.close(() => resolve()));
    clearTimeout(deadline);
    await app.close();
    log.info({ durationMs: Date.now() - started }, 'shut down cleanly');
    return 0;
  } catch (error) {
    log.error({ err: error }, 'shutdown failed');
    return 1;
  }
}
