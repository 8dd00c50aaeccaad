import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { runSequentialCreates, runSequentialCsvImports } from './bulk-create';
import { makeTempDir, releaseOnExit, removeTempDir } from './cleanup';
import { ColdStart, measureColdStarts } from './cold-start';
import { BULK, EXPAND, RUN_DEADLINE_MS, SEED } from './config';
import { sendForJson } from './http-client';
import { isMeasured, ScenarioOutcome } from './measurement';
import { resetPeakRss } from './peak-rss';
import { BenchResults, evaluateTargets, formatMs, renderMarkdown, writeResults } from './report';
import { IsolationOutcome, measureIsolation } from './isolation';
import { measureListScaling } from './scaling';
import { createFreshPostgresDatabase } from './postgres';
import { LOAD_SCENARIOS, runLoadScenario, ScenarioTarget } from './scenarios';
import { seedOverHttp } from './seed';
import { seedChildren } from './seed-children';
import { Server, startBaseline, startService } from './servers';
import { authorizationHeaders, mintToken } from './token';

/**
 * `npm run bench`: the service (as built by `nest build`) against the bare baseline in
 * bench/baseline, on the same data, scenario by scenario; then the service alone at two table sizes.
 * Every figure is a ratio against the baseline measured in this same run.
 */
async function main(): Promise<number> {
  releaseOnExit();
  setTimeout(() => {
    console.error(`bench: still running after ${RUN_DEADLINE_MS / 60_000} minutes; giving up`);
    process.exit(1);
  }, RUN_DEADLINE_MS).unref();
  const started = performance.now();
  const failures: string[] = [];

  // First, on a machine not yet loaded by this run: each server alone, from spawn to its first answer.
  console.log('Cold start and idle memory: the service and the baseline, one at a time');
  let coldStart: { service: ColdStart; baseline: ColdStart } | undefined;
  await attempt(failures, 'cold start', async () => {
    coldStart = await measureColdStarts();
    for (const name of ['service', 'baseline'] as const) {
      console.log(`  ${name}: first 200 after ${formatMs(coldStart[name].readyMs)} ms, idle RSS ${coldStart[name].idleRssMb} MB`);
    }
  });

  const serviceDir = makeTempDir('service');
  const baselineDir = makeTempDir('baseline');
  console.log('Starting the service, the baseline, and the service on PostgreSQL');
  const servers: { service: Server; baseline: Server } = {
    service: await startService(serviceDir),
    baseline: await startBaseline(baselineDir, serviceDir),
  };
  // The same data directory: the same dev key (one token for both) and the same code key.
  const postgresDatabase = await createFreshPostgresDatabase();
  // Server processes die with the harness (cleanup.ts); a database of the server must be dropped by hand.
  const onPostgres = await startService(serviceDir, { postgresUrl: postgresDatabase.url }).catch(async (error: unknown) => {
    await postgresDatabase.drop();
    throw error;
  });
  // The PostgreSQL column: the service on PostgreSQL measured against the service on SQLite, the same
  // scenarios on the same data in this run, so the comparison code names them service and baseline.
  const postgresServers = { service: onPostgres, baseline: { ...servers.service, name: 'baseline' as const } };
  const token = await mintToken(serviceDir, randomUUID());
  const headers = authorizationHeaders(token);
  const tenant = await sendForJson<{ id: string }>(`${servers.service.origin}/beta/deviceManagement`, 200, { headers });
  console.log(`  service pid ${servers.service.pid}, baseline pid ${servers.baseline.pid}, tenant ${tenant.id}`);
  const peakRssPerPhase = resetPeakRss(servers.service.pid);

  const scenarios: ScenarioOutcome[] = [];
  const postgres: ScenarioOutcome[] = [];
  let hugeCreate: ScenarioOutcome | undefined;
  let csvImport: ScenarioOutcome | undefined;
  let isolation: IsolationOutcome[] | undefined;
  try {
    const seedStarted = performance.now();
    console.log(`Seeding ${SEED.pools.toLocaleString('en-US')} pools × ${SEED.codesPerPool} codes on each server`);
    const poolIds = await seedOverHttp([servers.service, servers.baseline, onPostgres], headers, SEED);
    await seedChildren([servers.service, servers.baseline, onPostgres]);
    // Measured a minute after a bulk load, PostgreSQL's planner would still have no statistics for the new rows.
    await postgresDatabase.analyze();
    console.log(`  seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
    console.log(
      `  the first ${EXPAND.pools} pools: ${EXPAND.assignmentsPerPool} assignments and ${EXPAND.deviceStatesPerPool} device states each`,
    );
    const targets = {
      service: { server: servers.service, poolIds: poolIds.get(servers.service)! },
      baseline: { server: servers.baseline, poolIds: poolIds.get(servers.baseline)! },
    };
    const postgresTargets: Record<'service' | 'baseline', ScenarioTarget> = {
      service: { server: onPostgres, poolIds: poolIds.get(onPostgres)! },
      baseline: { server: postgresServers.baseline, poolIds: poolIds.get(servers.service)! },
    };
    for (const scenario of LOAD_SCENARIOS) {
      console.log(`Scenario: ${scenario.title}`);
      await attempt(failures, scenario.title, async () => scenarios.push(logged(await runLoadScenario(scenario, targets, headers))));
      await attempt(failures, `${scenario.title} on PostgreSQL`, async () =>
        postgres.push(logged(await runLoadScenario(scenario, postgresTargets, headers), 'PostgreSQL', 'SQLite')),
      );
    }
    for (const bulk of [
      { codes: BULK.largeCodes, repeats: BULK.largeRepeats },
      { codes: BULK.hugeCodes, repeats: BULK.hugeRepeats },
    ]) {
      console.log(`Scenario: create with ${bulk.codes.toLocaleString('en-US')} codes, one request at a time`);
      await attempt(failures, `create with ${bulk.codes} codes`, async () => {
        const outcome = logged(await runSequentialCreates(servers, headers, bulk));
        if (bulk.codes === BULK.hugeCodes) hugeCreate = outcome;
        else scenarios.push(outcome);
      });
      await attempt(failures, `create with ${bulk.codes} codes on PostgreSQL`, async () =>
        postgres.push(logged(await runSequentialCreates(postgresServers, headers, bulk), 'PostgreSQL', 'SQLite')),
      );
    }
    console.log('Scenario: operator CSV import, one request at a time');
    await attempt(failures, 'CSV import', async () => {
      csvImport = logged(await runSequentialCsvImports(servers, headers));
    });
    await attempt(failures, 'CSV import on PostgreSQL', async () =>
      postgres.push(logged(await runSequentialCsvImports(postgresServers, headers), 'PostgreSQL', 'SQLite')),
    );
  } finally {
    await Promise.all([servers.service.stop(), servers.baseline.stop(), onPostgres.stop()]);
    await postgresDatabase.drop();
    removeTempDir(baselineDir);
  }

  console.log('Isolation: another tenant reads while the service is loaded (service only, an instance of its own)');
  await attempt(failures, 'isolation', async () => {
    const isolationDir = makeTempDir('isolation');
    const service = await startService(isolationDir);
    try {
      const [probeToken, writerToken] = await Promise.all([mintToken(isolationDir, randomUUID()), mintToken(isolationDir, randomUUID())]);
      if (probeToken === undefined || writerToken === undefined) throw new Error('no dev tokens for the probe and the writer');
      isolation = await measureIsolation(service, probeToken, writerToken);
      for (const row of isolation) {
        const p99 = `p99 ${formatMs(row.idleP99Ms)} → ${formatMs(row.busyP99Ms)} ms (${row.ratio.toFixed(2)} ×)`;
        console.log(`  ${row.title}: ${p99}, peak RSS ${row.peakRssMb} MB`);
      }
    } finally {
      await service.stop();
      removeTempDir(isolationDir);
    }
  });

  console.log('Scaling: list latency with few and with very many pools (service only)');
  let listScaling: BenchResults['listScaling'];
  await attempt(failures, 'list scaling', async () => {
    listScaling = await measureListScaling(serviceDir, headers);
  });
  removeTempDir(serviceDir);

  const results: BenchResults = {
    date: new Date().toISOString(),
    cpus: cpus().length,
    node: process.version,
    command: process.env.npm_lifecycle_event === 'bench' ? 'npm run bench' : 'ts-node --transpile-only bench/run.ts',
    durationSeconds: (performance.now() - started) / 1000,
    tokenMinted: token !== undefined,
    peakRssPerPhase,
    scenarios,
    postgres,
    hugeCreate,
    csvImport,
    isolation,
    listScaling,
    coldStart,
    failures,
  };
  const checks = evaluateTargets(results);
  const markdown = renderMarkdown(results, checks);
  writeResults(results, checks, markdown);
  console.log(`\n${markdown}\nWritten to bench/results/latest.md and latest.json`);
  const failedRequests = [...scenarios, ...postgres, ...(hugeCreate ? [hugeCreate] : []), ...(csvImport ? [csvImport] : [])]
    .filter(isMeasured)
    .some((outcome) => outcome.service.errors + outcome.baseline.errors > 0);
  return failures.length > 0 || failedRequests ? 1 : 0;
}

/** Runs one phase; a failure is recorded for the report and the exit code, and the run goes on. */
async function attempt(failures: string[], phase: string, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    // fetch hides the reason (refused, reset…) in `cause`.
    const cause = (error as Error).cause instanceof Error ? ` (${((error as Error).cause as Error).message})` : '';
    const message = `${(error as Error).message}${cause}`.split(process.cwd()).join('.');
    console.error(`  FAILED: ${message}`);
    failures.push(`${phase}: ${message}`);
  }
}

function logged(outcome: ScenarioOutcome, measured = 'service', against = 'baseline'): ScenarioOutcome {
  if (!isMeasured(outcome)) {
    console.log(`  unsupported by the service (${outcome.unsupportedStatus}); skipped`);
    return outcome;
  }
  const { service, baseline } = outcome;
  const side = (name: string, m: typeof service) =>
    `${name} ${m.requestsPerSecond.toFixed(1)} req/s, p50 ${m.p50Ms.toFixed(1)} ms, ${m.errors} errors` +
    (m.cpu ? `, ${m.cpu.serverCores.toFixed(2)} cores (generator ${m.cpu.loadGeneratorCores.toFixed(2)})` : '');
  console.log(
    `  ${side(measured, service)} · ${side(against, baseline)} · ratio ${(service.requestsPerSecond / baseline.requestsPerSecond).toFixed(2)}`,
  );
  return outcome;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`bench failed: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
