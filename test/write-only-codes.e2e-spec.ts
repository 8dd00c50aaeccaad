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

  it('no log line contains a matching identifier', () => {
    expect(t.logs.length).toBeGreaterThan(0);
    const logText = t.logs.join('');
    for (const code of codes) expect(logText).not.toContain(code.matchingIdentifier);
  });
});
