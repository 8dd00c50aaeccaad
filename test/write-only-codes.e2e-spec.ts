import type { ActivationCode } from '../src/esim/pools/activation-code';
import { activationCodes, poolBody } from './support/fixtures';
import { POOLS, useTestApp } from './support/test-app';

/**
 * Spec §4: activation codes are accepted on write and echoed only by the create response of the same
 * request. Every read path that exists must leave them out, and so must errors and logs.
 */
describe('activation codes are write-only', () => {
  const t = useTestApp({}, { captureLogs: true });
  let poolId: string;
  let codes: ActivationCode[];

  beforeAll(async () => {
    codes = activationCodes(3);
    const { body } = await t.http.post(POOLS).send(poolBody('Secret pool', codes)).expect(201);
    poolId = body.id;
  });

  function expectNoCodes(text: string, body?: unknown) {
    if (body !== undefined) expect(body).not.toHaveProperty('activationCodes');
    expect(text).not.toContain('activationCodes');
    for (const code of codes) expect(text).not.toContain(code.matchingIdentifier);
  }

  it.each([
    ['GET one', () => `${POOLS}/${poolId}`],
    ['GET one by key syntax', () => `${POOLS}('${poolId}')`],
    ['GET one under /v1.0', () => `/v1.0/deviceManagement/embeddedSIMActivationCodePools/${poolId}`],
    ['GET deviceManagement', () => '/beta/deviceManagement'],
  ])('%s does not contain activationCodes', async (_, url) => {
    const response = await t.http.get(url()).expect(200);
    expectNoCodes(response.text, response.body);
  });

  it.each([['/beta'], ['/v1.0']])('GET list under %s contains no activationCodes on any pool', async (root) => {
    const response = await t.http.get(`${root}/deviceManagement/embeddedSIMActivationCodePools`).expect(200);
    expect(response.body.value.length).toBeGreaterThan(0);
    for (const pool of response.body.value) expect(pool).not.toHaveProperty('activationCodes');
    expectNoCodes(response.text);
  });

  it('PATCH with Prefer: return=representation does not echo codes, even when it replaced them', async () => {
    const replacement = activationCodes(2);
    const response = await t.http
      .patch(`${POOLS}/${poolId}`)
      .set('Prefer', 'return=representation')
      .send({ activationCodes: replacement })
      .expect(200);
    expect(response.body).not.toHaveProperty('activationCodes');
    expect(response.body.activationCodeCount).toBe(2);
    for (const code of replacement) expect(response.text).not.toContain(code.matchingIdentifier);
    expectNoCodes(response.text);
  });

  it('the create response echoes only the codes of its own request', async () => {
    const mine = activationCodes(1);
    const response = await t.http.post(POOLS).send(poolBody('Second', mine)).expect(201);
    expect(response.body.activationCodes).toEqual(mine);
    for (const code of codes) expect(response.text).not.toContain(code.matchingIdentifier);
  });

  describe('on the paths contained in a pool', () => {
    let assignmentId: string;
    let deviceStateId: string;

    beforeAll(async () => {
      const assignment = await t.http
        .post(`${POOLS}/${poolId}/assignments`)
        .send({ target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' } })
        .expect(201);
      expectNoCodes(assignment.text, assignment.body);
      assignmentId = assignment.body.id;
      const deviceState = await t.http
        .post(`${POOLS}/${poolId}/deviceStates`)
        .send({ state: 'installed', deviceName: 'Secret laptop' })
        .expect(201);
      expectNoCodes(deviceState.text, deviceState.body);
      deviceStateId = deviceState.body.id;
    });

    it.each([
      ['the assignments', () => `${POOLS}/${poolId}/assignments`],
      ['one assignment', () => `${POOLS}('${poolId}')/assignments('${assignmentId}')`],
      ['the device states', () => `${POOLS}/${poolId}/deviceStates?$count=true`],
      ['one device state', () => `${POOLS}/${poolId}/deviceStates/${deviceStateId}`],
      ['the pools with both navigations expanded', () => `${POOLS}?$expand=assignments,deviceStates`],
      ['one pool with both navigations expanded', () => `${POOLS}/${poolId}?$expand=assignments($count=true),deviceStates`],
    ])('GET %s, with every metadata level, contains no activationCodes', async (_, url) => {
      for (const metadata of ['none', 'minimal', 'full']) {
        const response = await t.http.get(url()).set('Accept', `application/json;odata.metadata=${metadata}`).expect(200);
        expectNoCodes(response.text, response.body);
      }
    });

    it('the assign action and the CSV import answer without codes', async () => {
      const assigned = await t.http
        .post(`${POOLS}/${poolId}/assign`)
        .send({ assignments: [{ target: { '@odata.type': '#microsoft.graph.allLicensedUsersAssignmentTarget' } }] })
        .expect(200);
      expectNoCodes(assigned.text);
      const imported = activationCodes(2);
      const csv = [
        'rsp.contoso-mobile.com',
        ...imported.map((code) => `${code.integratedCircuitCardIdentifier},${code.matchingIdentifier}`),
      ].join('\n');
      const response = await t.http
        .post(`${POOLS}/${poolId}/activationCodes/$import`)
        .set('Content-Type', 'text/csv')
        .send(csv)
        .expect(200);
      expectNoCodes(response.text, response.body);
      for (const code of imported) expect(response.text).not.toContain(code.matchingIdentifier);
      codes.push(...imported);
    });
  });

  it('no log line contains a matching identifier', () => {
    expect(t.logs.length).toBeGreaterThan(0);
    const logText = t.logs.join('');
    for (const code of codes) expect(logText).not.toContain(code.matchingIdentifier);
  });
});
