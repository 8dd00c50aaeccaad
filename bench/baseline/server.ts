import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { SecretCipher } from '../../src/secrets/secret-cipher';
import { Authenticator, Caller, forbidden, loadDevPublicKey } from './auth';
import { parseCreateBody } from './create-body';
import { ListQuery, parseListQuery, parseStartsWith, SkipTokens } from './list-query';
import { parseOperatorCsv } from './operator-csv';
import { CodeInput, DuplicateIccidError, PoolStore } from './pool-store';
import { badRequest, notFound, Problem } from './problem';

/**
 * The "speed of light" reference: the service's pool endpoints on `node:http` and better-sqlite3 with
 * no framework, doing the same wire work per request as fast as it can be done: the bearer token
 * verified like the service's (once, then a Map lookup), every query scoped to the token's tenant,
 * reads rendered to JSON bytes by SQLite, writes validated, sealed and committed in one transaction,
 * the same bodies and headers. Only what the benchmark calls is here, under `/beta`.
 */

const ODATA_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
const TEXT_PLAIN = 'text/plain; charset=utf-8';
const POOLS_CONTEXT = 'deviceManagement/embeddedSIMActivationCodePools';
const POOLS_PATH = `/beta/${POOLS_CONTEXT}`;
const POOL_PATH_PREFIX = `${POOLS_PATH}/`;
const COUNT_PATH = `${POOLS_PATH}/$count`;
const IMPORT_SUFFIX = '/activationCodes/$import';
const POOL_TYPE = '#microsoft.graph.embeddedSIMActivationCodePool';
/** Spec §11. */
const BODY_LIMIT_BYTES = 16 * 1024 * 1024;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PRINTABLE_ID = /^[\x21-\x7e]{1,128}$/;
/** What the service's Fastify answers with, so clients hold connections equally long. */
const KEEP_ALIVE_MS = 72_000;
/** Every JSON answer's fixed headers, built once; each answer adds its ids, length and ETag. */
const JSON_HEADERS = ['odata-version', '4.0', 'content-type', ODATA_JSON] as const;
const TEXT_HEADERS = ['odata-version', '4.0', 'content-type', TEXT_PLAIN] as const;
const ETAG_OF_NEW = 'W/"1"';

const serviceDataDir = process.env.SERVICE_DATA_DIR;
if (serviceDataDir === undefined) throw new Error('SERVICE_DATA_DIR must name the service data directory whose dev key signs the tokens');
const authenticator = new Authenticator(loadDevPublicKey(serviceDataDir));
const cipher = new SecretCipher(randomBytes(32));
const skipTokens = new SkipTokens(cipher.deriveKey('odata-skiptoken'));
const store = new PoolStore(join(process.env.DATA_DIR ?? '.', 'baseline.sqlite'), cipher);

/** The context URLs and links of one `Host`, built on its first request and reused. */
interface HostTexts {
  readonly root: string;
  readonly entityHead: string;
  readonly listHead: string;
  readonly entityContext: string;
}
const textsByHost = new Map<string, HostTexts>();

function hostTexts(host: string): HostTexts {
  let texts = textsByHost.get(host);
  if (texts === undefined) {
    const root = `http://${host}/beta`;
    const entityContext = JSON.stringify(`${root}/$metadata#${POOLS_CONTEXT}/$entity`);
    texts = {
      root,
      entityContext,
      entityHead: `{"@odata.context":${entityContext},`,
      listHead: `{"@odata.context":${JSON.stringify(`${root}/$metadata#${POOLS_CONTEXT}`)},"value":[`,
    };
    if (textsByHost.size < 100) textsByHost.set(host, texts);
  }
  return texts;
}

/** One request: its response, ids and the request headers the routes read, found in one pass over the raw headers. */
interface Exchange {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly requestId: string;
  readonly clientRequestId: string;
  readonly host: string;
  readonly contentType: string;
  readonly path: string;
  readonly query: string;
}

function onRequest(request: IncomingMessage, response: ServerResponse): void {
  // One pass over the raw headers: `request.headers` would build an object of all of them.
  const raw = request.rawHeaders;
  let authorization: string | undefined;
  let sentRequestId: string | undefined;
  let host = 'localhost';
  let contentType = '';
  for (let index = 0; index < raw.length; index += 2) {
    const name = raw[index];
    switch (name.length) {
      case 4:
        if (name.toLowerCase() === 'host') host = raw[index + 1];
        break;
      case 12:
        if (name.toLowerCase() === 'content-type') contentType = raw[index + 1];
        break;
      case 13:
        if (authorization === undefined && name.toLowerCase() === 'authorization') authorization = raw[index + 1];
        break;
      case 17:
        if (sentRequestId === undefined && name.toLowerCase() === 'client-request-id') sentRequestId = raw[index + 1];
        break;
    }
  }
  const url = request.url ?? '/';
  const mark = url.indexOf('?');
  let path = mark < 0 ? url : url.slice(0, mark);
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  const requestId = randomUUID();
  const exchange: Exchange = {
    request,
    response,
    requestId,
    clientRequestId: sentRequestId !== undefined && PRINTABLE_ID.test(sentRequestId) ? sentRequestId : requestId,
    host,
    contentType,
    path,
    query: mark < 0 ? '' : url.slice(mark + 1),
  };
  // The service document is the one route without authentication (the readiness probe).
  if (path === '/beta') return void guarded(exchange, () => serviceDocument(exchange));
  const caller = authorization === undefined ? undefined : authenticator.cached(authorization, Date.now());
  if (caller !== undefined) {
    void guarded(exchange, () => route(exchange, caller));
    return;
  }
  authenticator.verify(authorization).then(
    (verified) => guarded(exchange, () => route(exchange, verified)),
    (error: unknown) => fail(exchange, error),
  );
}

/** Runs a route; whatever it throws, synchronously or later, becomes a Graph error answer. */
function guarded(exchange: Exchange, work: () => void | Promise<void>): void | Promise<void> {
  try {
    const done = work();
    if (done !== undefined) return done.catch((error: unknown) => fail(exchange, error));
  } catch (error) {
    fail(exchange, error);
  }
}

function route(exchange: Exchange, caller: Caller): void | Promise<void> {
  const { request, path } = exchange;
  const write = request.method !== 'GET';
  if (!(write ? caller.canWrite : caller.canRead)) throw forbidden(write);
  if (path.startsWith(POOL_PATH_PREFIX)) {
    if (path === COUNT_PATH && !write) return countPools(exchange, caller);
    if (path.endsWith(IMPORT_SUFFIX) && request.method === 'POST') {
      return importCodes(exchange, caller, path.slice(POOL_PATH_PREFIX.length, -IMPORT_SUFFIX.length));
    }
    if (!write) return getPool(exchange, caller, path.slice(POOL_PATH_PREFIX.length));
  } else if (path === POOLS_PATH) {
    if (request.method === 'POST') return createPool(exchange, caller);
    if (!write) return listPools(exchange, caller);
  } else if (path === '/beta/deviceManagement' && !write) {
    return deviceManagement(exchange, caller);
  }
  throw notFound(`No route for ${request.method} ${path}.`);
}

function serviceDocument(exchange: Exchange): void {
  const root = hostTexts(exchange.host).root;
  const body = `{"@odata.context":${JSON.stringify(`${root}/$metadata`)},"value":[{"name":"deviceManagement","kind":"Singleton","url":"deviceManagement"}]}`;
  sendJson(exchange, 200, body);
}

function deviceManagement(exchange: Exchange, { tenantId }: Caller): void {
  const context = JSON.stringify(`${hostTexts(exchange.host).root}/$metadata#deviceManagement`);
  sendJson(exchange, 200, `{"@odata.context":${context},"@odata.type":"#microsoft.graph.deviceManagement","id":"${tenantId}"}`);
}

function getPool(exchange: Exchange, { tenantId }: Caller, id: string): void {
  if (!GUID.test(id)) throw badRequest(`'${id.slice(0, 64)}' is not a valid id.`);
  const found = store.renderOne(hostTexts(exchange.host).entityHead, tenantId, id.toLowerCase());
  if (found === undefined) throw notFound(`No embeddedSIMActivationCodePool with id '${id}' exists.`);
  sendJson(exchange, 200, found[0], `W/"${found[1]}"`);
}

function listPools(exchange: Exchange, { tenantId }: Caller): void {
  const list: ListQuery = parseListQuery(exchange.query);
  const { page, carried, serverPaged, scope } = list;
  if (list.skipToken !== undefined) page.after = skipTokens.decode(list.skipToken, tenantId, scope);
  const texts = hostTexts(exchange.host);
  const head =
    page.expand.length === 0
      ? texts.listHead
      : `{"@odata.context":${JSON.stringify(`${texts.root}/$metadata#${POOLS_CONTEXT}(${page.expand.map((name) => `${name}()`).join(',')})`)},"value":[`;
  const { text, rows } = store.renderPage(head, tenantId, page);
  let close = ']}';
  if (serverPaged && rows === page.limit && rows > 0) {
    const end = store.pageEnd(tenantId, page);
    if (end?.more) {
      const token = skipTokens.encode(page.orderByName ? [end.displayName, end.id] : [end.id], tenantId, scope);
      close = `],"@odata.nextLink":${JSON.stringify(`${texts.root}/${POOLS_CONTEXT}?${carried}$skiptoken=${token}`)}}`;
    }
  }
  sendJson(exchange, 200, text + close);
}

function countPools(exchange: Exchange, { tenantId }: Caller): void {
  const filter = exchange.query === '' ? null : new URLSearchParams(exchange.query).get('$filter');
  const text = String(store.count(tenantId, filter === null ? undefined : parseStartsWith(filter)));
  const { response } = exchange;
  response.writeHead(200, [
    'request-id',
    exchange.requestId,
    'client-request-id',
    exchange.clientRequestId,
    ...TEXT_HEADERS,
    'content-length',
    String(text.length),
  ]);
  response.end(text);
}

async function createPool(exchange: Exchange, { tenantId }: Caller): Promise<void> {
  const { displayName, codes } = parseCreateBody(parseJson(exchange, await readBody(exchange)));
  const id = randomUUID();
  const now = new Date().toISOString();
  refusingDuplicates(() => store.insert(id, tenantId, displayName, now, codes));
  const texts = hostTexts(exchange.host);
  const body =
    `${texts.entityHead}"@odata.type":"${POOL_TYPE}","@odata.etag":"W/\\"1\\"","id":"${id}","activationCodeCount":${codes.length},` +
    `"activationCodes":${JSON.stringify(codes)},"createdDateTime":"${now}","displayName":${JSON.stringify(displayName)},"modifiedDateTime":"${now}"}`;
  sendJson(exchange, 201, body, ETAG_OF_NEW, `${texts.root}/${POOLS_CONTEXT}('${id}')`);
}

/** Spec §10: the operator CSV appended to a pool in one transaction. */
async function importCodes(exchange: Exchange, { tenantId }: Caller, id: string): Promise<void> {
  if (!exchange.contentType.startsWith('text/csv')) throw new Problem(415, 'unsupportedMediaType', 'The request body must be text/csv.');
  if (!GUID.test(id)) throw badRequest(`'${id.slice(0, 64)}' is not a valid id.`);
  const codes: CodeInput[] = parseOperatorCsv((await readBody(exchange)).toString('utf8'));
  const activationCodeCount = refusingDuplicates(() => store.append(tenantId, id.toLowerCase(), codes));
  if (activationCodeCount === undefined) throw notFound(`No embeddedSIMActivationCodePool with id '${id}' exists.`);
  sendJson(exchange, 200, `{"imported":${codes.length},"activationCodeCount":${activationCodeCount}}`);
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

function parseJson(exchange: Exchange, body: Buffer): unknown {
  if (!exchange.contentType.startsWith('application/json')) {
    throw new Problem(415, 'unsupportedMediaType', 'The request body must be application/json.');
  }
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw badRequest('The request body is not valid JSON.');
  }
}

/** The whole body, refused past the limit; one chunk (the common case for small bodies) is used as is. */
function readBody({ request }: Exchange): Promise<Buffer> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT_BYTES) {
        request.removeAllListeners('data');
        request.resume();
        fail(new Problem(413, 'requestTooLarge', `The request body exceeds ${BODY_LIMIT_BYTES} bytes.`));
        return;
      }
      chunks.push(chunk);
    });
    request.once('end', () => done(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)));
    request.once('error', fail);
  });
}

function fail(exchange: Exchange, error: unknown): void {
  const problem = error instanceof Problem ? error : new Problem(500, 'generalException', 'An unexpected error occurred.');
  if (!(error instanceof Problem)) console.error(`request ${exchange.requestId} failed`, error);
  if (exchange.response.headersSent) {
    exchange.response.destroy();
    return;
  }
  const date = new Date().toISOString().slice(0, 19) + 'Z';
  const body = JSON.stringify({
    error: {
      code: problem.code,
      message: problem.message,
      innerError: { date, 'request-id': exchange.requestId, 'client-request-id': exchange.clientRequestId },
    },
  });
  const { response } = exchange;
  response.writeHead(problem.status, [
    'request-id',
    exchange.requestId,
    'client-request-id',
    exchange.clientRequestId,
    ...problem.headers,
    ...JSON_HEADERS,
    'content-length',
    String(Buffer.byteLength(body)),
  ]);
  response.end(body);
}

/**
 * A JSON answer: the head from a flat name/value list (Node copies it as is, no headers object to
 * walk) and the body as a string in one `end`, which Node sends in the same write as the head (a
 * Buffer body would go out as a second chunk of a writev).
 */
function sendJson(exchange: Exchange, status: number, body: string, etag?: string, location?: string): void {
  const headers = [
    'request-id',
    exchange.requestId,
    'client-request-id',
    exchange.clientRequestId,
    JSON_HEADERS[0],
    JSON_HEADERS[1],
    JSON_HEADERS[2],
    JSON_HEADERS[3],
  ];
  if (etag !== undefined) headers.push('etag', etag);
  if (location !== undefined) headers.push('location', location);
  headers.push('content-length', String(Buffer.byteLength(body)));
  exchange.response.writeHead(status, headers);
  exchange.response.end(body);
}

const server = createServer({ keepAliveTimeout: KEEP_ALIVE_MS }, onRequest);
server.listen(Number(process.env.PORT ?? 3001), process.env.HOST ?? '127.0.0.1');
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  store.close();
});
