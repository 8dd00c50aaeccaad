import autocannon from 'autocannon';
import { LOAD, POOLS_PATH, SEED, TARGETS } from './config';
import { CpuUse, startCpuWindow } from './cpu-usage';
import { HttpAnswer, send } from './http-client';
import { mean, Measurement, percentile, ScenarioOutcome } from './measurement';
import { peakRssMb, resetPeakRss } from './peak-rss';
import type { Server, ServerName } from './servers';
import { FILTERED_NAME_PREFIX, nextPoolBody } from './test-data';

/** One request of a scenario; a generator returns a new one per call (ids rotate, bodies are fresh). */
interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

export interface ScenarioTarget {
  server: Server;
  /** Ids of the pools seeded on this server, for the get-by-id rotation. */
  poolIds: readonly string[];
}

export interface LoadScenario {
  title: string;
  /** The share of baseline req/s the service must reach (a target of the report), if any. */
  minRatio?: number;
  /** Answers meaning "the service does not do this yet": reported as unsupported, not as errors. */
  unsupportedStatuses: readonly number[];
  requests(target: ScenarioTarget): () => RequestSpec;
}

/** Until the query engine lands the service answers every OData query option with 501 (spec §5). */
const NOT_YET = [501];

export const LOAD_SCENARIOS: readonly LoadScenario[] = [
  {
    title: 'get by id',
    minRatio: TARGETS.getRatio,
    unsupportedStatuses: [],
    requests: ({ poolIds }) => {
      let next = 0;
      return () => ({ method: 'GET', path: `${POOLS_PATH}/${poolIds[next++ % poolIds.length]}` });
    },
  },
  {
    title: 'list $top=50',
    minRatio: TARGETS.listRatio,
    unsupportedStatuses: NOT_YET,
    requests: () => () => ({ method: 'GET', path: `${POOLS_PATH}?$top=50` }),
  },
  {
    // The first 50 pools carry EXPAND's assignments and device states (seed-children.ts).
    title: 'list $top=50&$expand=assignments,deviceStates',
    minRatio: TARGETS.expandRatio,
    unsupportedStatuses: NOT_YET,
    requests: () => () => ({ method: 'GET', path: `${POOLS_PATH}?$top=50&$expand=assignments,deviceStates` }),
  },
  {
    title: `list $filter=startswith(displayName,'${FILTERED_NAME_PREFIX}')&$orderby=displayName`,
    minRatio: TARGETS.filterRatio,
    unsupportedStatuses: NOT_YET,
    requests: () => {
      const filter = encodeURIComponent(`startswith(displayName,'${FILTERED_NAME_PREFIX}')`);
      return () => ({ method: 'GET', path: `${POOLS_PATH}?$filter=${filter}&$orderby=displayName` });
    },
  },
  {
    title: '$count',
    minRatio: TARGETS.countRatio,
    // Until the query engine adds the `/$count` route, the service reads `$count` as a pool id: 400.
    unsupportedStatuses: [...NOT_YET, 400],
    requests: () => () => ({ method: 'GET', path: `${POOLS_PATH}/$count` }),
  },
  {
    title: `create with ${SEED.codesPerPool} codes`,
    minRatio: TARGETS.createRatio,
    unsupportedStatuses: [],
    // Every request carries fresh ICCIDs, so none is refused as a duplicate (409).
    requests: () => () => ({ method: 'POST', path: POOLS_PATH, body: nextPoolBody(SEED.codesPerPool) }),
  },
];

/**
 * Probes the scenario once on each server, then warms both up and runs the measured rounds
 * alternately (service, baseline, service, baseline…), each with its own peak-RSS window.
 */
export async function runLoadScenario(
  scenario: LoadScenario,
  targets: Record<ServerName, ScenarioTarget>,
  headers: Record<string, string>,
): Promise<ScenarioOutcome> {
  const order = [targets.service, targets.baseline];
  const serviceAnswer = await probe(scenario, targets.service, headers);
  if (scenario.unsupportedStatuses.includes(serviceAnswer.status)) {
    return { title: scenario.title, kind: 'load', minRatio: scenario.minRatio, unsupportedStatus: serviceAnswer.status };
  }
  const baselineAnswer = await probe(scenario, targets.baseline, headers);
  if (baselineAnswer.status < 200 || baselineAnswer.status > 299) {
    throw new Error(`the baseline answered ${baselineAnswer.status} to '${scenario.title}': ${baselineAnswer.body.slice(0, 300)}`);
  }
  const [serviceShape, baselineShape] = [shapeOf(serviceAnswer), shapeOf(baselineAnswer)];
  const mismatch = serviceShape === baselineShape ? undefined : `answers differ (service ${serviceShape}; baseline ${baselineShape})`;
  if (mismatch) console.warn(`  ${mismatch}`);
  for (const target of order) await fire(scenario, target, headers, LOAD.warmUpSeconds);
  const rounds: Record<ServerName, Measurement[]> = { service: [], baseline: [] };
  for (let round = 0; round < LOAD.rounds; round++) {
    for (const target of order) {
      resetPeakRss(target.server.pid);
      const cpuWindow = startCpuWindow(target.server.pid);
      const { result, latenciesMs } = await fire(scenario, target, headers, LOAD.roundSeconds);
      const cpu = cpuWindow.stop(latenciesMs.length);
      rounds[target.server.name].push({
        requestsPerSecond: result.requests.average,
        p50Ms: percentile(latenciesMs, 50),
        p99Ms: percentile(latenciesMs, 99),
        errors: result.non2xx + result.errors,
        peakRssMb: peakRssMb(target.server.pid),
        cpu,
      });
    }
  }
  return {
    title: scenario.title,
    kind: 'load',
    minRatio: scenario.minRatio,
    mismatch,
    service: combine(rounds.service),
    baseline: combine(rounds.baseline),
    rounds,
  };
}

/** One request outside the load: does the server support the scenario, and what does it answer? */
function probe(scenario: LoadScenario, target: ScenarioTarget, headers: Record<string, string>): Promise<HttpAnswer> {
  const { method, path, body } = scenario.requests(target)();
  return send(`${target.server.origin}${path}`, { method, headers, body });
}

/**
 * What must be equal for a like-for-like comparison: the status, the property names and the rows per
 * page (or a `$count`'s number). Values such as ids and dates may differ.
 */
function shapeOf({ status, body }: HttpAnswer): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return `${status} ${body.slice(0, 40)}`;
  }
  if (typeof parsed !== 'object' || parsed === null) return `${status} ${String(parsed)}`;
  const record = parsed as Record<string, unknown>;
  const names = (value: object) => `{${Object.keys(value).sort().join(',')}}`;
  if (!Array.isArray(record.value)) return `${status} ${names(record)}`;
  const first: unknown = record.value[0];
  return `${status} ${names(record)} with ${record.value.length} × ${typeof first === 'object' && first !== null ? names(first) : '{}'}`;
}

/**
 * One autocannon run. Latencies are collected from its response events, which carry fractional
 * milliseconds: its own histogram rounds to whole ones, too coarse for the baseline's sub-ms answers.
 */
function fire(
  scenario: LoadScenario,
  target: ScenarioTarget,
  headers: Record<string, string>,
  seconds: number,
): Promise<{ result: autocannon.Result; latenciesMs: number[] }> {
  const next = scenario.requests(target);
  const first = next();
  const latenciesMs: number[] = [];
  return new Promise((done, fail) => {
    const instance = autocannon(
      {
        url: target.server.origin,
        connections: LOAD.connections,
        duration: seconds,
        timeout: LOAD.timeoutSeconds,
        headers: first.body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        requests: [{ method: first.method, path: first.path, body: first.body, setupRequest: (request) => ({ ...request, ...next() }) }],
      },
      (error: Error | null, result) => (error ? fail(error) : done({ result, latenciesMs })),
    );
    instance.on('response', (_client, _status, _bytes, ms) => latenciesMs.push(ms));
  });
}

/** Rounds are averaged; errors add up; the peak is the highest of the rounds. */
function combine(rounds: readonly Measurement[]): Measurement {
  return {
    requestsPerSecond: mean(rounds.map((round) => round.requestsPerSecond)),
    p50Ms: mean(rounds.map((round) => round.p50Ms)),
    p99Ms: mean(rounds.map((round) => round.p99Ms)),
    errors: rounds.reduce((sum, round) => sum + round.errors, 0),
    peakRssMb: Math.max(...rounds.map((round) => round.peakRssMb)),
    cpu: combineCpu(rounds.map((round) => round.cpu).filter((cpu): cpu is CpuUse => cpu !== undefined)),
  };
}

function combineCpu(rounds: readonly CpuUse[]): CpuUse | undefined {
  if (rounds.length === 0) return undefined;
  return {
    serverCpuSecondsPer1000: mean(rounds.map((round) => round.serverCpuSecondsPer1000)),
    serverCores: mean(rounds.map((round) => round.serverCores)),
    loadGeneratorCores: mean(rounds.map((round) => round.loadGeneratorCores)),
  };
}
