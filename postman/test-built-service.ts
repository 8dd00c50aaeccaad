import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateDevSigningKey, mintDevToken } from '../src/identity/dev-signing-key';
import { freePort } from '../test/support/free-port';
import { TENANT_A } from '../test/support/tenants';
import { runCollection } from './run-collection';

/** `npm start`: builds the service when the build is missing or older than the sources, then serves the build. */
const START_SCRIPT = join(__dirname, '..', 'scripts', 'start.cjs');
/** A build takes most of it; a built service answers within a second or two. */
const READY_WITHIN_MS = 180_000;

/**
 * `npm run test:postman`: the committed collection, run with newman against the built service as
 * `npm start` runs it, on a free port with a fresh data directory (and so an empty database), with a
 * dev token minted from that directory's key. Exits 1 when an assertion or a request failed.
 */
async function main(): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'esim-postman-'));
  const port = await freePort();
  const token = await mintDevToken(loadOrCreateDevSigningKey(dataDir), { tenantId: TENANT_A });
  const service = spawn(process.execPath, [START_SCRIPT], {
    env: { PATH: process.env.PATH, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => service.once('exit', resolve));
  try {
    await untilReady(`http://127.0.0.1:${port}`, exited);
    const run = await runCollection({ baseUrl: `http://127.0.0.1:${port}`, token, reporters: ['cli'] });
    return run.failures.length === 0 && run.requests > 0 ? 0 : 1;
  } finally {
    if (service.exitCode === null) service.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Polls the readiness endpoint until it answers 200; fails if the service exits first or takes too long. */
async function untilReady(baseUrl: string, exited: Promise<number | null>): Promise<void> {
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  for (const deadline = Date.now() + READY_WITHIN_MS; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 250))) {
    if (exitCode !== undefined) throw new Error(`the service exited with code ${exitCode} before it was ready`);
    const ready = await fetch(`${baseUrl}/health/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
  }
  throw new Error(`the service was not ready within ${READY_WITHIN_MS / 1000} s`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
