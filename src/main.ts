import 'reflect-metadata';
import { createApp } from './bootstrap/create-app';
import { closeGracefullyOnSignals } from './bootstrap/graceful-shutdown';
import { describeStartupFailure } from './bootstrap/startup-failure';
import { AppConfig, databaseLocation, loadConfig } from './config/app-config';

async function main() {
  let config: AppConfig | undefined;
  try {
    config = loadConfig(process.env);
    const app = await createApp(config);
    await app.listen({ port: config.http.port, host: config.http.host });
    const { host, port } = config.http;
    const where = `http://${host === '0.0.0.0' ? 'localhost' : host.includes(':') ? `[${host}]` : host}:${port}`;
    const log = app.getHttpAdapter().getInstance().log;
    closeGracefullyOnSignals(app, config.http.shutdownGraceMs, log);
    log.info(`graph-esim-service ready on ${where}/beta (database ${databaseLocation(config.database)})`);
  } catch (error) {
    process.stderr.write(`graph-esim-service cannot start: ${describeStartupFailure(error, config?.http)}\n`);
    process.exit(1);
  }
}

void main();
