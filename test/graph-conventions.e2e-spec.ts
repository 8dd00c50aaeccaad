import { poolBody } from './support/fixtures';
import { expectGraphError, GUID } from './support/graph-assertions';
import { POOLS, useTestApp } from './support/test-app';

describe('Graph wire conventions (spec §1, §6, §7)', () => {
  const t = useTestApp();

  describe('headers', () => {
    it('gives every response a fresh request-id, a client-request-id and a Date', async () => {
      const first = await t.http.get(POOLS).expect(200);
      const second = await t.http.get(POOLS).expect(200);
      expect(first.headers['request-id']).toMatch(GUID);
      expect(second.headers['request-id']).not.toBe(first.headers['request-id']);
      expect(first.headers['client-request-id']).toBe(first.headers['request-id']);
      expect(new Date(first.headers.date).getTime()).not.toBeNaN();
    });

    it("echoes the caller's client-request-id, also on errors", async () => {
      const ok = await t.http.get(POOLS).set('client-request-id', 'postman-run-42').expect(200);
      expect(ok.headers['client-request-id']).toBe('postman-run-42');
      const failed = await t.http.get(`${POOLS}/nope`).set('client-request-id', 'postman-run-43');
      expectGraphError(failed, 400, 'invalidRequest');
      expect(failed.body.error.innerError['client-request-id']).toBe('postman-run-43');
    });

    it('marks JSON with the OData media type and OData-Version 4.0', async () => {
      const response = await t.http.get(POOLS).expect(200);
      expect(response.headers['content-type']).toBe(
        'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8',
      );
      expect(response.headers['odata-version']).toBe('4.0');
    });

    it('sends no body and no content type with a 204', async () => {
      const { body } = await t.http.post(POOLS).send(poolBody('No content')).expect(201);
      const response = await t.http.delete(`${POOLS}/${body.id}`).expect(204);
      expect(response.headers['content-type']).toBeUndefined();
      expect(response.text).toBe('');
    });
  });

  describe('paths and methods', () => {
    it.each([
      ['PUT', POOLS, /GET, HEAD, POST/],
      ['DELETE', POOLS, /GET, HEAD, POST/],
      ['PUT', `${POOLS}/6f1c7a52-8d1e-4c3b-9a6f-2b0d9e4c8a11`, /GET, HEAD, PATCH, DELETE/],
      ['POST', `${POOLS}/6f1c7a52-8d1e-4c3b-9a6f-2b0d9e4c8a11`, /PATCH/],
      ['DELETE', '/beta/deviceManagement', /GET/],
    ])('answers %s %s with 405 and an Allow header', async (method, path, allow) => {
      const response = await t.http[method.toLowerCase() as 'put'](path);
      expectGraphError(response, 405, 'notSupported', new RegExp(`method ${method}`));
      expect(response.headers.allow).toMatch(allow);
    });

    it.each(['/beta/deviceManagement/managedDevices', '/beta/nothing', '/v2/deviceManagement', '/'])(
      'answers the unknown path %s with a Graph 404',
      async (path) => {
        expectGraphError(await t.http.get(path), 404, 'itemNotFound', /No resource exists/);
      },
    );
  });

  it('turns an unexpected failure into a 500 generalException with no detail', async () => {
    await t.dataSource.query('ALTER TABLE activation_code_pools RENAME TO activation_code_pools_moved');
    try {
      const response = await t.http.get(POOLS);
      expectGraphError(response, 500, 'generalException', /request-id/);
      expect(response.text).not.toMatch(/SQLITE|activation_code_pools|no such table/i);
    } finally {
      await t.dataSource.query('ALTER TABLE activation_code_pools_moved RENAME TO activation_code_pools');
    }
    await t.http.get(POOLS).expect(200);
  });
});
