import { activationCodes, poolBody } from './support/fixtures';
import { expectGraphError, GUID } from './support/graph-assertions';
import { storedCodeCount } from './support/stored-codes';
import { POOLS, useTestApp } from './support/test-app';

describe('embeddedSIMActivationCodePools over HTTP', () => {
  const t = useTestApp();

  async function createPool(displayName: string, codes = activationCodes(2)) {
    const response = await t.http.post(POOLS).send(poolBody(displayName, codes)).expect(201);
    return response.body as { id: string; createdDateTime: string; modifiedDateTime: string; '@odata.etag': string };
  }

  describe('create', () => {
    it('returns 201 with the entity, its context, and a Location header', async () => {
      const codes = activationCodes(5);
      const response = await t.http
        .post(POOLS)
        .send({ ...poolBody('Contoso Mobile Q4 batch', codes), activationCodeCount: 999 })
        .expect(201);
      const pool = response.body;
      expect(pool['@odata.context']).toMatch(
        /^http:\/\/127\.0\.0\.1:\d+\/beta\/\$metadata#deviceManagement\/embeddedSIMActivationCodePools\/\$entity$/,
      );
      expect(pool['@odata.type']).toBe('#microsoft.graph.embeddedSIMActivationCodePool');
      expect(pool.id).toMatch(GUID);
      expect(pool.displayName).toBe('Contoso Mobile Q4 batch');
      expect(pool.activationCodeCount).toBe(5);
      expect(pool.createdDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(pool.modifiedDateTime).toBe(pool.createdDateTime);
      expect(response.headers.location).toBe(pool['@odata.context'].replace(/\$metadata#(.*)\/\$entity$/, `$1('${pool.id}')`));
    });

    it('echoes the codes of its own request, and only those', async () => {
      const codes = activationCodes(2);
      const { body } = await t.http.post(POOLS).send(poolBody('Echo', codes)).expect(201);
      expect(body.activationCodes).toEqual(codes);
    });

    it('accepts a pool without codes', async () => {
      const { body } = await t.http.post(POOLS).send({ displayName: 'Empty for now' }).expect(201);
      expect(body.activationCodeCount).toBe(0);
      expect(body.activationCodes).toEqual([]);
    });

    it('accepts POST to /$ref as a create, as the published Add page names it', async () => {
      const { body } = await t.http.post(`${POOLS}/$ref`).send(poolBody('Via $ref')).expect(201);
      await t.http.get(`${POOLS}/${body.id}`).expect(200);
    });

    it('ignores read-only properties a client echoes back', async () => {
      const { body } = await t.http
        .post(POOLS)
        .send({ ...poolBody('Echoed read-only'), id: 'client-id', createdDateTime: '2001-01-01T00:00:00Z', modifiedDateTime: 'x' })
        .expect(201);
      expect(body.id).not.toBe('client-id');
      expect(body.createdDateTime.startsWith('2001')).toBe(false);
    });
  });

  describe('get', () => {
    it('returns the pool at the top level with its $entity context', async () => {
      const created = await createPool('Get me');
      const { body } = await t.http.get(`${POOLS}/${created.id}`).expect(200);
      expect(body).toEqual({
        '@odata.context': expect.stringMatching(/\/beta\/\$metadata#deviceManagement\/embeddedSIMActivationCodePools\/\$entity$/),
        '@odata.type': '#microsoft.graph.embeddedSIMActivationCodePool',
        '@odata.etag': created['@odata.etag'],
        id: created.id,
        displayName: 'Get me',
        activationCodeCount: 2,
        createdDateTime: created.createdDateTime,
        modifiedDateTime: created.modifiedDateTime,
      });
    });

    it.each([
      ["('{id}')", (id: string) => `${POOLS}('${id}')`],
      ['({id})', (id: string) => `${POOLS}(${id})`],
      ["(id='{id}')", (id: string) => `${POOLS}(id='${id}')`],
      ['upper-case id', (id: string) => `${POOLS}/${id.toUpperCase()}`],
    ])('addresses the same pool with the key syntax %s', async (_, url) => {
      const created = await createPool('Key syntax');
      const { body } = await t.http.get(url(created.id)).expect(200);
      expect(body.id).toBe(created.id);
    });

    it('serves the same pool under /v1.0 with a /v1.0 context', async () => {
      const created = await createPool('Alias root');
      const { body } = await t.http.get(`/v1.0/deviceManagement/embeddedSIMActivationCodePools/${created.id}`).expect(200);
      expect(body.id).toBe(created.id);
      expect(body['@odata.context']).toMatch(/\/v1\.0\/\$metadata#/);
    });

    it('answers 404 itemNotFound for an unknown id', async () => {
      const response = await t.http.get(`${POOLS}/6f1c7a52-8d1e-4c3b-9a6f-2b0d9e4c8a11`);
      expectGraphError(response, 404, 'itemNotFound', /6f1c7a52-8d1e-4c3b-9a6f-2b0d9e4c8a11/);
    });

    it('answers 400 for a malformed id', async () => {
      expectGraphError(await t.http.get(`${POOLS}/not-a-guid`), 400, 'invalidRequest', /not a valid id/);
    });
  });

  describe('list', () => {
    it('returns every pool of the tenant in a value array with the collection context', async () => {
      const a = await createPool('List A');
      const b = await createPool('List B');
      const { body } = await t.http.get(POOLS).expect(200);
      expect(body['@odata.context']).toMatch(/\/beta\/\$metadata#deviceManagement\/embeddedSIMActivationCodePools$/);
      const ids = body.value.map((pool: { id: string }) => pool.id);
      expect(ids).toEqual(expect.arrayContaining([a.id, b.id]));
      expect(
        body.value.every((pool: Record<string, unknown>) => pool['@odata.type'] === '#microsoft.graph.embeddedSIMActivationCodePool'),
      ).toBe(true);
    });

    it.each(['$apply=groupby((displayName))', '$compute=length(displayName) as n', '$nonsense=1'])(
      'refuses the query option %s, which it does not implement, with 501 rather than ignoring it',
      async (query) => {
        expectGraphError(await t.http.get(`${POOLS}?${query}`), 501, 'notSupported', /query option/);
      },
    );

    it('ignores custom query options, which OData allows', async () => {
      await t.http.get(`${POOLS}?tracking=abc`).expect(200);
    });
  });

  describe('update', () => {
    it('answers 204 with no body and applies the change', async () => {
      const created = await createPool('Before');
      const response = await t.http.patch(`${POOLS}/${created.id}`).send({ displayName: 'After' }).expect(204);
      expect(response.text).toBe('');
      const { body } = await t.http.get(`${POOLS}/${created.id}`).expect(200);
      expect(body.displayName).toBe('After');
      expect(body.modifiedDateTime >= created.modifiedDateTime).toBe(true);
      expect(body.createdDateTime).toBe(created.createdDateTime);
    });

    it('returns 200 with the entity and Preference-Applied on Prefer: return=representation', async () => {
      const created = await createPool('Prefer');
      const response = await t.http
        .patch(`${POOLS}('${created.id}')`)
        .set('Prefer', 'odata.maxpagesize=5, return=representation')
        .send({ displayName: 'Preferred' })
        .expect(200);
      expect(response.headers['preference-applied']).toBe('return=representation');
      expect(response.body).toMatchObject({ id: created.id, displayName: 'Preferred', activationCodeCount: 2 });
      expect(response.body['@odata.context']).toMatch(/\/\$entity$/);
    });

    it('replaces the whole code set when activationCodes is sent, and recounts', async () => {
      const original = activationCodes(3);
      const created = await createPool('Replace', original);
      const replacement = [original[0], ...activationCodes(4)];
      await t.http.patch(`${POOLS}/${created.id}`).send({ activationCodes: replacement }).expect(204);
      const { body } = await t.http.get(`${POOLS}/${created.id}`).expect(200);
      expect(body.activationCodeCount).toBe(5);
      expect(body.displayName).toBe('Replace');
      // The two dropped ICCIDs are free again for another pool.
      await t.http
        .post(POOLS)
        .send(poolBody('Reuses dropped', original.slice(1)))
        .expect(201);
    });

    it('answers 404 for an unknown pool', async () => {
      const response = await t.http.patch(`${POOLS}/6f1c7a52-8d1e-4c3b-9a6f-2b0d9e4c8a12`).send({ displayName: 'x' });
      expectGraphError(response, 404, 'itemNotFound');
    });
  });

  describe('delete', () => {
    it('answers 204, after which the pool is gone and its ICCIDs are free', async () => {
      const codes = activationCodes(2);
      const created = await createPool('Doomed', codes);
      await t.http.delete(`${POOLS}/${created.id}`).expect(204);
      expectGraphError(await t.http.get(`${POOLS}/${created.id}`), 404, 'itemNotFound');
      expectGraphError(await t.http.delete(`${POOLS}/${created.id}`), 404, 'itemNotFound');
      expect(await storedCodeCount(t.dataSource, { poolId: created.id })).toBe(0);
      await t.http.post(POOLS).send(poolBody('Takes the freed ICCIDs', codes)).expect(201);
    });
  });

  describe('the deviceManagement singleton and the service document', () => {
    it('returns deviceManagement with its singleton context', async () => {
      const { body } = await t.http.get('/beta/deviceManagement').expect(200);
      expect(body['@odata.context']).toMatch(/\/beta\/\$metadata#deviceManagement$/);
      expect(body['@odata.type']).toBe('#microsoft.graph.deviceManagement');
      expect(body.id).toMatch(GUID);
    });

    it.each(['/beta/', '/beta', '/v1.0/'])('serves the service document at %s', async (path) => {
      const { body } = await t.http.get(path).expect(200);
      expect(body['@odata.context']).toMatch(/\/\$metadata$/);
      expect(body.value).toEqual([{ name: 'deviceManagement', kind: 'Singleton', url: 'deviceManagement' }]);
    });
  });
});
