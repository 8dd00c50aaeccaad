import request from 'supertest';
import { REQUEST_GATES } from '../src/app.module';
import { BodyAdmissionGate } from '../src/graph/http/body-admission.gate';
import { MediaTypeGate } from '../src/graph/http/media-type.gate';
import { RouteTable } from '../src/graph/http/route-table';
import { AuthenticationGate } from '../src/identity/authentication.gate';
import { ThrottleGate } from '../src/throttling/throttle.gate';
import { expectGraphError } from './support/graph-assertions';
import { portOf, rawRequest } from './support/raw-http';
import { POOLS, TENANT_A, useTestApp } from './support/test-app';

/**
 * The order a request is admitted in (house rules): route, then authentication, then throttling, then
 * the body's media type, all before the body is read; the OData request handling ($filter, content negotiation) only after.
 */
describe('the request pipeline', () => {
  const t = useTestApp();
  const anonymous = () => request(t.app.getHttpServer());

  it('declares its gates in one ordered list', () => {
    expect(REQUEST_GATES).toEqual([RouteTable, AuthenticationGate, ThrottleGate, MediaTypeGate, BodyAdmissionGate]);
  });

  it('authenticates before it reads the query options: a malformed $filter without a token is a 401', async () => {
    expectGraphError(await anonymous().get(`${POOLS}?$filter=displayName eq`), 401, 'unauthenticated');
    expectGraphError(await t.http.get(`${POOLS}?$filter=displayName eq`), 400, 'invalidRequest');
  });

  it('authenticates before it negotiates the format: Accept: text/csv without a token is a 401', async () => {
    expectGraphError(await anonymous().get(POOLS).set('Accept', 'text/csv'), 401, 'unauthenticated');
  });

  it('authenticates before it reads the body: malformed JSON without a token is a 401', async () => {
    const response = await anonymous().post(POOLS).set('Content-Type', 'application/json').send('{"displayName": ');
    expectGraphError(response, 401, 'unauthenticated');
  });

  it('authenticates before it checks the media type: a CSV body on a JSON route without a token is a 401', async () => {
    expectGraphError(await anonymous().post(POOLS).set('Content-Type', 'text/csv').send('a,b'), 401, 'unauthenticated');
  });

  it('refuses a body of the wrong media type from its headers alone, without waiting for the body', async () => {
    const token = await t.token({ tenantId: TENANT_A });
    const response = await rawRequest(await portOf(t.app), (socket) => {
      // 1 MiB announced, none of it sent: only an answer from the headers can come back.
      socket.write(
        `POST ${POOLS} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${token}\r\n` +
          `Content-Type: text/csv\r\nContent-Length: 1048576\r\n\r\n`,
      );
    });
    expect(response.status).toBe(415);
    expect(JSON.parse(response.body).error.message).toMatch(/'text\/csv' is not supported here; send application\/json/);
  });

  it('answers a path no route serves with 404, and a wrong method with 405, whether or not there is a token', async () => {
    expectGraphError(await anonymous().get('/beta/deviceManagement/nothingHere'), 404, 'itemNotFound');
    const wrongMethod = await anonymous().put(POOLS).set('Content-Type', 'application/json').send('{"not": "read"');
    expectGraphError(wrongMethod, 405, 'notSupported');
    expect(wrongMethod.headers.allow).toBe('GET, HEAD, POST');
  });
});
