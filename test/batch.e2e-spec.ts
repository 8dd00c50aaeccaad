import request from 'supertest';
import { READ_PERMISSION } from '../src/identity/permissions';
import { activationCodes, poolBody } from './support/fixtures';
import { expectGraphError, GUID } from './support/graph-assertions';
import { POOLS, TENANT_B, useTestApp } from './support/test-app';

const BATCH = '/beta/$batch';
const POOLS_PATH = '/deviceManagement/embeddedSIMActivationCodePools';

interface BatchResponseItem {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: any;
}

function byId(responses: BatchResponseItem[]): Record<string, BatchResponseItem> {
  return Object.fromEntries(responses.map((response) => [response.id, response]));
}

/** Spec §12: JSON `$batch`, each request through the pipeline a direct request takes. */
describe('JSON $batch', () => {
  const t = useTestApp();

  function batch(requests: unknown[], agent = t.http) {
    return agent.post(BATCH).send({ requests });
  }

  it('answers a batch of 20 mixed requests with the statuses each would get alone, never an activation code', async () => {
    const existing = (await t.http.post(POOLS).send(poolBody('Existing'))).body;
    const secretCodes = activationCodes(2);
    const requests = [
      {
        id: '1',
        method: 'POST',
        url: POOLS_PATH,
        headers: { 'content-type': 'application/json' },
        body: poolBody('Batch created', secretCodes),
      },
      { id: '2', method: 'GET', url: '$1', dependsOn: ['1'] },
      { id: '3', method: 'GET', url: `${POOLS_PATH}/00000000-0000-4000-8000-000000000000` },
      { id: '4', method: 'GET', url: `${POOLS_PATH}/00000000-0000-4000-8000-000000000000/assignments`, dependsOn: ['3'] },
      { id: '5', method: 'GET', url: `${POOLS_PATH}/$count` },
      { id: '6', method: 'GET', url: `${POOLS_PATH}/${existing.id}` },
      { id: '7', method: 'PATCH', url: `${POOLS_PATH}/${existing.id}`, body: { displayName: 'Renamed in a batch' } },
      { id: '8', method: 'GET', url: `${POOLS_PATH}/${existing.id}?$select=displayName`, dependsOn: ['7'] },
      { id: '9', method: 'POST', url: POOLS_PATH, body: { displayName: '' } },
      { id: '10', method: 'GET', url: `${POOLS_PATH}?$filter=displayName eq 'Existing'&$count=true` },
      {
        id: '11',
        method: 'POST',
        url: `$1/assignments`,
        dependsOn: ['1'],
        body: { target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' } },
      },
      { id: '12', method: 'GET', url: '$1/assignments', dependsOn: ['11', '1'] },
      { id: '13', method: 'POST', url: POOLS_PATH, body: poolBody('Second batch pool', []) },
      { id: '14', method: 'DELETE', url: '$13', dependsOn: ['13'] },
      { id: '15', method: 'GET', url: '$13', dependsOn: ['14'] },
      { id: '16', method: 'GET', url: `${POOLS_PATH}?$orderby=activationCodes` },
      { id: '17', method: 'GET', url: `${POOLS_PATH}/${existing.id}?$expand=assignments,deviceStates` },
      { id: '18', method: 'GET', url: '/beta/deviceManagement' },
      { id: '19', method: 'GET', url: `/v1.0${POOLS_PATH}?$top=1` },
      { id: '20', method: 'GET', url: `${POOLS_PATH}/not-a-guid` },
    ];
    const response = await batch(requests).expect(200);
    expect(response.body.responses.map(({ id }: BatchResponseItem) => id)).toEqual(requests.map(({ id }) => id));
    const answers = byId(response.body.responses);
    const statuses = Object.fromEntries(Object.entries(answers).map(([id, answer]) => [id, answer.status]));
    expect(statuses).toEqual({
      '1': 201,
      '2': 200,
      '3': 404,
      '4': 424,
      '5': 200,
      '6': 200,
      '7': 204,
      '8': 200,
      '9': 400,
      '10': 200,
      '11': 201,
      '12': 200,
      '13': 201,
      '14': 204,
      '15': 404,
      '16': 400,
      '17': 200,
      '18': 200,
      '19': 200,
      '20': 400,
    });
    const created = answers['1'].body;
    expect(created.id).toMatch(GUID);
    expect(answers['1'].headers.Location).toMatch(new RegExp(`/beta${POOLS_PATH.replace('$', '\\$')}\\('${created.id}'\\)$`));
    expect(answers['2'].body).toMatchObject({ id: created.id, displayName: 'Batch created', activationCodeCount: 2 });
    expect(answers['2'].headers['Content-Type']).toMatch(/^application\/json;odata\.metadata=minimal/);
    expect(answers['3'].body.error.code).toBe('itemNotFound');
    expect(answers['4'].body.error).toMatchObject({ code: 'failedDependency', message: expect.stringMatching(/request '3'.*404/) });
    expect(answers['5']).toMatchObject({
      body: expect.stringMatching(/^\d+$/),
      headers: { 'Content-Type': expect.stringMatching(/^text\/plain/) },
    });
    expect(answers['8'].body.displayName).toBe('Renamed in a batch');
    expect(answers['9'].body.error.code).toBe('invalidRequest');
    expect(answers['10'].body['@odata.count']).toBe(1);
    expect(answers['12'].body.value).toHaveLength(1);
    expect(answers['17'].body).toMatchObject({ assignments: [], deviceStates: [] });
    for (const answer of Object.values(answers)) {
      expect(answer.headers['request-id']).toMatch(GUID);
      expect(answer.headers['OData-Version']).toBe('4.0');
      expect(Object.keys(answer.headers).map((name) => name.toLowerCase())).not.toEqual(expect.arrayContaining(['connection']));
      expect(Object.keys(answer.headers).map((name) => name.toLowerCase())).not.toEqual(expect.arrayContaining(['content-length']));
    }
    // Reads never carry the codes (only the create's own echo does, as a direct create's would).
    const reads = JSON.stringify(requests.filter(({ method }) => method === 'GET').map(({ id }) => answers[id]));
    expect(reads).not.toMatch(/activationCodes"\s*:/);
    for (const code of secretCodes) expect(reads).not.toContain(code.matchingIdentifier);
    // The writes happened, as if sent alone.
    expect((await t.http.get(`${POOLS}/${existing.id}`).expect(200)).body.displayName).toBe('Renamed in a batch');
    await t.http.get(`${POOLS}/${answers['13'].body.id}`).expect(404);
  });

  it('refuses a batch of 21 requests, and changes nothing', async () => {
    const before = (await t.http.get(`${POOLS}/$count`)).text;
    const requests = Array.from({ length: 21 }, (_, index) => ({
      id: String(index),
      method: 'POST',
      url: POOLS_PATH,
      body: poolBody(`Too many ${index}`, []),
    }));
    expectGraphError(await batch(requests), 400, 'invalidRequest', /at most 20 requests/);
    expect((await t.http.get(`${POOLS}/$count`)).text).toBe(before);
  });

  it.each([
    ['no requests member', {}, /requests/],
    ['requests not an array', { requests: {} }, /requests.*array/],
    ['an empty batch', { requests: [] }, /at least one request/],
    ['a request without an id', { requests: [{ method: 'GET', url: '/deviceManagement' }] }, /requests\[0\].*'id'/],
    ['an unknown method', { requests: [{ id: '1', method: 'TRACE', url: '/deviceManagement' }] }, /requests\[0\].*method/],
    ['an unknown member', { requests: [{ id: '1', method: 'GET', url: '/deviceManagement', atomicityGroup: 'g' }] }, /atomicityGroup/],
    [
      'headers that are not strings',
      { requests: [{ id: '1', method: 'GET', url: '/deviceManagement', headers: { accept: 1 } }] },
      /headers/,
    ],
    [
      'duplicate ids',
      {
        requests: [
          { id: 'a', method: 'GET', url: '/deviceManagement' },
          { id: 'a', method: 'GET', url: '/deviceManagement' },
        ],
      },
      /unique/,
    ],
    [
      'a dependency on a later request',
      {
        requests: [
          { id: '1', method: 'GET', url: '/deviceManagement', dependsOn: ['2'] },
          { id: '2', method: 'GET', url: '/deviceManagement' },
        ],
      },
      /not the id of an earlier request/,
    ],
    ['a dependency on itself', { requests: [{ id: '1', method: 'GET', url: '/deviceManagement', dependsOn: ['1'] }] }, /earlier request/],
    ['a nested $batch', { requests: [{ id: '1', method: 'POST', url: '/$batch', body: { requests: [] } }] }, /another \$batch/],
    [
      'a nested $batch, percent-encoded',
      { requests: [{ id: '1', method: 'POST', url: '/v1.0/%24batch', body: { requests: [] } }] },
      /another \$batch/,
    ],
    [
      'an absolute URL on another host',
      { requests: [{ id: '1', method: 'GET', url: 'https://graph.example.org/beta/deviceManagement' }] },
      /another host/,
    ],
    [
      'a path outside the service roots',
      { requests: [{ id: '1', method: 'GET', url: 'http://127.0.0.1/health/ready' }] },
      /another host|outside the service roots/,
    ],
    [
      'its own Authorization header',
      { requests: [{ id: '1', method: 'GET', url: '/deviceManagement', headers: { Authorization: 'Bearer x' } }] },
      /Authorization/,
    ],
    ['a string body without a content type', { requests: [{ id: '1', method: 'POST', url: POOLS_PATH, body: 'x' }] }, /Content-Type/],
    ['a JSON array instead of an object', [], /JSON object/],
  ])('refuses the whole batch for %s', async (_case, body, message) => {
    expectGraphError(await t.http.post(BATCH).send(body), 400, 'invalidRequest', message);
  });

  it('resolves an absolute URL on its own host, and relative URLs with or without the root segment', async () => {
    const port = '80';
    const requests = [
      { id: 'absolute', method: 'GET', url: `http://batch.example.test:${port}/beta${POOLS_PATH}?$top=1` },
      { id: 'rooted', method: 'GET', url: `/beta${POOLS_PATH}?$top=1` },
      { id: 'bare', method: 'GET', url: `deviceManagement/embeddedSIMActivationCodePools?$top=1` },
    ];
    const response = await t.http.post(BATCH).set('host', `batch.example.test:${port}`).send({ requests }).expect(200);
    const answers = byId(response.body.responses);
    for (const id of ['absolute', 'rooted', 'bare']) expect(answers[id].status).toBe(200);
    // Links are built from the batch request's host, as for a direct request.
    expect(answers.bare.body['@odata.context']).toMatch(/^http:\/\/batch\.example\.test(:80)?\/beta\/\$metadata#/);
  });

  it('runs each request with the permissions of the batch token: a read-only token can batch reads, not writes', async () => {
    const reader = await t.as({ tenantId: 'c2f5b3a1-1111-4222-8333-944455566677', permissions: [READ_PERMISSION] });
    const response = await batch(
      [
        { id: 'read', method: 'GET', url: POOLS_PATH },
        { id: 'write', method: 'POST', url: POOLS_PATH, body: poolBody('Not allowed', []) },
      ],
      reader,
    ).expect(200);
    const answers = byId(response.body.responses);
    expect(answers.read.status).toBe(200);
    expect(answers.write).toMatchObject({ status: 403, body: { error: { code: 'accessDenied' } } });
  });

  it('keeps each request inside the tenant of the token', async () => {
    const other = await t.as({ tenantId: TENANT_B });
    const foreign = (await other.post(POOLS).send(poolBody('Tenant B pool'))).body;
    const response = await batch([
      { id: 'get', method: 'GET', url: `${POOLS_PATH}/${foreign.id}` },
      { id: 'delete', method: 'DELETE', url: `${POOLS_PATH}/${foreign.id}` },
    ]).expect(200);
    expect(response.body.responses.map(({ status }: BatchResponseItem) => status)).toEqual([404, 404]);
    await other.get(`${POOLS}/${foreign.id}`).expect(200);
  });

  it('needs a token for the batch itself', async () => {
    const response = await request(t.app.getHttpServer())
      .post(BATCH)
      .send({ requests: [{ id: '1', method: 'GET', url: '/deviceManagement' }] });
    expectGraphError(response, 401, 'unauthenticated');
  });

  it('passes a sub-request its own headers: client-request-id, Prefer, and a text/csv body', async () => {
    const pool = (await t.http.post(POOLS).send(poolBody('For a CSV import', []))).body;
    const csv = `${'rsp.contoso-mobile.com'}\n${activationCodes(2)
      .map((code) => `${code.integratedCircuitCardIdentifier},${code.matchingIdentifier}`)
      .join('\n')}\n`;
    const response = await batch([
      {
        id: 'import',
        method: 'POST',
        url: `${POOLS_PATH}/${pool.id}/activationCodes/$import`,
        headers: { 'content-type': 'text/csv' },
        body: csv,
      },
      {
        id: 'patch',
        method: 'PATCH',
        url: `${POOLS_PATH}/${pool.id}`,
        headers: { prefer: 'return=representation', 'client-request-id': 'batch-client-id-1' },
        body: { displayName: 'Imported' },
        dependsOn: ['import'],
      },
    ]).expect(200);
    const answers = byId(response.body.responses);
    expect(answers.import).toMatchObject({ status: 200, body: { imported: 2, activationCodeCount: 2 } });
    expect(answers.patch).toMatchObject({ status: 200, body: { displayName: 'Imported', activationCodeCount: 2 } });
    expect(answers.patch.headers['client-request-id']).toBe('batch-client-id-1');
    expect(answers.patch.body).not.toHaveProperty('activationCodes');
  });

  // Found by test/fuzz-write-bodies.e2e-spec.ts: "headers": null passed the envelope's checks and failed the batch with a 500.
  it('takes "headers": null as no headers, as it takes "dependsOn": null', async () => {
    const response = await batch([{ id: '1', method: 'GET', url: `${POOLS_PATH}/$count`, headers: null, dependsOn: null }]).expect(200);
    expect(response.body.responses[0]).toMatchObject({ id: '1', status: 200 });
  });

  it('answers a $<id> reference to a request without a Location with a 400 for that request only', async () => {
    const response = await batch([
      { id: 'count', method: 'GET', url: `${POOLS_PATH}/$count` },
      { id: 'follow', method: 'GET', url: '$count/assignments', dependsOn: ['count'] },
    ]).expect(200);
    const answers = byId(response.body.responses);
    expect(answers.count.status).toBe(200);
    expect(answers.follow).toMatchObject({
      status: 400,
      body: { error: { code: 'invalidRequest', message: expect.stringMatching(/no Location/) } },
    });
  });

  it('is served under both roots and refuses other methods with a 405', async () => {
    const response = await t.http
      .post('/v1.0/$batch')
      .send({ requests: [{ id: '1', method: 'GET', url: '/deviceManagement' }] })
      .expect(200);
    expect(response.body.responses[0].body['@odata.context']).toMatch(/\/v1\.0\/\$metadata#deviceManagement/);
    expectGraphError(await t.http.get(BATCH), 405, 'notSupported');
  });
});

/** Spec §11 with §12: every request of a batch counts against the limits; the envelope does not. */
describe('$batch and throttling', () => {
  const t = useTestApp({ THROTTLE: 'on', THROTTLE_WRITES_PER_APP: '5' });

  it('counts each write of a batch: with 5 writes allowed, the sixth of a batch is a 429', async () => {
    const requests = Array.from({ length: 7 }, (_, index) => ({
      id: String(index),
      method: 'POST',
      url: POOLS_PATH,
      body: poolBody(`Counted ${index}`, []),
    }));
    const response = await t.http.post(BATCH).send({ requests }).expect(200);
    const statuses = response.body.responses.map(({ status }: BatchResponseItem) => status).sort();
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429]);
    const refused = response.body.responses.find(({ status }: BatchResponseItem) => status === 429);
    expect(refused.headers['Retry-After']).toMatch(/^\d+$/);
    expect(refused.body.error.code).toBe('activityLimitReached');
    // The envelope was not counted as a write: reads still pass, writes are refused alone too.
    expectGraphError(await t.http.post(POOLS).send(poolBody('Alone', [])), 429, 'activityLimitReached');
    await t.http.get(`${POOLS}?$top=1`).expect(200);
  });
});
