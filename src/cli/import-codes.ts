import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../bootstrap/create-app';
import { AppError } from '../common/app-error';
import { isGuid } from '../common/guid';
import { AppConfig, ConfigError, databaseLocation, loadConfig, LogLevel } from '../config/app-config';
import { CodeResealer } from '../esim/pools/code-resealer';
import { PoolResource } from '../esim/pools/pool.resource';
import { CodeImportResult, PoolsService } from '../esim/pools/pools.service';
import { PoolWritePreparer } from '../esim/pools/preparation/pool-write-preparer';
import { Progress } from './progress';

const USAGE = `Usage: npm run import -- --tenant <tenant guid> (--pool <pool id> | --name <display name>) <codes.csv>
Appends the activation codes of an operator CSV file (line 1 the SM-DP+ server address, then one
ICCID,MatchingID line per code) to a pool of the tenant, exactly as POST …/activationCodes/$import does:
every line is checked, and a bad line refuses the whole file, naming its line; nothing is stored then.
It uses the service's database and keys (DATA_DIR, DB_PATH or DB_TYPE and DATABASE_URL, ESIM_CODE_KEY); the
service may be running, but on SQLite its own writes wait while the import's transaction is open
(about 2 s for 100,000 codes).
  --pool   the pool's id
  --name   the pool's displayName, exactly; it must name one pool of the tenant (it creates none)
Exit status: 0 imported, 1 refused or failed, 2 bad arguments.`;

/** What the command line asks for. */
interface ImportRequest {
  readonly tenantId: string;
  readonly pool: { readonly id: string } | { readonly name: string };
  /** As the user wrote it, for messages. */
  readonly file: string;
  readonly path: string;
}

async function main(): Promise<void> {
  const started = performance.now();
  const request = parseArguments();
  if (request === 'help') return void console.log(USAGE);
  const config = loadConfig(process.env);
  const csv = await readOperatorCsv(request, config.http.bodyLimitBytes);
  // Opening a database file that is not there would create an empty one: a wrong DATA_DIR, which no import can fix.
  if (config.database.type === 'sqlite' && !existsSync(config.database.path)) {
    throw new ImportFailure(`No database at ${config.database.path}: set DATA_DIR (or DB_PATH) as the service has it.`);
  }
  const { imported, activationCodeCount, pool } = await importIntoPool(request, config, csv);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `Imported ${count(imported)} activation codes into '${pool.displayName}' (${pool.id}); ` +
      `its activationCodeCount is now ${count(activationCodeCount)}. Took ${seconds} s.`,
  );
}

/**
 * The service itself, built as main.ts builds it but never listening (an application context of its
 * modules alone cannot be built: the OData and Graph layers hook into the HTTP adapter), then what the
 * HTTP import does: its body pipe prepares the file, its controller calls the service.
 */
async function importIntoPool(request: ImportRequest, config: AppConfig, csv: Buffer): Promise<CodeImportResult & { pool: PoolResource }> {
  const app = await createApp({ ...config, logLevel: warningsAtMost(config.logLevel) }, process.stderr);
  try {
    const pools = app.get(PoolsService);
    const pool = await targetPool(pools, request, databaseLocation(config.database));
    const unknownKeys = await app.get(CodeResealer).unknownKeyIds();
    if (unknownKeys.length > 0) {
      throw new ImportFailure(
        `The database holds activation codes sealed under keys this configuration does not have (key ids ${unknownKeys.join(', ')}): ` +
          'set ESIM_CODE_KEY (and ESIM_CODE_KEYS_PREVIOUS) as the service has them.',
      );
    }
    const total = codeLineCount(csv);
    console.error(`Importing ${count(total)} activation codes from ${request.file} into '${pool.displayName}' (${pool.id}).`);
    const progress = new Progress('activation codes');
    try {
      const write = await app.get(PoolWritePreparer).prepareImport(csv, request.tenantId);
      const result = await pools.importCodes(request.tenantId, pool.id, write, {
        onWritten: (codes) => progress.update(codes, total, 'Written'),
      });
      return { ...result, pool };
    } finally {
      progress.finish();
    }
  } finally {
    await app.close();
  }
}

function parseArguments(): ImportRequest | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        tenant: { type: 'string' },
        pool: { type: 'string' },
        name: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    // Node's message names the unknown option or the one missing its value.
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (!isGuid(values.tenant)) throw new UsageError('--tenant must be a tenant id (GUID).');
  if ((values.pool === undefined) === (values.name === undefined)) throw new UsageError('Name the pool with either --pool or --name.');
  if (values.pool !== undefined && !isGuid(values.pool)) {
    throw new UsageError('--pool takes a pool id (a GUID); to pick a pool by its display name, use --name.');
  }
  if (positionals.length !== 1) throw new UsageError(`Name one CSV file to import (got ${positionals.length}).`);
  const [file] = positionals;
  return {
    // As the service stores them: token tenants and path ids are lowercased.
    tenantId: values.tenant.toLowerCase(),
    pool: values.pool === undefined ? { name: values.name as string } : { id: values.pool.toLowerCase() },
    file,
    // `npm run` starts the command in the package folder; the user named the file from where they were.
    path: resolve(process.env.INIT_CWD ?? process.cwd(), file),
  };
}

/**
 * The whole file, as the HTTP layer hands the whole body on: the preparation seals a file of bytes
 * (in a worker when large, which streams them through the parser). So the service's body limit
 * applies too; the worker's heap is sized for it.
 */
async function readOperatorCsv({ file, path }: ImportRequest, limitBytes: number): Promise<Buffer> {
  const unreadable = (error: NodeJS.ErrnoException) =>
    new ImportFailure(`Cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}.`);
  const stats = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw unreadable(error);
  });
  if (!stats.isFile()) throw new ImportFailure(`Cannot read ${file}: it is not a file.`);
  if (stats.size > limitBytes) {
    throw new ImportFailure(
      `${file} has ${count(stats.size)} bytes; an import takes at most ${count(limitBytes)} (as a request body does), so split it.`,
    );
  }
  return readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw unreadable(error);
  });
}

/** The pool the arguments name, in the tenant; the import checks it again in its transaction. */
async function targetPool(pools: PoolsService, { tenantId, pool }: ImportRequest, database: string): Promise<PoolResource> {
  const where = `in tenant ${tenantId} (database ${database})`;
  if ('id' in pool) {
    const found = await pools.find(tenantId, pool.id);
    if (found === null) throw new ImportFailure(`No pool with id ${pool.id} ${where}.`);
    return found;
  }
  const named = await pools.findByDisplayName(tenantId, pool.name);
  if (named.length === 0) throw new ImportFailure(`No pool named '${pool.name}' ${where}; names are compared exactly.`);
  if (named.length > 1) {
    throw new ImportFailure(
      `${named.length} pools are named '${pool.name}' ${where}: ${named.map(({ id }) => id).join(', ')}. Choose one with --pool <id>.`,
    );
  }
  return named[0];
}

/** The lines after line 1 that hold anything: in a file the import accepts, one code each (the progress bar's 100%). */
function codeLineCount(csv: Buffer): number {
  return csv
    .toString('latin1')
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '').length;
}

/** LOG_LEVEL, but no chattier than warnings: the service's info lines (its route map at start-up) would bury the import's. */
function warningsAtMost(level: LogLevel): LogLevel {
  return ['fatal', 'error', 'silent'].includes(level) ? level : 'warn';
}

const count = (n: number) => n.toLocaleString('en-US');

class UsageError extends Error {}

/** A refusal of this command (a file, a database, a pool it cannot find), said in one line. */
class ImportFailure extends Error {}

function describeFailure(error: unknown): string {
  if (error instanceof ImportFailure || error instanceof ConfigError) return error.message;
  // The service's own refusals, which never quote a matching identifier; a bad file's problems one per line.
  if (error instanceof AppError)
    return `Import refused: ${error.message.replace(/ (?=Line \d+: |\(\d+ more problems? not listed)/g, '\n  ')}`;
  // The message only: other properties of a driver's error may hold the statement's parameters.
  return `Import failed: ${error instanceof Error ? error.message : String(error)}`;
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(describeFailure(error));
  process.exit(1);
});
