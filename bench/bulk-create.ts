import { CSV_IMPORT, POOLS_PATH } from './config';
import { send, sendForJson } from './http-client';
import { Measurement, percentile, ScenarioOutcome } from './measurement';
import { peakRssMb, resetPeakRss } from './peak-rss';
import type { Server, ServerName } from './servers';
import { nextIccid, nextPoolBody, operatorCsv } from './test-data';

/** A 100,000-code body is ~11 MB and the service echoes it back; a minute is ample on any machine. */
const BULK_TIMEOUT_MS = 60_000;

/** One timed request of a sequential scenario, as a server is to receive it. */
interface TimedRequest {
  readonly path: string;
  readonly body: string;
  readonly contentType: string;
  readonly expectedStatus: number;
}

/** Big creates one at a time: each repeat sends one fresh body to the service, then the same body to the baseline. */
export function runSequentialCreates(
  servers: Record<ServerName, Server>,
  headers: Record<string, string>,
  { codes, repeats }: { codes: number; repeats: number },
): Promise<ScenarioOutcome> {
  return runOneAtATime(servers, headers, `create with ${codes.toLocaleString('en-US')} codes (×${repeats}, one at a time)`, repeats, () => {
    const body = nextPoolBody(codes);
    return () => Promise.resolve({ path: POOLS_PATH, body, contentType: 'application/json', expectedStatus: 201 });
  });
}

/**
 * Operator CSV imports one at a time: each repeat builds one file and imports it on each server into a
 * fresh empty pool (created first, untimed), so every import appends the same codes to the same state.
 */
export function runSequentialCsvImports(servers: Record<ServerName, Server>, headers: Record<string, string>): Promise<ScenarioOutcome> {
  const { rows, repeats } = CSV_IMPORT;
  return runOneAtATime(
    servers,
    headers,
    `CSV import of ${rows.toLocaleString('en-US')} codes (×${repeats}, one at a time)`,
    repeats,
    () => {
      const body = operatorCsv(Array.from({ length: rows }, nextIccid));
      return async (server) => {
        const pool = await sendForJson<{ id: string }>(`${server.origin}${POOLS_PATH}`, 201, {
          method: 'POST',
          headers,
          body: nextPoolBody(0),
        });
        return { path: `${POOLS_PATH}/${pool.id}/activationCodes/$import`, body, contentType: 'text/csv', expectedStatus: 200 };
      };
    },
  );
}

/**
 * Requests one at a time (autocannon would only measure a queue), timing each whole exchange:
 * every repeat prepares its requests once (`nextRepeat`), then runs them on the service and then on
 * the baseline, each with its own peak-RSS window.
 */
async function runOneAtATime(
  servers: Record<ServerName, Server>,
  headers: Record<string, string>,
  title: string,
  repeats: number,
  nextRepeat: () => (server: Server) => Promise<TimedRequest>,
): Promise<ScenarioOutcome> {
  const rounds: Record<ServerName, Measurement[]> = { service: [], baseline: [] };
  for (let repeat = 0; repeat < repeats; repeat++) {
    const requestFor = nextRepeat();
    for (const server of [servers.service, servers.baseline]) {
      const { path, body, contentType, expectedStatus } = await requestFor(server);
      resetPeakRss(server.pid);
      const started = performance.now();
      const answer = await send(`${server.origin}${path}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': contentType },
        body,
        timeoutMs: BULK_TIMEOUT_MS,
      });
      const ms = performance.now() - started;
      const failed = answer.status !== expectedStatus;
      if (failed) console.warn(`  ${server.name} answered ${answer.status}: ${answer.body.slice(0, 200)}`);
      rounds[server.name].push({
        requestsPerSecond: 1000 / ms,
        p50Ms: ms,
        p99Ms: ms,
        errors: failed ? 1 : 0,
        peakRssMb: peakRssMb(server.pid),
      });
    }
  }
  return { title, kind: 'sequential', service: summarize(rounds.service), baseline: summarize(rounds.baseline), rounds };
}

/** The median request stands for the scenario; the slowest is kept as the "p99". */
function summarize(runs: readonly Measurement[]): Measurement {
  const times = runs.map((run) => run.p50Ms);
  const typicalMs = percentile(times, 50);
  return {
    requestsPerSecond: 1000 / typicalMs,
    p50Ms: typicalMs,
    p99Ms: Math.max(...times),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    peakRssMb: Math.max(...runs.map((run) => run.peakRssMb)),
  };
}
