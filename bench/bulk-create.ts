import { POOLS_PATH } from './config';
import { send } from './http-client';
import { Measurement, percentile, ScenarioOutcome } from './measurement';
import { peakRssMb, resetPeakRss } from './peak-rss';
import type { Server, ServerName } from './servers';
import { nextPoolBody } from './test-data';

/** A 100,000-code body is ~11 MB and the service echoes it back; a minute is ample on any machine. */
const BULK_TIMEOUT_MS = 60_000;

/**
 * Big creates one at a time (autocannon would only measure a queue): each repeat sends one fresh body
 * to the service, then the same body to the baseline, timing the whole exchange.
 */
export async function runSequentialCreates(
  servers: Record<ServerName, Server>,
  headers: Record<string, string>,
  { codes, repeats }: { codes: number; repeats: number },
): Promise<ScenarioOutcome> {
  const title = `create with ${codes.toLocaleString('en-US')} codes (×${repeats}, one at a time)`;
  const rounds: Record<ServerName, Measurement[]> = { service: [], baseline: [] };
  for (let repeat = 0; repeat < repeats; repeat++) {
    const body = nextPoolBody(codes);
    for (const server of [servers.service, servers.baseline]) {
      resetPeakRss(server.pid);
      const started = performance.now();
      const answer = await send(`${server.origin}${POOLS_PATH}`, { method: 'POST', headers, body, timeoutMs: BULK_TIMEOUT_MS });
      const ms = performance.now() - started;
      if (answer.status !== 201) console.warn(`  ${server.name} answered ${answer.status}: ${answer.body.slice(0, 200)}`);
      rounds[server.name].push({
        requestsPerSecond: 1000 / ms,
        p50Ms: ms,
        p99Ms: ms,
        errors: answer.status === 201 ? 0 : 1,
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
