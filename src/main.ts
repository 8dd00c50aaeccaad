import 'reflect-metadata';
import { createApp } from './bootstrap/create-app';
import { ConfigError, loadConfig } from './config/app-config';

async function main() {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const app = await createApp(config);
  await app.listen({ port: config.http.port, host: config.http.host });
  const where = `http://${config.http.host === '0.0.0.0' ? 'localhost' : config.http.host}:${config.http.port}`;
  app.getHttpAdapter().getInstance().log.info(`graph-esim-service ready on ${where}/beta (database ${config.database.path})`);
}

void main();
