import { join } from 'node:path';
import { POOLS_PATH, SCALING } from './config';
import { send, sendForJson } from './http-client';
import { percentile } from './measurement';
import { seedDirectly } from './seed';
import { startService } from './servers';
import { FILTERED_NAME_PREFIX } from './test-data';

const DATABASE_FILE = 'scaling.sqlite';
const LIST_PATH = `${POOLS_PATH}?$top=50`;
/**
 * The filter scenario's page: an index range on displayName in its order, ~1/26 of the pools (38 rows
 * at 1,000 pools, a full 50 at 1,000,000), so it must stay flat too, not grow with the table.
 */
const FILTER_PATH = `${POOLS_PATH}?$filter=${encodeURIComponent(`startswith(displayName,'${FILTERED_NAME_PREFIX}')`)}&$orderby=displayName&$top=50`;

/** The list's latency at one table size, or the status with which the service refused the list. */
export interface ListLatency {
  pools: number;
  seedSeconds: number;
  /** From spawning the service to its first 200: includes opening (and checking) the bigger file. */
  startSeconds: number;
  unsupportedStatus?: number;
  p50Ms?: number;
  /** The first `@odata.nextLink` page of the list without `$top`, when the service pages. */
  nextLinkP50Ms?: number;
  /** `$filter=startswith(displayName,…)&$orderby=displayName&$top=50`, when the service filters. */
  filterP50Ms?: number;
  filterUnsupportedStatus?: number;
}

/**
 * List p50 with few and with very many pools in the caller's tenant, on the service alone: a second
 * database in the same data directory (same dev key, so the same token), filled directly while the
 * service is stopped, first to the small size and then to the large one.
 */
export async function measureListScaling(dataDir: string, headers: Record<string, string>): Promise<ListLatency[]> {
  const tenantId = await migrateAndReadTenant(dataDir, headers);
  const databasePath = join(dataDir, DATABASE_FILE);
  const results: ListLatency[] = [];
  let seeded = 0;
  // Only once the small size has shown that the service pages is the unbounded list asked for at the
  // large size: unpaged, it would be a million rows.
  let servicePages = true;
  for (const pools of [SCALING.smallPools, SCALING.largePools]) {
    const seedStarted = performance.now();
    seedDirectly(databasePath, tenantId, pools - seeded, seeded);
    seeded = pools;
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    console.log(`  ${pools.toLocaleString('en-US')} pools written in ${seedSeconds.toFixed(1)} s; starting the service on them`);
    const startStarted = performance.now();
    const service = await startService(dataDir, { sqliteFile: DATABASE_FILE });
    const startSeconds = (performance.now() - startStarted) / 1000;
    try {
      const latency = await listLatency(service.origin, headers, servicePages);
      servicePages = latency.nextLinkP50Ms !== undefined;
      results.push({ pools, seedSeconds, startSeconds, ...latency });
    } finally {
      await service.stop();
    }
  }
  return results;
}

/** Starts the service once so its migrations create the schema, and asks it which tenant the caller is. */
async function migrateAndReadTenant(dataDir: string, headers: Record<string, string>): Promise<string> {
  const service = await startService(dataDir, { sqliteFile: DATABASE_FILE });
  try {
    return (await sendForJson<{ id: string }>(`${service.origin}/beta/deviceManagement`, 200, { headers })).id;
  } finally {
    await service.stop();
  }
}

async function listLatency(
  origin: string,
  headers: Record<string, string>,
  followServerPaging: boolean,
): Promise<Pick<ListLatency, 'unsupportedStatus' | 'p50Ms' | 'nextLinkP50Ms' | 'filterP50Ms' | 'filterUnsupportedStatus'>> {
  const filtered = await send(`${origin}${FILTER_PATH}`, { headers });
  const filter =
    filtered.status === 200
      ? { filterP50Ms: await p50(origin, FILTER_PATH, headers) }
      : filtered.status === 501 || filtered.status === 400
        ? { filterUnsupportedStatus: filtered.status }
        : undefined;
  if (filter === undefined) throw new Error(`GET ${FILTER_PATH} answered ${filtered.status}: ${filtered.body.slice(0, 300)}`);
  const first = await send(`${origin}${LIST_PATH}`, { headers });
  if (first.status === 501) return { unsupportedStatus: first.status, ...filter };
  if (first.status !== 200) throw new Error(`GET ${LIST_PATH} answered ${first.status}: ${first.body.slice(0, 300)}`);
  const p50Ms = await p50(origin, LIST_PATH, headers);
  if (!followServerPaging) return { p50Ms, ...filter };
  // `$top=50` fits in one page; the list without `$top` is where the service pages (spec §5).
  const page = await sendForJson<{ '@odata.nextLink'?: string }>(`${origin}${POOLS_PATH}`, 200, { headers, timeoutMs: 60_000 });
  const nextLink = page['@odata.nextLink'];
  if (nextLink === undefined) return { p50Ms, ...filter };
  const { pathname, search } = new URL(nextLink);
  return { p50Ms, nextLinkP50Ms: await p50(origin, pathname + search, headers), ...filter };
}

/**
 * Median time of one request, sent one after another for a few seconds: timed here with sub-millisecond
 * precision, where autocannon's histogram rounds to whole milliseconds.
 */
async function p50(origin: string, path: string, headers: Record<string, string>): Promise<number> {
  const times: number[] = [];
  const deadline = performance.now() + SCALING.seconds * 1000;
  while (performance.now() < deadline) {
    const started = performance.now();
    const answer = await send(origin + path, { headers });
    if (answer.status !== 200) throw new Error(`GET ${path} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
    times.push(performance.now() - started);
  }
  return percentile(times, 50);
}
