import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/bootstrap/create-app';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { DevTokenRequest, loadOrCreateDevSigningKey, mintDevToken } from '../../src/identity/dev-signing-key';
import { prepareTestDatabase, removeTestData } from './test-database';

export const POOLS = '/beta/deviceManagement/embeddedSIMActivationCodePools';

import { TENANT_A } from './tenants';

export { TENANT_A, TENANT_B } from './tenants';

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly config: AppConfig;
  /** An HTTP client with a read-write delegated token of TENANT_A. */
  readonly http: TestAgent;
  /** An HTTP client with the token `request` describes (dev mode only). */
  as(request: DevTokenRequest): Promise<TestAgent>;
  /** A bare dev token, for tests that build the Authorization header themselves. */
  token(request: DevTokenRequest): Promise<string>;
  readonly dataSource: DataSource;
  /** Every log line the app wrote (only when started with `captureLogs`). */
  readonly logs: string[];
  close(): Promise<void>;
}

/**
 * Starts the production application in its own temporary DATA_DIR on a fresh database (SQLite, or
 * PostgreSQL with TEST_DB=postgres: see test-database.ts), so every test file runs the real migrations
 * on an empty database. Given a DATA_DIR, it starts on what an earlier app stored there, as a restart
 * would. Throttling is off unless `env` turns it on: suites that write a lot would otherwise hit the
 * per-app limits.
 */
export async function startTestApp(env: Record<string, string> = {}, options: { captureLogs?: boolean } = {}): Promise<TestApp> {
  const ownDataDir = env.DATA_DIR === undefined;
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'esim-e2e-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    ...(env.DB_TYPE === undefined ? await prepareTestDatabase(dataDir) : {}),
    LOG_LEVEL: options.captureLogs ? 'trace' : 'silent',
    THROTTLE: 'off',
    ...env,
  });
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const app = await createApp(config, destination);
  const token = (tokenRequest: DevTokenRequest) => mintDevToken(loadOrCreateDevSigningKey(config.dataDir), tokenRequest);
  const as = async (tokenRequest: DevTokenRequest) =>
    request.agent(app.getHttpServer()).set('Authorization', `Bearer ${await token(tokenRequest)}`);
  return {
    app,
    config,
    http: config.auth.mode === 'dev' ? await as({ tenantId: TENANT_A }) : request.agent(app.getHttpServer()),
    as,
    token,
    dataSource: app.get(DataSource),
    logs,
    async close() {
      await app.close();
      if (ownDataDir) await removeTestData(dataDir);
    },
  };
}

type TestAppEnvironment = Record<string, string>;

/**
 * The one set-up of an e2e file or describe block: starts the application before its tests (`env`
 * may be a function, evaluated then, for values only known once earlier hooks ran) and stops it
 * after them. The returned handle is usable inside tests and hooks, not while tests are declared.
 */
export function useTestApp(env: TestAppEnvironment | (() => TestAppEnvironment) = {}, options: { captureLogs?: boolean } = {}): TestApp {
  let current: TestApp | undefined;
  beforeAll(async () => {
    current = await startTestApp(typeof env === 'function' ? env() : env, options);
  });
  afterAll(async () => {
    await current?.close();
    current = undefined;
  });
  const started = (): TestApp => {
    if (current === undefined) throw new Error('useTestApp: the application is used outside the tests of its block');
    return current;
  };
  return {
    get app() {
      return started().app;
    },
    get config() {
      return started().config;
    },
    get http() {
      return started().http;
    },
    get dataSource() {
      return started().dataSource;
    },
    get logs() {
      return started().logs;
    },
    as: (request) => started().as(request),
    token: (request) => started().token(request),
    close: () => started().close(),
  };
}
