import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { SecretCipher } from '../../src/secrets/secret-cipher';
import { parseCreateBody } from './create-body';
import { encodeSkipToken, parseListQuery, parseStartsWith } from './list-query';
import { parseOperatorCsv } from './operator-csv';
import { CodeInput, DuplicateIccidError, Navigation, PageRow, PoolRow, PoolStore } from './pool-store';
import { badRequest, notFound, Problem } from './problem';

/**
 * The "speed of light" reference: the service's pool endpoints on `node:http` and better-sqlite3 with
 * no framework, doing the same work per request (parse, validate, one write transaction, the same
 * JSON and headers, matching identifiers sealed at rest). Only what the benchmark calls is here, under
 * `/beta`; it has no identity, so it ignores `Authorization` (verifying tokens stays the service's
 * cost) and serves one tenant.
 */

const ODATA_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
const POOLS_CONTEXT = 'deviceManagement/embeddedSIMActivationCodePools';
const POOLS_PATH = `/beta/${POOLS_CONTEXT}`;
const POOL_TYPE = '#microsoft.graph.embeddedSIMActivationCodePool';
/** One fixed tenant (the baseline has no identity): a GUID, so rows have the same key lengths as the service's. */
const TENANT_ID = '00000000-0000-0000-0000-000000000001';
/** Spec §11. */
const BODY_LIMIT_BYTES = 16 * 1024 * 1024;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IMPORT_PATH = new RegExp(`^${POOLS_PATH.replace(/\//g, '\\/')}\\/([^/]+)\\/activationCodes\\/\\$import$`);
const PRINTABLE_ID = /^[\x21-\x7e]{1,128}$/;
/** What the service's Fastify answers with, so clients hold connections equally long. */
const KEEP_ALIVE_MS = 72_000;

const store = new PoolStore(join(process.env.DATA_DIR ?? '.', 'baseline.sqlite'), new SecretCipher(randomBytes(32)));

interface Exchange {
  request: IncomingMessage;
  response: ServerResponse;
  url: URL;
  /** `http://<host>/beta`, the base of context URLs and links (spec §6). */
  root: string;
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const requestId = randomUUID();
  const sent = request.headers['client-request-id'];
  const clientRequestId = typeof sent === 'string' && PRINTABLE_ID.test(sent) ? sent : requestId;
  response.setHeader('request-id', requestId);
  response.setHeader('client-request-id', clientRequestId);
  response.setHeader('odata-version', '4.0');
  const url = new URL(request.url ?? '/', 'http://baseline');
  try {
    await route({ request, response, url, root: `http://${request.headers.host ?? 'localhost'}/beta` });
  } catch (error) {
    const problem = error instanceof Problem ? error : new Problem(500, 'generalException', 'An unexpected error occurred.');
    if (!(error instanceof Problem)) console.error(`request ${requestId} failed`, error);
    const date = new Date().toISOString().slice(0, 19) + 'Z';
    sendJson(response, problem.status, {
      error: {
        code: problem.code,
        message: problem.message,
        innerError: { date, 'request-id': requestId, 'client-request-id': clientRequestId },
      },
    });
  }
}

async function route(exchange: Exchange): Promise<void> {
  const { request, url } = exchange;
  const path = url.pathname.replace(/\/$/, '');
  if (request.method === 'POST' && path === POOLS_PATH) return createPool(exchange);
  const importTarget = IMPORT_PATH.exec(path);
  if (request.method === 'POST' && importTarget !== null) return importCodes(exchange, importTarget[1]);
  if (request.method !== 'GET') throw notFound(`No route for ${request.method} ${path}.`);
  if (path === '/beta') return serviceDocument(exchange);
  if (path === '/beta/deviceManagement') return deviceManagement(exchange);
  if (path === POOLS_PATH) return listPools(exchange);
  if (path === `${POOLS_PATH}/$count`) return countPools(exchange);
  if (path.startsWith(`${POOLS_PATH}/`)) return getPool(exchange, path.slice(POOLS_PATH.length + 1));
  throw notFound(`No route for GET ${path}.`);
}

function serviceDocument({ response, root }: Exchange): void {
  sendJson(response, 200, {
    '@odata.context': `${root}/$metadata`,
    value: [{ name: 'deviceManagement', kind: 'Singleton', url: 'deviceManagement' }],
  });
}

function deviceManagement({ response, root }: Exchange): void {
  sendJson(response, 200, {
    '@odata.context': `${root}/$metadata#deviceManagement`,
    '@odata.type': '#microsoft.graph.deviceManagement',
    id: TENANT_ID,
  });
}

async function createPool({ request, response, root }: Exchange): Promise<void> {
  const { displayName, codes } = parseCreateBody(await readJson(request));
  const now = new Date().toISOString();
  const pool: PoolRow = {
    id: randomUUID(),
    tenantId: TENANT_ID,
    displayName,
    createdDateTime: now,
    modifiedDateTime: now,
    activationCodeCount: codes.length,
    version: 1,
  };
  refusingDuplicates(() => store.insert(pool, codes));
  response.setHeader('location', `${root}/${POOLS_CONTEXT}('${pool.id}')`);
  sendJson(response, 201, { '@odata.context': `${root}/$metadata#${POOLS_CONTEXT}/$entity`, ...poolEntity(pool, codes) }, etagOf(pool));
}

/** Spec §10: the operator CSV appended to a pool in one transaction. */
async function importCodes({ request, response }: Exchange, id: string): Promise<void> {
  if (!(request.headers['content-type'] ?? '').startsWith('text/csv')) {
    throw new Problem(415, 'unsupportedMediaType', 'The request body must be text/csv.');
  }
  if (!GUID.test(id)) throw badRequest(`'${id.slice(0, 64)}' is not a valid id.`);
  const codes = parseOperatorCsv((await readBody(request)).toString('utf8'));
  const activationCodeCount = refusingDuplicates(() => store.append(TENANT_ID, id.toLowerCase(), codes));
  if (activationCodeCount === undefined) throw notFound(`No embeddedSIMActivationCodePool with id '${id}' exists.`);
  sendJson(response, 200, { imported: codes.length, activationCodeCount });
}

function refusingDuplicates<T>(write: () => T): T {
  try {
    return write();
  } catch (error) {
    if (error instanceof DuplicateIccidError)
      throw new Problem(409, 'conflict', 'An ICCID of this request is already stored in this tenant.');
    throw error;
  }
}

function getPool({ response, root }: Exchange, id: string): void {
  if (!GUID.test(id)) throw badRequest(`'${id.slice(0, 64)}' is not a valid id.`);
  const pool = store.findById(TENANT_ID, id.toLowerCase());
  if (pool === undefined) throw notFound(`No embeddedSIMActivationCodePool with id '${id}' exists.`);
  sendJson(response, 200, { '@odata.context': `${root}/$metadata#${POOLS_CONTEXT}/$entity`, ...poolEntity(pool) }, etagOf(pool));
}

function listPools({ response, url, root }: Exchange): void {
  const { page, carried, serverPaged } = parseListQuery(url.searchParams);
  const rows = store.page(TENANT_ID, page);
  const more = rows.length > page.limit;
  if (more) rows.length = page.limit;
  const expansions = page.expand.map((navigation) => `${navigation}()`).join(',');
  const context = `${root}/$metadata#${POOLS_CONTEXT}${expansions === '' ? '' : `(${expansions})`}`;
  const last = rows.at(-1);
  let nextLink = '';
  if (more && serverPaged && last !== undefined) {
    carried.set('$skiptoken', encodeSkipToken(page.orderByName ? last.displayName : last.id, last.id));
    nextLink = `,"@odata.nextLink":${JSON.stringify(`${root}/${POOLS_CONTEXT}?${carried.toString()}`)}`;
  }
  const value = rows.map((row) => pageRowJson(row, page.expand)).join(',');
  sendJsonText(response, 200, `{"@odata.context":${JSON.stringify(context)},"value":[${value}]${nextLink}}`);
}

/** A pool of a page as JSON text, its expanded children spliced in as SQLite built them. */
function pageRowJson(row: PageRow, expand: readonly Navigation[]): string {
  const pool = JSON.stringify(poolEntity(row));
  if (expand.length === 0) return pool;
  return `${pool.slice(0, -1)}${expand.map((navigation) => `,"${navigation}":${row[navigation] ?? '[]'}`).join('')}}`;
}

function countPools({ response, url }: Exchange): void {
  const filter = url.searchParams.get('$filter');
  const count = store.count(TENANT_ID, filter === null ? undefined : parseStartsWith(filter));
  const text = String(count);
  response.writeHead(200, { 'content-type': 'text/plain;charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/** The wire shape of a pool, properties in the service's (EDM) order; codes only in the create response. */
function poolEntity(pool: PoolRow, codes?: readonly CodeInput[]): Record<string, unknown> {
  return {
    '@odata.etag': etagOf(pool),
    '@odata.type': POOL_TYPE,
    id: pool.id,
    activationCodeCount: pool.activationCodeCount,
    ...(codes === undefined ? {} : { activationCodes: codes }),
    createdDateTime: pool.createdDateTime,
    displayName: pool.displayName,
    modifiedDateTime: pool.modifiedDateTime,
  };
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
    throw new Problem(415, 'unsupportedMediaType', 'The request body must be application/json.');
  }
  const body = await readBody(request);
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw badRequest('The request body is not valid JSON.');
  }
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > BODY_LIMIT_BYTES) throw new Problem(413, 'requestTooLarge', `The request body exceeds ${BODY_LIMIT_BYTES} bytes.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Spec §9: a weak ETag of the row's version, as the service makes it. */
function etagOf(pool: PoolRow): string {
  return `W/"${pool.version}"`;
}

/** `etag`: the ETag header a single entity carries. */
function sendJson(response: ServerResponse, status: number, body: unknown, etag?: string): void {
  sendJsonText(response, status, JSON.stringify(body), etag);
}

function sendJsonText(response: ServerResponse, status: number, payload: string, etag?: string): void {
  response.writeHead(status, {
    'content-type': ODATA_JSON,
    'content-length': Buffer.byteLength(payload),
    ...(etag === undefined ? {} : { etag }),
  });
  response.end(payload);
}

const server = createServer((request, response) => void handle(request, response));
server.keepAliveTimeout = KEEP_ALIVE_MS;
server.listen(Number(process.env.PORT ?? 3001), process.env.HOST ?? '127.0.0.1');
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  store.close();
});
