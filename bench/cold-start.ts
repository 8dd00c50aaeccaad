import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { freePort } from '../test/support/free-port';
import { makeTempDir, removeTempDir, trackChild } from './cleanup';
import { COLD_START } from './config';
import { send } from './http-client';
import { percentile } from './measurement';
import { baselineCommand, baselineEnv, serverEnv, serviceCommand, serviceEnv } from './servers';

const READY_TIMEOUT_MS = 60_000;
const REPO_ROOT = resolve(__dirname, '..');

/** One server's cold start and idle memory: medians over the repeats. */
export interface ColdStart {
  /** From spawn to the first 200 of `GET /beta/`. */
  readyMs: number;
  /** VmRSS once it has been idle for COLD_START.idleMs after that answer. */
  idleRssMb: number;
  repeats: number;
}

/**
 * The service (`node dist/src/main.js` on a fresh data directory and SQLite file, configured as
 * `startService` does) and the baseline (on a fresh file, verifying with that service's dev key),
 * started one at a time, never both at once: each repeat times spawn → first 200 (polling the service
 * document every COLD_START.pollMs), waits while the process idles, reads its RSS and stops it.
 */
export async function measureColdStarts(): Promise<{ service: ColdStart; baseline: ColdStart }> {
  const runs = { service: [] as ColdStartRun[], baseline: [] as ColdStartRun[] };
  const compiledDir = makeTempDir('cold-baseline-build');
  const baselineEntry = baselineCommand(compiledDir);
  try {
    for (let repeat = 0; repeat < COLD_START.repeats; repeat++) {
      const serviceDir = makeTempDir('cold-service');
      const baselineDir = makeTempDir('cold-baseline');
      try {
        runs.service.push(await coldStart(serviceCommand(), serviceEnv(serviceDir)));
        // The service made its dev key on start: the baseline reads it as it does in the run.
        runs.baseline.push(await coldStart(baselineEntry, baselineEnv(baselineDir, serviceDir)));
      } finally {
        removeTempDir(serviceDir);
        removeTempDir(baselineDir);
      }
    }
  } finally {
    removeTempDir(compiledDir);
  }
  return { service: summarize(runs.service), baseline: summarize(runs.baseline) };
}

interface ColdStartRun {
  readyMs: number;
  idleRssMb: number;
}

async function coldStart(args: string[], env: Record<string, string>): Promise<ColdStartRun> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, ...serverEnv(port), ...env }, stdio: 'ignore' });
  trackChild(child);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let gone = false;
  void exited.then(() => (gone = true));
  try {
    let readyMs: number | undefined;
    while (readyMs === undefined) {
      if (gone) throw new Error(`${args.join(' ')} exited before it answered`);
      if (performance.now() - started > READY_TIMEOUT_MS) throw new Error(`no 200 from GET /beta/ within ${READY_TIMEOUT_MS / 1000} s`);
      const status = await send(`${origin}/beta/`, { timeoutMs: 2_000 }).then(
        (answer) => answer.status,
        () => 0,
      );
      if (status === 200) readyMs = performance.now() - started;
      else await new Promise((done) => setTimeout(done, COLD_START.pollMs));
    }
    await new Promise((done) => setTimeout(done, COLD_START.idleMs));
    return { readyMs, idleRssMb: vmRssMb(child.pid ?? -1) };
  } finally {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

function vmRssMb(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Math.round(Number(match[1]) / 1024);
}

function summarize(runs: readonly ColdStartRun[]): ColdStart {
  return {
    readyMs: percentile(
      runs.map((run) => run.readyMs),
      50,
    ),
    idleRssMb: percentile(
      runs.map((run) => run.idleRssMb),
      50,
    ),
    repeats: runs.length,
  };
}
