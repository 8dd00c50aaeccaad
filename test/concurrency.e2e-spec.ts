import { Response } from 'supertest';
import { ActivationCodeEntity } from '../src/esim/pools/entities/activation-code.entity';
import { assignmentBody, assignmentsOf, assignmentUrl, createPool, Target, targets } from './support/assignment-fixtures';
import { csvRows, importUrl, operatorCsv } from './support/csv-fixtures';
import { deviceStateBody, deviceStatesUrl, deviceStateUrl } from './support/device-state-fixtures';
import { activationCodes, poolBody } from './support/fixtures';
import { expectGraphError, GUID } from './support/graph-assertions';
import { POOLS, useTestApp } from './support/test-app';

const WEAK_ETAG = /^W\/"\d+"$/;

/** The body of the `assign` action for these targets. */
const assignBody = (list: readonly Target[]) => ({ assignments: list.map(assignmentBody) });

/** Spec §9: weak ETags on single entities, If-Match on writes (412 when stale), If-None-Match on reads (304). */
describe('optimistic concurrency (ETag, If-Match, If-None-Match)', () => {
  const t = useTestApp();
  let serial = 900_000;

  /** The ETag of a response of one entity: the header, which must equal the body's @odata.etag when there is a body. */
  function etagOf(response: Response): string {
    const etag = response.headers.etag;
    expect(etag).toMatch(WEAK_ETAG);
    if (response.status !== 204 && response.status !== 304) expect(response.body['@odata.etag']).toBe(etag);
    return etag;
  }

  async function newPool(codes = 2): Promise<{ id: string; etag: string }> {
    const response = await t.http
      .post(POOLS)
      .send(poolBody(`Concurrency ${serial++}`, activationCodes(codes)))
      .expect(201);
    return { id: response.body.id, etag: etagOf(response) };
  }

  const poolUrl = (id: string) => `${POOLS}/${id}`;
  // Counted through TypeORM, so on SQLite and PostgreSQL alike.
  const storedCodes = (poolId: string): Promise<number> => t.dataSource.getRepository(ActivationCodeEntity).countBy({ poolId });

  /** The three kinds of entity that carry ETags, each created afresh under a new pool, with its URL. */
  const ENTITY_KINDS: readonly [string, () => Promise<{ url: string; etag: string; patch: object }>][] = [
    [
      'a pool',
      async () => {
        const { id, etag } = await newPool();
        return { url: poolUrl(id), etag, patch: { displayName: `Renamed ${serial++}` } };
      },
    ],
    [
      'an assignment',
      async () => {
        const poolId = await createPool(t.http);
        const created = await t.http.post(assignmentsOf(poolId)).send(assignmentBody(targets.group())).expect(201);
        return { url: assignmentUrl(poolId, created.body.id), etag: etagOf(created), patch: { target: targets.exclusionGroup() } };
      },
    ],
    [
      'a device state',
      async () => {
        const poolId = await createPool(t.http);
        const created = await t.http.post(deviceStatesUrl(poolId)).send(deviceStateBody(serial++)).expect(201);
        return { url: deviceStateUrl(poolId, created.body.id), etag: etagOf(created), patch: { state: 'removedByUser' } };
      },
    ],
  ];

  describe.each(ENTITY_KINDS)('%s', (_kind, create) => {
    it('carries the same weak ETag in the header and as @odata.etag on create, get and PATCH with return=representation', async () => {
      const { url, etag, patch } = await create();
      expect(etagOf(await t.http.get(url).expect(200))).toBe(etag);
      const updated = await t.http.patch(url).set('Prefer', 'return=representation').send(patch).expect(200);
      expect(etagOf(updated)).not.toBe(etag);
      expect(etagOf(await t.http.get(url).expect(200))).toBe(etagOf(updated));
    });

    it('keeps its ETag across reads, and changes it with every change, the new one in the 204 of a PATCH', async () => {
      const { url, etag, patch } = await create();
      expect(etagOf(await t.http.get(url).expect(200))).toBe(etag);
      expect(etagOf(await t.http.get(url).expect(200))).toBe(etag);
      const first = etagOf(await t.http.patch(url).send(patch).expect(204));
      const second = etagOf(await t.http.patch(url).send(patch).expect(204));
      expect(new Set([etag, first, second]).size).toBe(3);
      expect(etagOf(await t.http.get(url).expect(200))).toBe(second);
    });

    it('applies a PATCH whose If-Match is current, and answers with the new ETag', async () => {
      const { url, etag, patch } = await create();
      const updated = await t.http.patch(url).set('If-Match', etag).send(patch).expect(204);
      expect(etagOf(updated)).not.toBe(etag);
    });

    it('refuses a PATCH and a DELETE whose If-Match is stale with 412 resourceModified, and changes nothing', async () => {
      const { url, etag, patch } = await create();
      const current = etagOf(await t.http.patch(url).send(patch).expect(204));
      const before = await t.http.get(url).expect(200);
      expectGraphError(await t.http.patch(url).set('If-Match', etag).send(patch), 412, 'resourceModified', /changed/);
      expectGraphError(await t.http.delete(url).set('If-Match', etag), 412, 'resourceModified');
      const after = await t.http.get(url).expect(200);
      // The context URL names the port supertest listened on for each request.
      expect({ ...after.body, '@odata.context': undefined }).toEqual({ ...before.body, '@odata.context': undefined });
      expect(etagOf(after)).toBe(current);
    });

    it('answers If-Match: * on an entity that exists, and 404 on one that does not', async () => {
      const { url, patch } = await create();
      await t.http.patch(url).set('If-Match', '*').send(patch).expect(204);
      await t.http.delete(url).set('If-Match', '*').expect(204);
      expectGraphError(await t.http.patch(url).set('If-Match', '*').send(patch), 404, 'itemNotFound');
      expectGraphError(await t.http.delete(url).set('If-Match', '*'), 404, 'itemNotFound');
    });

    it('deletes with a current If-Match, also when it is one of a list of ETags', async () => {
      const { url, etag } = await create();
      await t.http.delete(url).set('If-Match', `W/"987654", ${etag}`).expect(204);
      expectGraphError(await t.http.get(url), 404, 'itemNotFound');
    });

    it('answers a GET whose If-None-Match names its ETag (or *) with 304, no body and the ETag; after a change with 200', async () => {
      const { url, etag, patch } = await create();
      for (const condition of [etag, '*', `W/"987654", ${etag}`]) {
        const notModified = await t.http.get(url).set('If-None-Match', condition).expect(304);
        expect(notModified.text).toBe('');
        expect(notModified.headers['content-type']).toBeUndefined();
        expect(notModified.headers.etag).toBe(etag);
      }
      await t.http.get(url).set('If-None-Match', 'W/"987654"').expect(200);
      await t.http.patch(url).send(patch).expect(204);
      const changed = await t.http.get(url).set('If-None-Match', etag).expect(200);
      expect(etagOf(changed)).not.toBe(etag);
    });

    // Found by test/fuzz-requests.e2e-spec.ts: a HEAD that would be a 304 was a 500.
    it('answers a HEAD whose If-None-Match names its ETag with 304 and the ETag', async () => {
      const { url, etag } = await create();
      const notModified = await t.http.head(url).set('If-None-Match', etag).expect(304);
      expect(notModified.headers.etag).toBe(etag);
      expect(notModified.headers['request-id']).toMatch(GUID);
      await t.http.head(url).set('If-None-Match', 'W/"987654"').expect(200);
    });

    it('lets exactly one of several PATCHes with the same If-Match through; the others are 412', async () => {
      const { url, etag, patch } = await create();
      const responses = await Promise.all(Array.from({ length: 5 }, () => t.http.patch(url).set('If-Match', etag).send(patch)));
      expect(responses.map(({ status }) => status).sort()).toEqual([204, 412, 412, 412, 412]);
      for (const refused of responses.filter(({ status }) => status === 412)) expectGraphError(refused, 412, 'resourceModified');
    });
  });

  describe('pools', () => {
    it('changes the ETag with a code-replacing PATCH, an import and an empty PATCH, each bumping modifiedDateTime', async () => {
      const { id, etag } = await newPool();
      const seen = [etag];
      seen.push(
        etagOf(
          await t.http
            .patch(poolUrl(id))
            .send({ activationCodes: activationCodes(3) })
            .expect(204),
        ),
      );
      await t.http
        .post(importUrl(id))
        .set('Content-Type', 'text/csv')
        .send(operatorCsv(csvRows(2)))
        .expect(200);
      seen.push(etagOf(await t.http.get(poolUrl(id)).expect(200)));
      seen.push(etagOf(await t.http.patch(poolUrl(id)).send({}).expect(204)));
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('keeps its ETag when what it contains changes: its assignments and device states have ETags of their own', async () => {
      const { id, etag } = await newPool();
      await t.http.post(assignmentsOf(id)).send(assignmentBody(targets.allDevices())).expect(201);
      await t.http
        .post(`${POOLS}/${id}/assign`)
        .send(assignBody([targets.group()]))
        .expect(200);
      await t.http.post(deviceStatesUrl(id)).send(deviceStateBody(serial++)).expect(201);
      expect(etagOf(await t.http.get(poolUrl(id)).expect(200))).toBe(etag);
    });

    it('refuses a stale code-replacing PATCH with 412 and keeps the codes, the count and the name', async () => {
      const { id, etag } = await newPool(4);
      const current = etagOf(await t.http.patch(poolUrl(id)).send({ displayName: 'Kept name' }).expect(204));
      const refused = await t.http
        .patch(poolUrl(id))
        .set('If-Match', etag)
        .send({ displayName: 'Lost name', activationCodes: activationCodes(7) });
      expectGraphError(refused, 412, 'resourceModified');
      const { body } = await t.http.get(poolUrl(id)).expect(200);
      expect(body).toMatchObject({ displayName: 'Kept name', activationCodeCount: 4, '@odata.etag': current });
      expect(await storedCodes(id)).toBe(4);
    });

    it('refuses a stale DELETE of a pool of 100 codes with 412, and keeps the pool and every code', async () => {
      const { id, etag } = await newPool(100);
      await t.http.patch(poolUrl(id)).send({ displayName: 'Changed meanwhile' }).expect(204);
      expectGraphError(await t.http.delete(poolUrl(id)).set('If-Match', etag), 412, 'resourceModified');
      const { body } = await t.http.get(poolUrl(id)).expect(200);
      expect(body).toMatchObject({ displayName: 'Changed meanwhile', activationCodeCount: 100 });
      expect(await storedCodes(id)).toBe(100);
    });

    it('deletes a pool of 100 codes with a current If-Match, codes included', async () => {
      const { id, etag } = await newPool(100);
      await t.http.delete(poolUrl(id)).set('If-Match', etag).expect(204);
      expect(await storedCodes(id)).toBe(0);
    });

    it('imports with a current If-Match; refuses a stale one with 412 and stores nothing', async () => {
      const { id, etag } = await newPool(2);
      await t.http
        .post(importUrl(id))
        .set('Content-Type', 'text/csv')
        .set('If-Match', etag)
        .send(operatorCsv(csvRows(3)))
        .expect(200);
      const refused = await t.http
        .post(importUrl(id))
        .set('Content-Type', 'text/csv')
        .set('If-Match', etag)
        .send(operatorCsv(csvRows(3)));
      expectGraphError(refused, 412, 'resourceModified');
      expect((await t.http.get(poolUrl(id)).expect(200)).body.activationCodeCount).toBe(5);
      expect(await storedCodes(id)).toBe(5);
    });

    it("takes the pool's ETag as the precondition of assign, and leaves the assignments as they were when it is stale", async () => {
      const { id, etag } = await newPool();
      const assigned = await t.http
        .post(`${POOLS}/${id}/assign`)
        .set('If-Match', etag)
        .send(assignBody([targets.group()]))
        .expect(200);
      expect(assigned.body.value[0]['@odata.etag']).toMatch(WEAK_ETAG);
      await t.http.patch(poolUrl(id)).send({ displayName: 'Renamed before assigning' }).expect(204);
      const refused = await t.http
        .post(`${POOLS}/${id}/microsoft.graph.assign`)
        .set('If-Match', etag)
        .send(assignBody([targets.allDevices()]));
      expectGraphError(refused, 412, 'resourceModified');
      const { body } = await t.http.get(assignmentsOf(id)).expect(200);
      expect(body.value.map(({ id: assignmentId }: { id: string }) => assignmentId)).toEqual([assigned.body.value[0].id]);
    });

    it('compares ETags weakly: the strong form of the current tag matches too', async () => {
      const { id, etag } = await newPool();
      await t.http.patch(poolUrl(id)).set('If-Match', etag.replace(/^W\//, '')).send({ displayName: 'Strong form' }).expect(204);
    });

    it('refuses a PATCH with If-None-Match: * (the pool exists) with 412', async () => {
      const { id } = await newPool();
      expectGraphError(await t.http.patch(poolUrl(id)).set('If-None-Match', '*').send({ displayName: 'Never' }), 412, 'resourceModified');
    });

    it('answers a GET whose If-Match is stale with 412', async () => {
      const { id, etag } = await newPool();
      await t.http.patch(poolUrl(id)).send({ displayName: 'Changed' }).expect(204);
      expectGraphError(await t.http.get(poolUrl(id)).set('If-Match', etag), 412, 'resourceModified');
    });

    it('writes as before without If-Match', async () => {
      const { id } = await newPool();
      await t.http.patch(poolUrl(id)).send({ displayName: 'One' }).expect(204);
      await t.http.patch(poolUrl(id)).send({ displayName: 'Two' }).expect(204);
      await t.http.delete(poolUrl(id)).expect(204);
    });

    it.each([
      ['If-Match', 'an unquoted tag', 'abc'],
      ['If-Match', 'an unterminated tag', 'W/"1'],
      ['If-Match', 'a lower-case weak prefix', 'w/"1"'],
      ['If-Match', '* in a list', '*, W/"1"'],
      ['If-Match', 'a list of commas only', ', ,'],
      ['If-None-Match', 'an unquoted tag', 'abc'],
    ])('refuses a malformed %s (%s) with 400, and changes nothing', async (header, _case, value) => {
      const { id, etag } = await newPool();
      expectGraphError(await t.http.patch(poolUrl(id)).set(header, value).send({ displayName: 'Never' }), 400, 'invalidRequest', /header/);
      expectGraphError(await t.http.get(poolUrl(id)).set(header, value), 400, 'invalidRequest');
      expect(etagOf(await t.http.get(poolUrl(id)).expect(200))).toBe(etag);
    });

    it('gives list items their @odata.etag (not with odata.metadata=none), the one a GET of each answers with', async () => {
      const { id, etag } = await newPool();
      const { body } = await t.http.get(`${POOLS}?$filter=id eq '${id}'`).expect(200);
      expect(body.value).toEqual([expect.objectContaining({ id, '@odata.etag': etag })]);
      const bare = await t.http.get(`${POOLS}?$filter=id eq '${id}'`).set('Accept', 'application/json;odata.metadata=none').expect(200);
      expect(bare.body.value[0]).not.toHaveProperty('@odata.etag');
    });

    it('has no ETag header on a pool with $expand: a change of its children would not change it', async () => {
      const { id, etag } = await newPool();
      const expanded = await t.http.get(`${POOLS}/${id}?$expand=assignments`).set('If-None-Match', etag).expect(200);
      expect(expanded.headers.etag).toBeUndefined();
      expect(expanded.body['@odata.etag']).toBe(etag);
    });

    it('honours If-Match and If-None-Match inside $batch', async () => {
      const { id, etag } = await newPool();
      const path = `/deviceManagement/embeddedSIMActivationCodePools/${id}`;
      const patch = (requestId: string, name: string) => ({
        id: requestId,
        method: 'PATCH',
        url: path,
        headers: { 'Content-Type': 'application/json', 'If-Match': etag },
        body: { displayName: name },
      });
      const answersOf = async (requests: object[]) => {
        const { body } = await t.http.post('/beta/$batch').send({ requests }).expect(200);
        return Object.fromEntries(body.responses.map((response: { id: string }) => [response.id, response]));
      };
      const first = await answersOf([patch('1', 'A'), { ...patch('2', 'B'), dependsOn: ['1'] }]);
      expect(first['1'].status).toBe(204);
      const current = first['1'].headers.ETag;
      expect(current).toMatch(WEAK_ETAG);
      expect(current).not.toBe(etag);
      expect(first['2'].status).toBe(412);
      expect(first['2'].body.error.code).toBe('resourceModified');
      const second = await answersOf([{ id: '1', method: 'GET', url: path, headers: { 'If-None-Match': current } }]);
      expect(second['1'].status).toBe(304);
      expect(second['1'].body).toBeUndefined();
      expect((await t.http.get(poolUrl(id)).expect(200)).body.displayName).toBe('A');
    });
  });
});
