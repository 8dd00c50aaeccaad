import {
  BatchRequestContent,
  BatchResponseContent,
  Client,
  GraphError,
  PageIterator,
  ResponseType,
} from '@microsoft/microsoft-graph-client';
import { activationCodes, poolBody } from './support/fixtures';
import { GUID } from './support/graph-assertions';
import { batchStep, loopbackGraphClient, LoopbackGraphClient } from './support/graph-sdk-client';
import { useListeningPort } from './support/raw-http';
import { TENANT_A, useTestApp } from './support/test-app';

/** Paths as an SDK user writes them: relative to the client's base URL and version. */
const POOLS = '/deviceManagement/embeddedSIMActivationCodePools';
const UNKNOWN_POOL = '6f1c7a52-8d1e-4c3b-9a6f-2b0d9e4c8a11';
/** Small, so that a handful of pools spans several pages. */
const PAGE_SIZE = 4;

interface Pool {
  id: string;
  displayName: string;
  activationCodeCount: number;
  [property: string]: unknown;
}

describe('Microsoft Graph JavaScript SDK (@microsoft/microsoft-graph-client) against the service', () => {
  const t = useTestApp({ MAX_PAGE_SIZE: String(PAGE_SIZE) });
  const port = useListeningPort(t);

  /** An SDK client whose auth provider returns a dev token of TENANT_A, minted as the test app mints them. */
  function sdk(version = 'beta'): LoopbackGraphClient {
    return loopbackGraphClient(port(), { getAccessToken: () => t.token({ tenantId: TENANT_A }) }, version);
  }

  function lastExchange({ exchanges }: LoopbackGraphClient) {
    const exchange = exchanges[exchanges.length - 1];
    if (exchange === undefined) throw new Error('the client has sent nothing yet');
    return exchange;
  }

  async function createPools(client: Client, names: string[]): Promise<Pool[]> {
    const pools: Pool[] = [];
    for (const name of names) pools.push(await client.api(POOLS).post(poolBody(name, activationCodes(1))));
    return pools;
  }

  /** What the SDK threw for a request, which must be a GraphError. */
  async function graphErrorOf(request: Promise<unknown>): Promise<GraphError> {
    const thrown = await request.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(thrown).toBeInstanceOf(GraphError);
    return thrown as GraphError;
  }

  it('creates a pool with realistic codes: 201, the pool, and the codes of its own request only (spec §4)', async () => {
    const s = sdk();
    const codes = [
      {
        integratedCircuitCardIdentifier: '8901260123456789012',
        matchingIdentifier: 'TN5ZB-2VZQK-BQ7CE-LM3WQ',
        smdpPlusServerAddress: 'rsp.contoso-mobile.com',
      },
      {
        integratedCircuitCardIdentifier: '89012601234567890128',
        matchingIdentifier: 'K8R2D-7QW4N-Z5XPL-3HJVT',
        smdpPlusServerAddress: 'smdp.example-operator.net',
      },
    ];
    const created = await s.client.api(POOLS).post({
      '@odata.type': '#microsoft.graph.embeddedSIMActivationCodePool',
      displayName: 'Contoso Mobile – SDK batch',
      activationCodes: codes,
    });
    expect(lastExchange(s)).toMatchObject({ method: 'POST', status: 201 });
    expect(lastExchange(s).headers.get('location')).toContain(created.id);
    expect(created).toMatchObject({
      '@odata.type': '#microsoft.graph.embeddedSIMActivationCodePool',
      displayName: 'Contoso Mobile – SDK batch',
      activationCodeCount: 2,
    });
    expect(created.id).toMatch(GUID);
    // The create response is the one response that carries codes: exactly those of its request.
    expect(created.activationCodes).toEqual(codes);

    const read: Pool = await s.client.api(`${POOLS}/${created.id}`).get();
    expect(read).toMatchObject({ id: created.id, displayName: 'Contoso Mobile – SDK batch', activationCodeCount: 2 });
    expect(read).not.toHaveProperty('activationCodes');
  });

  it('gets a pool, patches it (204), deletes it (204), after which a get is a GraphError 404', async () => {
    const s = sdk();
    const [pool] = await createPools(s.client, ['Lifecycle via SDK']);

    const read: Pool = await s.client.api(`${POOLS}/${pool.id}`).get();
    expect(read).toMatchObject({ id: pool.id, displayName: 'Lifecycle via SDK', activationCodeCount: 1 });
    expect(read['@odata.context']).toMatch(/\/beta\/\$metadata#deviceManagement\/embeddedSIMActivationCodePools\/\$entity$/);
    expect(read).not.toHaveProperty('activationCodes');

    // A 204 has no body: the SDK resolves to undefined.
    await expect(s.client.api(`${POOLS}/${pool.id}`).patch({ displayName: 'Lifecycle renamed' })).resolves.toBeUndefined();
    expect(lastExchange(s)).toMatchObject({ method: 'PATCH', status: 204 });
    const representation: Pool = await s.client
      .api(`${POOLS}/${pool.id}`)
      .header('Prefer', 'return=representation')
      .patch({ displayName: 'Lifecycle final' });
    expect(lastExchange(s)).toMatchObject({ method: 'PATCH', status: 200 });
    expect(representation).toMatchObject({ id: pool.id, displayName: 'Lifecycle final' });
    expect(representation).not.toHaveProperty('activationCodes');
    expect(await s.client.api(`${POOLS}/${pool.id}`).get()).toMatchObject({ displayName: 'Lifecycle final' });

    await expect(s.client.api(`${POOLS}/${pool.id}`).delete()).resolves.toBeUndefined();
    expect(lastExchange(s)).toMatchObject({ method: 'DELETE', status: 204 });
    const gone = await graphErrorOf(s.client.api(`${POOLS}/${pool.id}`).get());
    expect({ statusCode: gone.statusCode, code: gone.code }).toEqual({ statusCode: 404, code: 'itemNotFound' });
  });

  it('works with the SDK default version v1.0 as with beta', async () => {
    const beta = sdk('beta');
    const v1 = sdk('v1.0');
    const [pool] = await createPools(beta.client, ['Served under both roots']);
    const read: Pool = await v1.client.api(`${POOLS}/${pool.id}`).get();
    expect(lastExchange(v1).url).toBe(`${v1.origin}/v1.0${POOLS}/${pool.id}`);
    expect(read).toMatchObject({ id: pool.id, displayName: 'Served under both roots' });
    expect(read['@odata.context']).toMatch(/\/v1\.0\/\$metadata#/);
    // A per-request version overrides the client's default.
    expect(await beta.client.api(`${POOLS}/${pool.id}`).version('v1.0').get()).toMatchObject({ id: pool.id });
    expect(lastExchange(beta).url).toContain('/v1.0/');
  });

  describe('PageIterator', () => {
    it.each(['beta', 'v1.0'])('visits every pool exactly once across several pages, following @odata.nextLink (%s)', async (version) => {
      const s = sdk(version);
      const prefix = `Paged ${version}`;
      const pools = await createPools(
        s.client,
        Array.from({ length: 2 * PAGE_SIZE + 1 }, (_, i) => `${prefix} ${i}`),
      );
      const sent = s.exchanges.length;

      const firstPage = await s.client.api(POOLS).filter(`startswith(displayName,'${prefix}')`).get();
      expect(firstPage.value).toHaveLength(PAGE_SIZE);
      expect(firstPage['@odata.nextLink']).toMatch(new RegExp(`^${s.origin}/${version.replace('.', '\\.')}/deviceManagement/`));
      const visited: string[] = [];
      const iterator = new PageIterator(s.client, firstPage, (pool: Pool) => {
        expect(pool).not.toHaveProperty('activationCodes');
        visited.push(pool.id);
        return true;
      });
      await iterator.iterate();

      expect(iterator.isComplete()).toBe(true);
      expect(visited).toHaveLength(pools.length);
      expect([...visited].sort()).toEqual(pools.map((pool) => pool.id).sort());
      const pages = s.exchanges.slice(sent);
      expect(pages.map((page) => [page.method, page.status])).toEqual([
        ['GET', 200],
        ['GET', 200],
        ['GET', 200],
      ]);
      expect(pages.slice(1).every((page) => page.url.startsWith(`${s.origin}/${version}/`) && /[?&]\$skiptoken=/i.test(page.url))).toBe(
        true,
      );
    });

    it("carries Prefer: odata.maxpagesize to every page through the iterator's request options", async () => {
      const s = sdk();
      const pools = await createPools(s.client, ['Prefer 1', 'Prefer 2', 'Prefer 3', 'Prefer 4', 'Prefer 5']);
      const sent = s.exchanges.length;
      const headers = { Prefer: 'odata.maxpagesize=2' };
      const firstPage = await s.client.api(POOLS).headers(headers).filter("startswith(displayName,'Prefer ')").get();
      const visited: string[] = [];
      await new PageIterator(
        s.client,
        firstPage,
        (pool: Pool) => {
          visited.push(pool.id);
          return true;
        },
        { headers },
      ).iterate();
      expect([...visited].sort()).toEqual(pools.map((pool) => pool.id).sort());
      expect(s.exchanges.length - sent).toBe(3);
    });
  });

  describe('$count', () => {
    it('reads /$count as a bare integer in text/plain, parsed as text by default or with ResponseType.TEXT', async () => {
      const s = sdk();
      await createPools(s.client, ['Counted one', 'Counted two', 'Not this one']);
      const counted = s.client.api(`${POOLS}/$count`).filter("startswith(displayName,'Counted')");

      expect(await counted.get()).toBe('2');
      expect(lastExchange(s).headers.get('content-type')).toMatch(/^text\/plain\b/);
      expect(await s.client.api(`${POOLS}/$count`).filter("startswith(displayName,'Counted')").responseType(ResponseType.TEXT).get()).toBe(
        '2',
      );
      const all: string = await s.client.api(`${POOLS}/$count`).responseType(ResponseType.TEXT).get();
      expect(all).toMatch(/^\d+$/);
      expect(Number(all)).toBeGreaterThanOrEqual(3);
    });

    it('adds @odata.count to a list with $count=true, counting past $top', async () => {
      const s = sdk();
      await createPools(s.client, ['Tallied A', 'Tallied B', 'Tallied C']);
      const page = await s.client.api(POOLS).filter("startswith(displayName,'Tallied')").count(true).top(1).get();
      expect(lastExchange(s).url).toMatch(/[?&]\$count=true(&|$)/);
      expect(page['@odata.count']).toBe(3);
      expect(page.value).toHaveLength(1);
    });
  });

  describe('BatchRequestContent and BatchResponseContent (spec §12)', () => {
    const json = { 'Content-Type': 'application/json' };

    /**
     * BatchResponseContent (3.0.7) rebuilds each sub-response with `new Response(body, { headers })` and
     * serializes an object body to JSON only when its headers name `Content-Type` in exactly that case,
     * as Graph writes it; otherwise `.json()` reads "[object Object]". Checked first, so that failure is named.
     */
    function expectSdkReadableBodies(answer: { responses: { id: string; headers?: Record<string, string>; body?: unknown }[] }) {
      for (const { id, headers, body } of answer.responses) {
        if (typeof body === 'object' && body !== null)
          expect({ id, headers: Object.keys(headers ?? {}) }).toEqual({ id, headers: expect.arrayContaining(['Content-Type']) });
      }
    }

    it('runs a create, a get that depends on it and a $count in one batch; no GET response carries codes', async () => {
      const s = sdk();
      const name = 'Batched via SDK';
      const codes = activationCodes(2);
      const filter = `?$filter=displayName eq '${name}'`;
      // The get finds the new pool by its name. The $count depends on the create too: the SDK accepts
      // only parallel, serial or single-dependency batches, and the count then includes the new pool.
      const batch = new BatchRequestContent([
        batchStep(s.origin, 'create', POOLS, { method: 'POST', headers: json, body: JSON.stringify(poolBody(name, codes)) }),
        batchStep(s.origin, 'get', `${POOLS}${filter}`, { method: 'GET' }, ['create']),
        batchStep(s.origin, 'count', `${POOLS}/$count${filter}`, { method: 'GET' }, ['create']),
      ]);
      const content = await batch.getContent();
      // Relative to the version root, as `$batch` URLs are (see batchStep).
      expect(content.requests.map((request) => request.url.split('?')[0])).toEqual([POOLS, POOLS, `${POOLS}/$count`]);

      const answer = await s.client.api('/$batch').post(content);
      expect(lastExchange(s)).toMatchObject({ method: 'POST', url: `${s.origin}/beta/$batch`, status: 200 });
      expectSdkReadableBodies(answer);
      const responses = new BatchResponseContent(answer);
      expect([...responses.getResponses().keys()].sort()).toEqual(['count', 'create', 'get']);

      const create = responses.getResponseById('create');
      expect(create.status).toBe(201);
      const created = (await create.json()) as Pool;
      expect(created).toMatchObject({ displayName: name, activationCodeCount: 2 });
      expect(created.id).toMatch(GUID);

      const get = responses.getResponseById('get');
      expect(get.status).toBe(200);
      const listed = await get.text();
      expect(listed).not.toMatch(/"activationCodes"/);
      for (const code of codes) expect(listed).not.toContain(code.matchingIdentifier);
      expect(JSON.parse(listed).value.map((pool: Pool) => [pool.id, pool.activationCodeCount])).toEqual([[created.id, 2]]);

      // OData JSON batch: a text/plain body travels as a JSON string.
      expect(answer.responses.find((response: { id: string }) => response.id === 'count')?.body).toBe('1');
      const count = responses.getResponseById('count');
      expect(count.status).toBe(200);
      expect(count.headers.get('content-type')).toMatch(/^text\/plain\b/);
      expect(await count.text()).toBe('1');
    });

    it('answers 424 for a request whose dependency failed, keeping the request ids', async () => {
      const s = sdk();
      const batch = new BatchRequestContent([
        batchStep(s.origin, 'missing', `${POOLS}/${UNKNOWN_POOL}`, { method: 'GET' }),
        batchStep(s.origin, 'rename', `${POOLS}/${UNKNOWN_POOL}`, { method: 'PATCH', headers: json, body: '{"displayName":"x"}' }, [
          'missing',
        ]),
      ]);
      const answer = await s.client.api('/$batch').post(await batch.getContent());
      expectSdkReadableBodies(answer);
      const responses = new BatchResponseContent(answer);
      expect([...responses.getResponses().keys()].sort()).toEqual(['missing', 'rename']);
      const missing = responses.getResponseById('missing');
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('itemNotFound');
      expect(responses.getResponseById('rename').status).toBe(424);
    });
  });

  describe('GraphError', () => {
    async function expectGraphErrorOf(s: LoopbackGraphClient, request: Promise<unknown>, statusCode: number, code: string) {
      const error = await graphErrorOf(request);
      expect({ statusCode: error.statusCode, code: error.code }).toEqual({ statusCode, code });
      expect(error.requestId).toMatch(GUID);
      expect(error.requestId).toBe(error.headers?.get('request-id'));
      expect(error.requestId).toBe(lastExchange(s).headers.get('request-id'));
      expect(error.message.length).toBeGreaterThan(10);
      return error;
    }

    it('is a 404 itemNotFound with the request-id for an unknown pool id', async () => {
      const s = sdk();
      const error = await expectGraphErrorOf(s, s.client.api(`${POOLS}/${UNKNOWN_POOL}`).get(), 404, 'itemNotFound');
      expect(error.message).toContain(UNKNOWN_POOL);
    });

    it('is a 400 invalidRequest with the request-id for a bad $filter', async () => {
      const s = sdk();
      const error = await expectGraphErrorOf(s, s.client.api(POOLS).filter('displayName eq 5').get(), 400, 'invalidRequest');
      expect(error.message).toMatch(/displayName/);
    });

    it('is a 400 invalidRequest with the request-id for a malformed body', async () => {
      const s = sdk();
      await expectGraphErrorOf(s, s.client.api(POOLS).post('{"displayName": "Half a pool",'), 400, 'invalidRequest');
    });

    it('is a 401 for the SDK default chain, which attaches no token to a plain-http host even when listed in customHosts', async () => {
      // Why `loopbackGraphClient` brings its own bearer handler.
      const client = Client.initWithMiddleware({
        baseUrl: `http://127.0.0.1:${port()}`,
        defaultVersion: 'beta',
        customHosts: new Set(['127.0.0.1']),
        authProvider: { getAccessToken: () => t.token({ tenantId: TENANT_A }) },
      });
      const error = await graphErrorOf(client.api(POOLS).get());
      expect({ statusCode: error.statusCode, code: error.code }).toEqual({ statusCode: 401, code: 'unauthenticated' });
      expect(error.headers?.get('www-authenticate')).toMatch(/^Bearer\b/);
    });
  });
});
