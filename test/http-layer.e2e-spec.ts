import type { Socket } from 'node:net';
import { poolBody } from './support/fixtures';
import { GUID } from './support/graph-assertions';
import { rawRequest, RawResponse, useListeningPort } from './support/raw-http';
import { POOLS, TENANT_A, TestApp, useTestApp } from './support/test-app';

/** A raw answer in the Graph error shape (spec §7), with the Graph headers. */
function expectRawGraphError(response: RawResponse, status: number, code: string, message?: RegExp) {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json;odata\.metadata=minimal/);
  expect(response.headers['request-id']).toMatch(GUID);
  expect(response.headers['odata-version']).toBe('4.0');
  const { error } = JSON.parse(response.body);
  expect(error.code).toBe(code);
  if (message) expect(error.message).toMatch(message);
  expect(error.innerError['request-id']).toBe(response.headers['request-id']);
}

const lines = (...parts: string[]) => `${parts.join('\r\n')}\r\n\r\n`;
/** The head of a JSON pool upload announcing `contentLength` bytes, with a token when given. */
const uploadHead = (contentLength: number, authorization?: string, ...more: string[]) =>
  lines(
    `POST ${POOLS} HTTP/1.1`,
    'Host: 127.0.0.1',
    ...(authorization === undefined ? [] : [`Authorization: ${authorization}`]),
    'Content-Type: application/json',
    `Content-Length: ${contentLength}`,
    ...more,
  );
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function tokenOf(t: TestApp) {
  return `Bearer ${await t.token({ tenantId: TENANT_A })}`;
}

describe('the HTTP layer answers in the Graph shape (spec §7)', () => {
  const t = useTestApp();
  const port = useListeningPort(t);

  it('answers headers over the size limit with 431', async () => {
    const response = await rawRequest(port(), (socket) => {
      socket.write(lines(`GET ${POOLS} HTTP/1.1`, 'Host: 127.0.0.1', `X-Filler: ${'x'.repeat(20_000)}`));
    });
    expectRawGraphError(response, 431, 'invalidRequest', /headers are too large/);
  });

  it('answers a malformed Content-Length with 400', async () => {
    const response = await rawRequest(port(), (socket) => {
      socket.write(lines(`POST ${POOLS} HTTP/1.1`, 'Host: 127.0.0.1', 'Content-Type: application/json', 'Content-Length: twelve'));
    });
    expectRawGraphError(response, 400, 'invalidRequest', /Content-Length/);
  });

  it('answers a URL that does not decode with 400', async () => {
    const response = await rawRequest(port(), (socket) => {
      socket.write(lines(`GET ${POOLS}/%E0%A4%A HTTP/1.1`, 'Host: 127.0.0.1'));
    });
    expectRawGraphError(response, 400, 'invalidRequest', /does not decode/);
    expect(response.headers['client-request-id']).toBe(response.headers['request-id']);
  });

  // Found by test/fuzz-requests.e2e-spec.ts: Fastify's router handed these to the not-found handler without the onRequest hooks, so they were 404s without request-id.
  it.each(['PUT', 'OPTIONS', 'PROPFIND'])(
    'answers a URL that does not decode with 400 and the Graph headers to %s, a method no route has',
    async (method) => {
      const response = await rawRequest(port(), (socket) => {
        socket.write(lines(`${method} /beta/%zz HTTP/1.1`, 'Host: 127.0.0.1', 'Content-Length: 0', 'client-request-id: fuzz-42'));
      });
      expectRawGraphError(response, 400, 'invalidRequest', /does not decode/);
      expect(response.headers['client-request-id']).toBe('fuzz-42');
    },
  );

  it('answers a key longer than any id with 400, not 414', async () => {
    const response = await t.http.get(`${POOLS}/${'a'.repeat(500)}`);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalidRequest');
    expect(response.headers['request-id']).toMatch(GUID);
  });

  it("answers an empty key, () or (''), with 400 rather than the collection", async () => {
    for (const key of ['()', "('')"]) {
      const response = await t.http.get(`${POOLS}${key}`);
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(/not a valid id/);
    }
  });

  it('serves an absolute-form request target, building links from the Host header', async () => {
    const authorization = await tokenOf(t);
    const response = await rawRequest(port(), (socket) => {
      socket.write(
        lines(`GET http://127.0.0.1:${port()}${POOLS}?$top=1 HTTP/1.1`, `Host: 127.0.0.1:${port()}`, `Authorization: ${authorization}`),
      );
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)['@odata.context']).toBe(
      `http://127.0.0.1:${port()}/beta/$metadata#deviceManagement/embeddedSIMActivationCodePools`,
    );
  });

  it('answers DELETE with a JSON Content-Type and no body with 204', async () => {
    const { body } = await t.http.post(POOLS).send(poolBody('Deleted with a content type', [])).expect(201);
    await t.http.delete(`${POOLS}/${body.id}`).set('Content-Type', 'application/json').expect(204);
  });

  it('still refuses a create without a body', async () => {
    const response = await t.http.post(POOLS).set('Content-Type', 'application/json').send('');
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/empty; a JSON object is required/);
  });
});

describe('bodies are read only for admitted requests (issue: hostile clients)', () => {
  const t = useTestApp();
  const port = useListeningPort(t);

  it('refuses an unauthenticated upload at once, without reading its body, and closes the connection', async () => {
    const response = await rawRequest(port(), (socket) => {
      socket.write(uploadHead(16 * 1024 * 1024));
      socket.write('{"displayName": "never sent in full"');
    });
    expectRawGraphError(response, 401, 'unauthenticated');
    expect(response.headers.connection).toBe('close');
    expect(response.closedAfterMs).toBeLessThan(2000);
  });

  it('sends 100 Continue only to an admitted request', async () => {
    const refused = await rawRequest(port(), (socket) => {
      socket.write(uploadHead(20, undefined, 'Expect: 100-continue'));
    });
    expect(refused.statuses).toEqual([401]);

    const authorization = await tokenOf(t);
    const body = JSON.stringify(poolBody('After 100 Continue', []));
    const admitted = await rawRequest(port(), (socket: Socket) => {
      socket.write(uploadHead(Buffer.byteLength(body), authorization, 'Expect: 100-continue'));
      socket.once('data', () => socket.write(body));
    });
    expect(admitted.statuses).toEqual([100, 201]);
  });
});

describe('timeouts and the body budget', () => {
  const t = useTestApp({
    HTTP_HEADERS_TIMEOUT_SECONDS: '1',
    HTTP_REQUEST_TIMEOUT_SECONDS: '4',
    HTTP_IDLE_TIMEOUT_SECONDS: '3',
    HTTP_MAX_BODY_MIB_IN_FLIGHT: '16',
  });
  const port = useListeningPort(t);

  it('answers headers that do not arrive in time with 408', async () => {
    const response = await rawRequest(port(), (socket) => {
      socket.write(`GET ${POOLS} HTTP/1.1\r\nHost: 127.0.0.1\r\n`);
    });
    expectRawGraphError(response, 408, 'invalidRequest', /not received in time/);
    expect(response.closedAfterMs).toBeLessThan(6000);
  }, 15_000);

  it('closes a connection whose body stalls', async () => {
    const authorization = await tokenOf(t);
    const response = await rawRequest(port(), (socket) => {
      socket.write(uploadHead(1000, authorization));
      socket.write('{"displayName": ');
    });
    expect(response.closedAfterMs).toBeGreaterThanOrEqual(2500);
    expect(response.closedAfterMs).toBeLessThan(9000);
    expect(response.status).not.toBe(201);
  }, 15_000);

  it('answers a body that trickles in beyond the request timeout with 408', async () => {
    const authorization = await tokenOf(t);
    const response = await rawRequest(port(), async (socket) => {
      socket.write(uploadHead(1000, authorization));
      for (let i = 0; i < 20 && !socket.destroyed; i++) {
        socket.write(' ');
        await wait(500);
      }
    });
    expect(response.status).toBe(408);
    expect(response.closedAfterMs).toBeGreaterThanOrEqual(4000);
    expect(response.closedAfterMs).toBeLessThan(9500);
  }, 15_000);

  it('turns a body away with 503 and Retry-After when the bodies in flight would exceed the budget', async () => {
    const authorization = await tokenOf(t);
    let holder: Socket | undefined;
    const held = rawRequest(port(), (socket) => {
      holder = socket;
      socket.write(uploadHead(16 * 1024 * 1024, authorization));
      socket.write(' ');
    });
    await wait(200);
    const body = JSON.stringify(poolBody('Waits its turn', []));
    const turnedAway = await t.http.post(POOLS).set('Content-Type', 'application/json').send(body);
    expect(turnedAway.status).toBe(503);
    expect(turnedAway.body.error.code).toBe('serviceNotAvailable');
    expect(turnedAway.headers['retry-after']).toMatch(/^\d+$/);
    holder?.destroy();
    await held;
    await wait(100);
    await t.http.post(POOLS).set('Content-Type', 'application/json').send(body).expect(201);
  });
});
