import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/bootstrap/create-app';
import { AppConfig, loadConfig } from '../../src/config/app-config';

export const POOLS = '/beta/deviceManagement/embeddedSIMActivationCodePools';

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly config: AppConfig;
  readonly http: TestAgent;
  readonly dataSource: DataSource;
  /** Every log line the app wrote (only when started with `captureLogs`). */
  readonly logs: string[];
  close(): Promise<void>;
}

/**
 * Starts the production application on a fresh SQLite file in its own temporary DATA_DIR, so every
 * test file runs the real migrations on an empty database.
 */
export async function startTestApp(env: Record<string, string> = {}, options: { captureLogs?: boolean } = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'esim-e2e-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: options.captureLogs ? 'trace' : 'silent', ...env });
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const app = await createApp(config, destination);
  return {
    app,
    config,
    http: request(app.getHttpServer()),
    dataSource: app.get(DataSource),
    logs,
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
