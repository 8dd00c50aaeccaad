import request from 'supertest';
import { expectGraphError, GUID } from './support/graph-assertions';
import { POOLS, useTestApp } from './support/test-app';

/** Spec §1 and §13: health endpoints for orchestrators, and CORS for a browser portal. */
describe('health endpoints', () => {
  const t = useTestApp({ THROTTLE: 'on', THROTTLE_REQUESTS_PER_APP: '2' });
  const anonymous = () => request(t.app.getHttpServer());

  it('answers liveness and readiness without a token', async () => {
    const live = await anonymous().get('/health/live').expect(200);
    expect(live.body).toMatchObject({ status: 'ok' });
    const ready = await anonymous().get('/health/ready').expect(200);
    expect(ready.body).toEqual({
      status: 'ok',
      info: { database: { status: 'up' }, migrations: { status: 'up' } },
      error: {},
      details: { database: { status: 'up' }, migrations: { status: 'up' } },
    });
    expect(ready.headers['request-id']).toMatch(GUID);
  });

  it('is never throttled, even for a caller whose budget is spent', async () => {
    for (let i = 0; i < 2; i++) await t.http.get(`${POOLS}?$top=1`).expect(200);
    expectGraphError(await t.http.get(`${POOLS}?$top=1`), 429, 'activityLimitReached');
    for (let i = 0; i < 5; i++) await t.http.get('/health/ready').expect(200);
  });

  it('is not ready while a migration is pending, and ready again once it is applied', async () => {
    await t.dataSource.undoLastMigration();
    try {
      const response = await anonymous().get('/health/ready').expect(503);
      expect(response.headers['retry-after']).toMatch(/^\d+$/);
      expect(response.body).toMatchObject({
        status: 'error',
        error: { migrations: { status: 'down', message: expect.stringMatching(/npm run migration:run/) } },
        info: { database: { status: 'up' } },
      });
      await anonymous().get('/health/live').expect(200);
    } finally {
      await t.dataSource.runMigrations();
    }
    await anonymous().get('/health/ready').expect(200);
  });

  it('refuses other methods with a Graph 405', async () => {
    expectGraphError(await anonymous().post('/health/ready'), 405, 'notSupported');
  });
});

describe('health when the database is gone', () => {
  const t = useTestApp();

  it('is live but not ready', async () => {
    const anonymous = request(t.app.getHttpServer());
    // As if the database had gone away: every query fails.
    await t.dataSource.destroy();
    const response = await anonymous.get('/health/ready').expect(503);
    expect(response.body).toMatchObject({ status: 'error', error: { database: { status: 'down' } } });
    await anonymous.get('/health/live').expect(200);
    // The application's own shutdown closes the data source again: give it one to close.
    await t.dataSource.initialize();
  });
});

const PORTAL = 'https://portal.contoso.com';

describe('CORS, when CORS_ORIGINS lists the portal', () => {
  const t = useTestApp({ CORS_ORIGINS: `${PORTAL}, http://localhost:5173` });

  it('answers a preflight from a listed origin without a token', async () => {
    const response = await request(t.app.getHttpServer())
      .options(POOLS)
      .set('origin', PORTAL)
      .set('access-control-request-method', 'POST')
      .set('access-control-request-headers', 'authorization, content-type, client-request-id')
      .expect(204);
    expect(response.headers['access-control-allow-origin']).toBe(PORTAL);
    expect(response.headers['access-control-allow-methods']).toMatch(/PATCH/);
    expect(response.headers['access-control-allow-headers']).toMatch(/authorization/);
    expect(response.headers['access-control-allow-headers']).toMatch(/client-request-id/);
    expect(response.headers['access-control-max-age']).toBe('600');
    expect(response.headers.vary).toMatch(/Origin/i);
  });

  it('lets the portal read Graph headers from an authenticated response', async () => {
    const response = await t.http.get(`${POOLS}?$top=1`).set('origin', PORTAL).expect(200);
    expect(response.headers['access-control-allow-origin']).toBe(PORTAL);
    expect(response.headers['access-control-expose-headers']).toMatch(/request-id.*client-request-id/);
    expect(response.headers['access-control-expose-headers']).toMatch(/retry-after/);
  });

  it('still requires a token for the request that follows a preflight', async () => {
    const response = await request(t.app.getHttpServer()).get(POOLS).set('origin', PORTAL);
    expectGraphError(response, 401, 'unauthenticated');
    expect(response.headers['access-control-allow-origin']).toBe(PORTAL);
  });

  it('gives an origin it does not list no CORS headers', async () => {
    const response = await request(t.app.getHttpServer())
      .options(POOLS)
      .set('origin', 'https://evil.example.com')
      .set('access-control-request-method', 'DELETE');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    const read = await t.http.get(`${POOLS}?$top=1`).set('origin', 'https://evil.example.com').expect(200);
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('CORS off (the default)', () => {
  const t = useTestApp();

  it('answers a preflight with a Graph 405 and no CORS headers', async () => {
    const response = await request(t.app.getHttpServer()).options(POOLS).set('origin', PORTAL).set('access-control-request-method', 'GET');
    expectGraphError(response, 405, 'notSupported');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });
});
