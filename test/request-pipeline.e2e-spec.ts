import request from 'supertest';
import { REQUEST_GATES } from '../src/app.module';
import { BodyAdmissionGate } from '../src/graph/http/body-admission.gate';
import { RouteTable } from '../src/graph/http/route-table';
import { AuthenticationGate } from '../src/identity/authentication.gate';
import { ThrottleGate } from '../src/throttling/throttle.gate';
import { expectGraphError } from './support/graph-assertions';
import { POOLS, useTestApp } from './support/test-app';

/**
 * The order a request is admitted in (house rules): route, then authentication, then throttling, all
 * before the body is read; the OData request handling ($filter, content negotiation) only after.
 */
describe('the request pipeline', () => {
  const t = useTestApp();
  const anonymous = () => request(t.app.getHttpServer());

  it('declares its gates in one ordered list', () => {
    expect(REQUEST_GATES).toEqual([RouteTable, AuthenticationGate, ThrottleGate, BodyAdmissionGate]);
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

  it('answers a path no route serves with 404, and a wrong method with 405, whether or not there is a token', async () => {
    expectGraphError(await anonymous().get('/beta/deviceManagement/nothingHere'), 404, 'itemNotFound');
    const wrongMethod = await anonymous().put(POOLS).set('Content-Type', 'application/json').send('{"not": "read"');
    expectGraphError(wrongMethod, 405, 'notSupported');
    expect(wrongMethod.headers.allow).toBe('GET, HEAD, POST');
  });
});
