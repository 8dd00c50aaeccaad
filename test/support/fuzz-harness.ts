import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { GUID } from './graph-assertions';
import { POOLS, TENANT_A, TestApp } from './test-app';

/**
 * The harness of the fuzz suites (`test/fuzz-*`): requests injected into the application's own
 * Fastify instance (light-my-request, no socket, so ten thousand cases take seconds), the contract
 * every answer must keep, and snapshots of the database for "a refused request changes nothing".
 *
 * Replaying a failure: fast-check prints `{ seed: <seed>, path: "<path>" }` with the counterexample.
 * `FC_SEED=<seed> npx jest test/fuzz-<file>` runs the same cases again (the application's state
 * evolves the same way); adding `FC_PATH=<path>` goes straight to the shrunk counterexample.
 */

/** Longer than any request of these suites takes; a request that runs longer counts as a hang and fails with its seed. */
const CASE_TIME_LIMIT_MS = 10_000;

/** The fast-check parameters of one fuzz property: `numRuns` cases, the seed and path of a replay when given. */
export function fuzzParameters<T>(numRuns: number): fc.Parameters<T> {
  const { FC_SEED: seed, FC_PATH: path } = process.env;
  return {
    numRuns,
    timeout: CASE_TIME_LIMIT_MS,
    verbose: fc.VerbosityLevel.Verbose,
    ...(seed === undefined ? {} : { seed: Number(seed) }),
    ...(path === undefined ? {} : { path }),
  };
}

/** Jest's limit for one fuzz property: its cases, shrinking a failure included, take far less. */
export const FUZZ_TEST_TIMEOUT_MS = 120_000;

export interface FuzzRequest {
  readonly method: string;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly payload?: string | Buffer;
}

export interface FuzzAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | number | undefined>>;
  readonly body: string;
}

export type Send = (request: FuzzRequest) => Promise<FuzzAnswer>;

/** Sends requests with a read-write token of TENANT_A unless a request brings its own Authorization. */
export async function injector(t: TestApp): Promise<Send> {
  const authorization = `Bearer ${await t.token({ tenantId: TENANT_A })}`;
  const fastify = t.app.getHttpAdapter().getInstance();
  return async ({ method, url, headers = {}, payload }) => {
    const hasAuthorization = Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');
    const response = await fastify.inject({
      method: method as 'GET',
      url,
      headers: hasAuthorization ? headers : { authorization, ...headers },
      payload,
    });
    return { status: response.statusCode, headers: response.headers, body: response.body };
  };
}

/** Creates an entity with a JSON POST, for a suite's fixed data, and returns its id. */
export async function createEntity(send: Send, url: string, body: unknown): Promise<string> {
  const answer = await send({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  expect(answer.status).toBe(201);
  return JSON.parse(answer.body).id as string;
}

/**
 * Server errors that are answers, not failures: an OData feature the service does not implement is
 * a 501 `notSupported` (spec §5, as OData conformance requires) and an instance out of room is a 503
 * `serviceNotAvailable` with Retry-After (spec §7). Every other 5xx is a bug.
 */
function isIntendedServerAnswer(status: number, code: unknown, headers: FuzzAnswer['headers']): boolean {
  if (status === 501) return code === 'notSupported';
  if (status === 503) return code === 'serviceNotAvailable' && /^\d+$/.test(String(headers['retry-after']));
  return false;
}

/** Text only a stack trace has. */
const STACK_TRACE = /\n\s+at \S|\bat .+\.[cm]?[jt]s:\d+/;
/** What a database driver or ORM writes, and the names of our tables: never meant for a client (spec §7). */
const DATABASE_TEXT =
  /SQLITE_|SqliteError|QueryFailedError|EntityNotFound|near ".*": syntax error|syntax error at or near|no such (?:table|column)|relation ".*" does not exist|invalid input syntax for|activation_code_pools|activation_codes|activation_code_pool_assignments|embedded_sim_device_states/;
/** What a JavaScript failure says when its message reaches a client. */
const RUNTIME_ERROR_TEXT = /\b(?:TypeError|ReferenceError|RangeError)\b|Cannot read propert|is not a function|Maximum call stack/;

/** Why `answer` breaks the contract, or undefined when it keeps it. */
function contractViolation(request: Pick<FuzzRequest, 'method'>, answer: FuzzAnswer): string | undefined {
  const { status, headers, body } = answer;
  if (typeof headers['request-id'] !== 'string' || !GUID.test(headers['request-id'])) return 'no request-id header holding a GUID';
  for (const [what, pattern] of [
    ['a stack trace', STACK_TRACE],
    ['database text', DATABASE_TEXT],
    ['a runtime error', RUNTIME_ERROR_TEXT],
  ] as const) {
    if (pattern.test(body)) return `the body holds ${what}`;
  }
  if (status < 400) return undefined;
  // RFC 9110 §9.3.2: an answer to HEAD has no content, so only its status and headers can be checked.
  if (request.method.toUpperCase() === 'HEAD') {
    const intended = status === 501 || (status === 503 && /^\d+$/.test(String(headers['retry-after'])));
    return status >= 500 && !intended ? `status ${status} to HEAD` : undefined;
  }
  let parsed: any;
  try {
    parsed = JSON.parse(body);
  } catch {
    return 'the error body is not JSON';
  }
  const error = parsed?.error;
  if (status >= 500 && !isIntendedServerAnswer(status, error?.code, headers)) return `status ${status}`;
  if (Object.keys(parsed).length !== 1 || typeof error !== 'object' || error === null) return 'the body is not {"error": {…}}';
  if (typeof error.code !== 'string' || error.code === '') return 'error.code is not a non-empty string';
  if (typeof error.message !== 'string' || error.message === '') return 'error.message is not a non-empty string';
  const innerError = error.innerError;
  if (typeof innerError !== 'object' || innerError === null) return 'error.innerError is missing';
  if (innerError['request-id'] !== headers['request-id']) return "innerError's request-id differs from the request-id header";
  if (innerError['client-request-id'] !== headers['client-request-id']) {
    return "innerError's client-request-id differs from the client-request-id header";
  }
  if (typeof innerError.date !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(innerError.date)) {
    return 'innerError.date is not an ISO 8601 UTC instant';
  }
  return undefined;
}

const ABBREVIATED_LENGTH = 600;
const abbreviated = (text: string) =>
  text.length <= ABBREVIATED_LENGTH ? text : `${text.slice(0, ABBREVIATED_LENGTH)}… (${text.length} characters)`;

/**
 * Fails unless `answer` keeps the contract every answer keeps, whatever was asked (spec §6, §7): a
 * request-id; no 5xx but the intended ones; on a 4xx or 5xx, Graph's error body whose innerError
 * repeats the request-id and client-request-id headers; no stack trace, database text or runtime
 * error message in any body.
 */
export function expectGraphAnswer(request: FuzzRequest, answer: FuzzAnswer): void {
  const violation = contractViolation(request, answer);
  if (violation !== undefined) {
    throw new Error(
      `${request.method} ${abbreviated(request.url)} answered ${answer.status}: ${violation}.\nBody: ${abbreviated(answer.body)}`,
    );
  }
}

/** Whether an answer is a success, the only kind of answer after which what is stored may have changed. */
export const succeeded = (answer: Pick<FuzzAnswer, 'status'>): boolean => answer.status >= 200 && answer.status < 300;

/** Row counts of every table of the service, and a digest of the rows of those that stay small in these suites. */
type DatabaseSnapshot = Record<string, string>;

/** Tables and the order their rows are digested in; the codes (the only large table) are counted, and pools record every change to them. */
const SNAPSHOT_TABLES: readonly { table: string; orderBy?: string }[] = [
  { table: 'activation_code_pools', orderBy: '"id"' },
  { table: 'activation_codes' },
  { table: 'activation_code_pool_assignments', orderBy: '"id"' },
  { table: 'embedded_sim_device_states', orderBy: '"id"' },
];

/**
 * What the database holds, compactly. Portable SQL (quoted identifiers, no parameters), so the
 * suites run on every database the service supports.
 */
async function databaseSnapshot(dataSource: DataSource): Promise<DatabaseSnapshot> {
  const snapshot: DatabaseSnapshot = {};
  for (const { table, orderBy } of SNAPSHOT_TABLES) {
    if (orderBy === undefined) {
      const [{ rows }] = await dataSource.query(`SELECT COUNT(*) AS "rows" FROM ${table}`);
      snapshot[table] = `${Number(rows)} rows`;
    } else {
      const rows: unknown[] = await dataSource.query(`SELECT * FROM ${table} ORDER BY ${orderBy}`);
      snapshot[table] = `${rows.length} rows, sha256 ${createHash('sha256').update(JSON.stringify(rows)).digest('hex')}`;
    }
  }
  return snapshot;
}

/**
 * Sends requests and fails when one that did not succeed changed the database. The state after each
 * request is the reference for the next, taken before anything else can fail, so that a case failing
 * for another reason never leaves its writes to be blamed on the next.
 */
export class WatchedDatabase {
  private reference: DatabaseSnapshot | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly send: Send,
  ) {}

  /** Sends `request`; `mayHaveChanged` tells from its answer whether it may have written (by default: it succeeded). */
  async sendChecked(request: FuzzRequest, mayHaveChanged: (answer: FuzzAnswer) => boolean = succeeded): Promise<FuzzAnswer> {
    const before = this.reference ?? (await databaseSnapshot(this.dataSource));
    const answer = await this.send(request);
    const after = await databaseSnapshot(this.dataSource);
    this.reference = after;
    if (!mayHaveChanged(answer) && JSON.stringify(after) !== JSON.stringify(before)) {
      throw new Error(
        `${request.method} ${abbreviated(request.url)} answered ${answer.status} but changed the database:\n` +
          `before ${JSON.stringify(before, null, 1)}\nafter ${JSON.stringify(after, null, 1)}\nBody: ${abbreviated(answer.body)}`,
      );
    }
    return answer;
  }
}

/** The answers a `$batch` answer carries (spec §12), each with its id, its header names in lower case and its body as text. */
export function batchAnswersOf(answer: FuzzAnswer): (FuzzAnswer & { readonly id: string })[] {
  if (answer.status !== 200) return [];
  const { responses } = JSON.parse(answer.body) as {
    responses: { id: string; status: number; headers: Record<string, string>; body?: unknown }[];
  };
  return responses.map(({ id, status, headers, body }) => ({
    id,
    status,
    headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])),
    body: body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body),
  }));
}

/** Fails unless the application still serves: liveness, and a plain list of pools. */
export async function expectStillServing(send: Send): Promise<void> {
  const live = await send({ method: 'GET', url: '/health/live' });
  expect(live.status).toBe(200);
  const list = await send({ method: 'GET', url: POOLS });
  expect(list.status).toBe(200);
  expect(Array.isArray(JSON.parse(list.body).value)).toBe(true);
}
