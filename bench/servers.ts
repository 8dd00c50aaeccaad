import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { freePort } from '../test/support/free-port';
import { trackChild } from './cleanup';
import { send } from './http-client';

export type ServerName = 'service' | 'baseline';

/** A server process of this run, listening on 127.0.0.1. */
export interface Server {
  readonly name: ServerName;
  readonly pid: number;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly dataDir: string;
  /** Its SQLite file (or PostgreSQL URL), for what the harness writes directly (children of pools, huge tables). */
  readonly databasePath: string;
  stop(): Promise<void>;
}

const REPO_ROOT = resolve(__dirname, '..');
const SERVICE_ENTRY = join(REPO_ROOT, 'dist', 'src', 'main.js');
const BASELINE_SOURCES = join(__dirname, 'baseline');
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

/** Where the service keeps its data: a SQLite file under its data directory, or a PostgreSQL database. */
export type ServiceDatabase = { readonly sqliteFile: string } | { readonly postgresUrl: string };

/**
 * The built service (`nest build` ran before the harness), configured as spec §13 names it. A SQLite
 * file of its own lets the scaling phase use another database beside the same dev key.
 */
export function startService(dataDir: string, database: ServiceDatabase = { sqliteFile: 'esim.sqlite' }): Promise<Server> {
  const env = serviceEnv(dataDir, database);
  return startServer('service', serviceCommand(), dataDir, env.DB_PATH ?? env.DATABASE_URL, env);
}

/**
 * The baseline runs as plain JavaScript: ts-node would add its compiler's ~50 MB to the baseline's RSS.
 * It verifies the same bearer tokens as the service, with the dev key under `serviceDataDir`.
 */
export function startBaseline(dataDir: string, serviceDataDir: string): Promise<Server> {
  return startServer('baseline', baselineCommand(dataDir), dataDir, join(dataDir, 'baseline.sqlite'), baselineEnv(dataDir, serviceDataDir));
}

/** The baseline's command line: its entry file, compiled into `dataDir` on the first call. */
export function baselineCommand(dataDir: string): string[] {
  return [compileBaseline(join(dataDir, 'compiled'))];
}

export function baselineEnv(dataDir: string, serviceDataDir: string): Record<string, string> {
  return {
    DATA_DIR: dataDir,
    SERVICE_DATA_DIR: serviceDataDir,
    // The compiled files live outside the repository; this lets them find better-sqlite3 and jose.
    NODE_PATH: join(REPO_ROOT, 'node_modules'),
  };
}

/** Where every server of the run listens. */
export function serverEnv(port: number): Record<string, string> {
  return { PORT: String(port), HOST: '127.0.0.1' };
}

/** The service's command line and environment, as `startService` runs it on SQLite (for the cold-start phase). */
export function serviceCommand(): string[] {
  return [SERVICE_ENTRY];
}

export function serviceEnv(dataDir: string, database: ServiceDatabase = { sqliteFile: 'esim.sqlite' }): Record<string, string> {
  const databaseEnv: Record<string, string> =
    'postgresUrl' in database
      ? { DB_TYPE: 'postgres', DATABASE_URL: database.postgresUrl }
      : { DB_PATH: join(dataDir, database.sqliteFile) };
  return { DATA_DIR: dataDir, LOG_LEVEL: 'warn', THROTTLE: 'off', AUTH_MODE: 'dev', ...databaseEnv };
}

/**
 * The baseline's sources, and the service's own framework-free pieces it shares (so both do exactly
 * the same sealing work), as paths under the repository root.
 */
const BASELINE_FILES = [
  ...readdirSync(BASELINE_SOURCES)
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join('bench', 'baseline', name)),
  join('src', 'secrets', 'secret-cipher.ts'),
];

/** Transpiles the baseline to CommonJS in `outDir`, keeping the repository layout, and returns the entry file. */
function compileBaseline(outDir: string): string {
  for (const file of BASELINE_FILES) {
    const { outputText } = ts.transpileModule(readFileSync(join(REPO_ROOT, file), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: file,
    });
    mkdirSync(join(outDir, dirname(file)), { recursive: true });
    writeFileSync(join(outDir, file.replace(/\.ts$/, '.js')), outputText);
  }
  return join(outDir, 'bench', 'baseline', 'server.js');
}

async function startServer(
  name: ServerName,
  args: string[],
  dataDir: string,
  databasePath: string,
  env: Record<string, string>,
): Promise<Server> {
  const port = await freePort();
  const logPath = join(dataDir, `${name}.log`);
  const log = openSync(logPath, 'a');
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, ...serverEnv(port) },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  trackChild(child);
  let stopping = false;
  const exited = new Promise<void>((done) =>
    child.once('exit', (code, signal) => {
      if (!stopping) console.error(`${name} exited unexpectedly (${signal ?? `code ${code}`}); last lines of its log:\n${tail(logPath)}`);
      done();
    }),
  );
  const origin = `http://127.0.0.1:${port}`;
  const server: Server = {
    name,
    pid: child.pid ?? -1,
    origin,
    dataDir,
    databasePath,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      stopping = true;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
  try {
    await waitUntilReady(origin, exited);
  } catch (error) {
    await server.stop();
    throw new Error(`${name} did not start: ${(error as Error).message}\n--- last lines of its log ---\n${tail(logPath)}`, {
      cause: error,
    });
  }
  return server;
}

/** Polls the service document (`GET /beta/`, no authentication needed) until it answers 200. */
async function waitUntilReady(origin: string, exited: Promise<void>): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (gone) throw new Error('the process exited');
    const status = await send(`${origin}/beta/`, { timeoutMs: 2_000 }).then(
      (answer) => answer.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`no 200 from GET /beta/ within ${READY_TIMEOUT_MS / 1000} s`);
}

function tail(path: string, lines = 20): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
