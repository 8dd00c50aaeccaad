import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TARGETS } from './config';
import { isMeasured, Measurement, ScenarioOutcome } from './measurement';
import type { ColdStart } from './cold-start';
import type { IsolationOutcome } from './isolation';
import type { ListLatency } from './scaling';

export interface BenchResults {
  date: string;
  cpus: number;
  node: string;
  command: string;
  durationSeconds: number;
  /** False while `npm run token` does not exist: requests then went without Authorization. */
  tokenMinted: boolean;
  /** False when the kernel refused to reset VmHWM: peaks then count from process start. */
  peakRssPerPhase: boolean;
  scenarios: ScenarioOutcome[];
  /** The PostgreSQL column: the service on PostgreSQL ("service") against the service on SQLite ("baseline"). */
  postgres: ScenarioOutcome[];
  hugeCreate?: ScenarioOutcome;
  csvImport?: ScenarioOutcome;
  isolation?: IsolationOutcome[];
  listScaling?: ListLatency[];
  /** Spawn to first 200, and idle RSS, of each server (medians). */
  coldStart?: { service: ColdStart; baseline: ColdStart };
  /** Harness failures: a phase that could not run to its end. */
  failures: string[];
}

export interface TargetCheck {
  target: string;
  verdict: 'met' | 'not met' | 'not measured';
  detail: string;
}

const RESULTS_DIR = join(__dirname, 'results');

export function evaluateTargets(results: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const outcome of results.scenarios) {
    if (outcome.minRatio === undefined) continue;
    const target = `${outcome.title}: ≥ ${outcome.minRatio.toFixed(2)} × baseline req/s`;
    if (!isMeasured(outcome)) {
      checks.push({ target, verdict: 'not measured', detail: `unsupported (${outcome.unsupportedStatus})` });
      continue;
    }
    const ratio = outcome.service.requestsPerSecond / outcome.baseline.requestsPerSecond;
    checks.push({ target, verdict: verdict(ratio >= outcome.minRatio), detail: `${ratio.toFixed(3)} ×` });
  }
  const huge = results.hugeCreate;
  checks.push(...bulkChecks(huge, 'create with 100,000 codes', TARGETS.hugeCreateTimeFactor, TARGETS.hugeCreatePeakRssMb));
  const csv = results.csvImport;
  checks.push(...bulkChecks(csv, 'CSV import of 100,000 codes', TARGETS.csvImportTimeFactor, TARGETS.csvImportPeakRssMb));
  checks.push(
    listScalingCheck(results.listScaling, 'list `$top=50`', (size) => [size.p50Ms, size.unsupportedStatus]),
    listScalingCheck(results.listScaling, 'filtered list (`startswith`, `$orderby=displayName`)', (size) => [
      size.filterP50Ms,
      size.filterUnsupportedStatus,
    ]),
  );
  checks.push(...isolationChecks(results.isolation));
  const errors = [...results.scenarios, ...results.postgres, ...(huge ? [huge] : []), ...(csv ? [csv] : [])]
    .filter(isMeasured)
    .reduce((sum, outcome) => sum + outcome.service.errors + outcome.baseline.errors, 0);
  checks.push({
    target: 'zero errors',
    verdict: verdict(errors === 0 && results.failures.length === 0),
    detail: `${errors} failed requests, ${results.failures.length} harness failures`,
  });
  return checks;
}

/** A one-at-a-time scenario's targets: its median time against the baseline's, and the service's peak RSS. */
function bulkChecks(outcome: ScenarioOutcome | undefined, title: string, timeFactor: number, peakRssMb: number): TargetCheck[] {
  if (outcome === undefined || !isMeasured(outcome))
    return [{ target: `${title}: time and peak RSS`, verdict: 'not measured', detail: 'did not run' }];
  const factor = outcome.service.p50Ms / outcome.baseline.p50Ms;
  return [
    {
      target: `${title}: within ${timeFactor} × baseline time`,
      verdict: verdict(factor <= timeFactor),
      detail: `${formatMs(outcome.service.p50Ms)} ms vs ${formatMs(outcome.baseline.p50Ms)} ms = ${factor.toFixed(2)} ×`,
    },
    {
      target: `${title}: service peak RSS under ${peakRssMb} MB`,
      verdict: verdict(outcome.service.peakRssMb < peakRssMb),
      detail: `${outcome.service.peakRssMb} MB`,
    },
  ];
}

function isolationChecks(isolation: IsolationOutcome[] | undefined): TargetCheck[] {
  if (isolation === undefined) return [{ target: "another tenant's p99 under load", verdict: 'not measured', detail: 'did not run' }];
  return isolation.flatMap((row) => [
    {
      target: `${row.title}: another tenant's p99 within ${TARGETS.isolationP99Factor} × its idle p99`,
      verdict: verdict(row.ratio <= TARGETS.isolationP99Factor && row.probeErrors === 0),
      detail: `${formatMs(row.idleP99Ms)} → ${formatMs(row.busyP99Ms)} ms = ${row.ratio.toFixed(2)} ×, ${row.probeErrors} probe errors`,
    },
    ...(row.title.includes('stall')
      ? [
          {
            target: `${row.title}: service peak RSS under ${TARGETS.stalledUploadsPeakRssMb} MB`,
            verdict: verdict(row.peakRssMb < TARGETS.stalledUploadsPeakRssMb),
            detail: `${row.peakRssMb} MB`,
          },
        ]
      : []),
  ]);
}

function listScalingCheck(
  scaling: ListLatency[] | undefined,
  title: string,
  /** The page's p50 at one table size, and the status it answered with if it was not supported. */
  measured: (size: ListLatency) => [p50Ms: number | undefined, unsupportedStatus: number | undefined],
): TargetCheck {
  const [small, large] = scaling ?? [];
  const target = `${title} p50 at ${large?.pools.toLocaleString('en-US') ?? 'many'} pools within ${TARGETS.listP50GrowthFactor} × of p50 at ${small?.pools.toLocaleString('en-US') ?? 'few'}`;
  if (small === undefined || large === undefined) return { target, verdict: 'not measured', detail: 'did not run' };
  const [[smallMs, smallUnsupported], [largeMs, largeUnsupported]] = [measured(small), measured(large)];
  if (smallMs === undefined || largeMs === undefined) {
    return { target, verdict: 'not measured', detail: `unsupported (${smallUnsupported ?? largeUnsupported})` };
  }
  const factor = largeMs / smallMs;
  return {
    target,
    verdict: verdict(factor <= TARGETS.listP50GrowthFactor),
    detail: `${formatMs(smallMs)} → ${formatMs(largeMs)} ms = ${factor.toFixed(2)} ×`,
  };
}

export function renderMarkdown(results: BenchResults, checks: readonly TargetCheck[]): string {
  const lines = [
    '# graph-esim-service benchmark',
    '',
    `${results.date} · ${results.cpus} CPUs · Node ${results.node} · \`${results.command}\` · ${Math.round(results.durationSeconds)} s`,
    '',
    `| scenario | service req/s | baseline req/s | ratio | service p50/p99 ms | baseline p50/p99 ms | errors (service/baseline) | peak RSS MB (service/baseline) | ${CPU_HEADINGS} |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...[...results.scenarios, ...(results.hugeCreate ? [results.hugeCreate] : []), ...(results.csvImport ? [results.csvImport] : [])].map(
      tableRow,
    ),
    '',
    'Load rows: autocannon, 10 connections, rounds alternating service and baseline, averaged. Sequential rows:',
    'req/s is 1 / median request time and p50/p99 are the median and the slowest request.',
    'CPU (load rows): user + system time of each server process over its rounds (`/proc/<pid>/stat`), per 1,000',
    'answers and per wall-clock second (1.00 = one core busy); the load generator is autocannon inside the harness',
    "(`process.cpuUsage()`) during the service's rounds / the baseline's. The machine has",
    `${results.cpus} cores for both: a generator near 1 core while the server is below its share means the generator was the limit.`,
    '',
  ];
  if (results.coldStart) {
    const { service, baseline } = results.coldStart;
    lines.push(
      '## Cold start and idle memory',
      '',
      `Spawn to the first 200 of \`GET /beta/\` (polled every 10 ms), then VmRSS after 2 s idle; median of ${service.repeats}, one server at a time, fresh data.`,
      '',
      '| server | spawn → first 200 ms | idle RSS MB |',
      '| --- | ---: | ---: |',
      `| service (\`node dist/src/main.js\`, SQLite) | ${formatMs(service.readyMs)} | ${service.idleRssMb} |`,
      `| baseline | ${formatMs(baseline.readyMs)} | ${baseline.idleRssMb} |`,
      `| service / baseline | ${(service.readyMs / baseline.readyMs).toFixed(2)} × | ${(service.idleRssMb / baseline.idleRssMb).toFixed(2)} × |`,
      '',
    );
  }
  if (results.postgres.length > 0) {
    lines.push(
      '## PostgreSQL column: the service on PostgreSQL against the service on SQLite',
      '',
      'The same scenarios on the same data, in this run; the ratio is PostgreSQL over SQLite (PostgreSQL 15 on the same machine, over TCP on loopback).',
      '',
      '| scenario | PostgreSQL req/s | SQLite req/s | ratio | PostgreSQL p50/p99 ms | SQLite p50/p99 ms | errors (PostgreSQL/SQLite) | peak RSS MB (PostgreSQL/SQLite) | ' +
        'CPU-s per 1,000 req (PostgreSQL/SQLite) | cores busy (PostgreSQL/SQLite) | load generator cores (PostgreSQL/SQLite rounds) |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...results.postgres.map(tableRow),
      '',
    );
  }
  if (results.isolation) {
    lines.push(
      "## Another tenant's reads while the instance is loaded (service only)",
      '',
      '| while… | what the other client did | probe p99 idle ms | probe p99 busy ms | ratio | probe requests | peak RSS MB |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
      ...results.isolation.map(
        (row) =>
          `| ${row.title} | ${row.disturbance} | ${formatMs(row.idleP99Ms)} | ${formatMs(row.busyP99Ms)} | ${row.ratio.toFixed(2)} | ${row.probeRequests} | ${row.peakRssMb} |`,
      ),
      '',
      'The probe reads its own pools by id, 100 requests/s over 4 connections, for 10 s on the idle service and again under load.',
      '',
    );
  }
  if (results.listScaling) {
    lines.push(
      '## List latency against table size (service only, one request at a time)',
      '',
      '| pools in tenant | written in s | service start s | `$top=50` p50 ms | first nextLink page (no `$top`) p50 ms | `$filter=startswith(…)&$orderby=displayName&$top=50` p50 ms |',
      '| ---: | ---: | ---: | ---: | ---: | ---: |',
      ...results.listScaling.map(
        (size) =>
          `| ${size.pools.toLocaleString('en-US')} | ${size.seedSeconds.toFixed(1)} | ${size.startSeconds.toFixed(1)} | ${
            size.p50Ms === undefined ? `unsupported (${size.unsupportedStatus})` : formatMs(size.p50Ms)
          } | ${size.nextLinkP50Ms === undefined ? '–' : formatMs(size.nextLinkP50Ms)} | ${
            size.filterP50Ms === undefined ? `unsupported (${size.filterUnsupportedStatus})` : formatMs(size.filterP50Ms)
          } |`,
      ),
      '',
    );
  }
  lines.push('## Targets', '', ...checks.map((check) => `- **${check.verdict}**: ${check.target} (${check.detail})`), '');
  const notes = [
    ...(results.tokenMinted ? [] : ['No dev token could be minted (`npm run token`), so requests carried no Authorization header.']),
    ...(results.peakRssPerPhase ? [] : ['The kernel refused to reset VmHWM: peak RSS counts from process start.']),
    ...results.scenarios.filter((outcome) => outcome.mismatch).map((outcome) => `${outcome.title}: ${outcome.mismatch}.`),
    ...results.failures.map((failure) => `Harness failure: ${failure}`),
  ];
  if (notes.length > 0) lines.push('## Notes', '', ...notes.map((note) => `- ${note}`), '');
  return lines.join('\n');
}

export function writeResults(results: BenchResults, checks: readonly TargetCheck[], markdown: string): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'latest.json'), `${JSON.stringify({ ...results, targets: checks }, null, 2)}\n`);
  writeFileSync(join(RESULTS_DIR, 'latest.md'), markdown);
}

const CPU_HEADINGS =
  'CPU-s per 1,000 req (service/baseline) | cores busy (service/baseline) | load generator cores (service/baseline rounds)';

function tableRow(outcome: ScenarioOutcome): string {
  if (!isMeasured(outcome)) return `| ${outcome.title} | unsupported (${outcome.unsupportedStatus}) | | | | | | | | | |`;
  const { service, baseline } = outcome;
  const latency = (m: Measurement) => `${formatMs(m.p50Ms)} / ${formatMs(m.p99Ms)}`;
  return [
    '',
    outcome.title,
    formatRate(service.requestsPerSecond),
    formatRate(baseline.requestsPerSecond),
    (service.requestsPerSecond / baseline.requestsPerSecond).toFixed(2),
    latency(service),
    latency(baseline),
    `${service.errors} / ${baseline.errors}`,
    `${service.peakRssMb} / ${baseline.peakRssMb}`,
    ...cpuCells(service, baseline),
    '',
  ]
    .join(' | ')
    .trim();
}

function cpuCells(service: Measurement, baseline: Measurement): string[] {
  const [a, b] = [service.cpu, baseline.cpu];
  if (a === undefined || b === undefined) return ['–', '–', '–'];
  return [
    `${a.serverCpuSecondsPer1000.toFixed(3)} / ${b.serverCpuSecondsPer1000.toFixed(3)}`,
    `${a.serverCores.toFixed(2)} / ${b.serverCores.toFixed(2)}`,
    `${a.loadGeneratorCores.toFixed(2)} / ${b.loadGeneratorCores.toFixed(2)}`,
  ];
}

const verdict = (met: boolean): TargetCheck['verdict'] => (met ? 'met' : 'not met');
const formatRate = (perSecond: number) => (perSecond >= 100 ? Math.round(perSecond).toString() : perSecond.toFixed(1));
export const formatMs = (ms: number) => (ms >= 100 ? Math.round(ms).toString() : ms.toFixed(1));
