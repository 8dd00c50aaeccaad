import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateDevSigningKey, mintDevToken } from '../../src/identity/dev-signing-key';
import { freePort } from './free-port';
import { TENANT_A } from './tenants';
import { prepareTestDatabase, removeTestData } from './test-database';

const REPOSITORY = join(__dirname, '..', '..');

export interface ServiceProcess {
  readonly port: number;
  readonly dataDir: string;
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code once the process has ended. */
  readonly exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * The service as `npm start` runs it, but from the sources (ts-node, no build) and in a process of its
 * own: for what only a process shows (start-up refusals, exit codes, signals). Its database is that of
 * its DATA_DIR (see test-database.ts), unless `env` names one. `uid` runs it as another user, for
 * permission tests when the suite runs as root.
 */
export async function startServiceProcess(env: Record<string, string> = {}, options: { uid?: number } = {}): Promise<ServiceProcess> {
  const port = env.PORT === undefined ? await freePort() : Number(env.PORT);
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'esim-process-'));
  const database = env.DB_TYPE === undefined ? await prepareTestDatabase(dataDir) : {};
  let stdout = '';
  let stderr = '';
  const spawnOptions: SpawnOptions = {
    cwd: REPOSITORY,
    env: {
      PATH: process.env.PATH,
      DATA_DIR: dataDir,
      ...database,
      PORT: String(port),
      LOG_LEVEL: 'info',
      ...env,
      TS_NODE_TRANSPILE_ONLY: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }),
  };
  const child = spawn(process.execPath, ['--require', 'ts-node/register', 'src/main.ts'], spawnOptions);
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    port,
    dataDir,
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const code = await exited;
      if (env.DATA_DIR === undefined) await removeTestData(dataDir);
      return code;
    },
  };
}

/** Waits until the process logs that it is ready, or exits, or `timeoutMs` passes. */
export async function untilReady(service: ServiceProcess, timeoutMs = 30_000): Promise<'ready' | 'exited'> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void service.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (service.stdout().includes('graph-esim-service ready on')) return 'ready';
    if (exited) return 'exited';
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the service did not start within ${timeoutMs} ms:\n${service.stdout()}\n${service.stderr()}`);
}

/**
 * Starts the service as a process, waits until it is ready, runs `use` with it and a read-write dev
 * token of `tenantId`, and stops it afterwards whatever happened.
 */
export async function withReadyService<T>(
  env: Record<string, string>,
  use: (service: ServiceProcess, token: string) => Promise<T>,
  tenantId = TENANT_A,
): Promise<T> {
  const service = await startServiceProcess(env);
  try {
    expect(await untilReady(service)).toBe('ready');
    return await use(service, await mintDevToken(loadOrCreateDevSigningKey(service.dataDir), { tenantId }));
  } finally {
    await service.stop();
  }
}
