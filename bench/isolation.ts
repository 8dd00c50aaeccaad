import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { trackChild } from './cleanup';
import { ISOLATION, POOLS_PATH } from './config';
import { sendForJson } from './http-client';
import { percentile } from './measurement';
import { peakRssMb, resetPeakRss } from './peak-rss';
import type { Server } from './servers';
import { nextPoolBody } from './test-data';

/** How one tenant fares while another client loads the instance, against the same probe on the idle instance. */
export interface IsolationOutcome {
  title: string;
  /** What the disturbing client did, as it reported it. */
  disturbance: string;
  idleP99Ms: number;
  busyP99Ms: number;
  probeRequests: number;
  probeErrors: number;
  peakRssMb: number;
  /** Busy p99 over idle p99. */
  ratio: number;
}

/**
 * Service only, on an instance of its own. A probe tenant reads its own pools by id at a fixed, moderate rate (autocannon), first
 * on the idle service, then while a disturbing client in a process of its own runs: one tenant writing
 * 100,000-code pools back to back, or a crowd of connections without a token stalling 16 MiB uploads.
 * A fixed rate rather than saturation, so that the p99 shows the probe's wait, not a queue it builds.
 */
export async function measureIsolation(service: Server, probeToken: string, writerToken: string): Promise<IsolationOutcome[]> {
  const headers = { authorization: `Bearer ${probeToken}` };
  const ids: string[] = [];
  for (let i = 0; i < 20; i++) {
    const created = await sendForJson<{ id: string }>(`${service.origin}${POOLS_PATH}`, 201, {
      method: 'POST',
      headers,
      body: nextPoolBody(10),
    });
    ids.push(created.id);
  }
  const probe = (seconds: number) => probeLoad(service, headers, ids, seconds);
  const outcomes: IsolationOutcome[] = [];

  // The crowd first: its peak RSS must not count what large writes leave in the heap.
  const idleForUploads = await probe(ISOLATION.probeSeconds);
  resetPeakRss(service.pid);
  const port = new URL(service.origin).port;
  const crowd = startDisturber('stalled-uploads.ts', [port, String(ISOLATION.stalledConnections), String(ISOLATION.probeSeconds + 2)]);
  await crowd.ready;
  const busyWhileStalled = await probe(ISOLATION.probeSeconds);
  const crowdTitle = `${ISOLATION.stalledConnections} connections without a token stall 16 MiB uploads`;
  outcomes.push(outcome(crowdTitle, idleForUploads, busyWhileStalled, service, await crowd.finished));

  const idleForWrites = await probe(ISOLATION.probeSeconds);
  resetPeakRss(service.pid);
  const writer = startDisturber('bulk-writer.ts', [service.origin, writerToken, String(ISOLATION.bulkCreates)]);
  await writer.ready;
  const busyWhileWriting = await probe(ISOLATION.probeSeconds);
  const writerTitle = 'another tenant writes 100,000-code pools back to back';
  outcomes.push(outcome(writerTitle, idleForWrites, busyWhileWriting, service, await writer.finished));
  return outcomes;
}

interface ProbeResult {
  latenciesMs: number[];
  errors: number;
}

function probeLoad(service: Server, headers: Record<string, string>, ids: readonly string[], seconds: number): Promise<ProbeResult> {
  let next = 0;
  const latenciesMs: number[] = [];
  return new Promise((done, fail) => {
    const instance = autocannon(
      {
        url: service.origin,
        connections: ISOLATION.probeConnections,
        overallRate: ISOLATION.probeRate,
        duration: seconds,
        timeout: 10,
        headers,
        requests: [
          {
            method: 'GET',
            path: `${POOLS_PATH}/${ids[0]}`,
            setupRequest: (request) => ({ ...request, path: `${POOLS_PATH}/${ids[next++ % ids.length]}` }),
          },
        ],
      },
      (error: Error | null, result) =>
        error ? fail(error) : done({ latenciesMs, errors: result.non2xx + result.errors + result.timeouts }),
    );
    instance.on('response', (_client, _status, _bytes, ms) => latenciesMs.push(ms));
  });
}

function outcome(title: string, idle: ProbeResult, busy: ProbeResult, service: Server, disturbance: string): IsolationOutcome {
  const idleP99Ms = percentile(idle.latenciesMs, 99);
  const busyP99Ms = percentile(busy.latenciesMs, 99);
  return {
    title,
    disturbance,
    idleP99Ms,
    busyP99Ms,
    probeRequests: busy.latenciesMs.length,
    probeErrors: idle.errors + busy.errors,
    peakRssMb: peakRssMb(service.pid),
    ratio: busyP99Ms / idleP99Ms,
  };
}

/** A disturbing client in its own process (under ts-node): resolves `ready` and `finished` from its output. */
function startDisturber(script: string, args: string[]): { ready: Promise<void>; finished: Promise<string> } {
  const child = spawn(process.execPath, ['--require', 'ts-node/register/transpile-only', join(__dirname, 'disturbers', script), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  trackChild(child);
  const lines = createInterface({ input: child.stdout });
  let onReady: () => void = () => undefined;
  let onDone: (line: string) => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const finished = new Promise<string>((resolve) => (onDone = resolve));
  lines.on('line', (line) => {
    if (line === 'ready') onReady();
    else if (line.startsWith('done')) onDone(describeDisturbance(script, line));
  });
  child.once('exit', () => {
    onReady();
    onDone(`${script} exited`);
  });
  return { ready, finished };
}

function describeDisturbance(script: string, line: string): string {
  const [, first, second] = line.split(' ');
  return script === 'bulk-writer.ts'
    ? `${ISOLATION.bulkCreates} creates of 100,000 codes, ${first} failed`
    : `${first} answers received, ${second} connections closed by the service`;
}
