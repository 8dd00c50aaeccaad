import { ActivationCodePoolEntity } from '../src/esim/pools/entities/activation-code-pool.entity';
import { activationCodes, poolBody } from './support/fixtures';
import { expectGraphError } from './support/graph-assertions';
import { storedCodeCount } from './support/stored-codes';
import { POOLS, useTestApp } from './support/test-app';

/** Spec §3: every write is one transaction; it happens whole or not at all. */
describe('atomic writes of large pools', () => {
  const t = useTestApp();

  async function storedRows() {
    return { pools: await t.dataSource.getRepository(ActivationCodePoolEntity).count(), codes: await storedCodeCount(t.dataSource) };
  }

  it('creates a pool of 100,000 codes in one request', async () => {
    const { body } = await t.http
      .post(POOLS)
      .send(poolBody('Operator batch 2026-11', activationCodes(100_000)))
      .expect(201);
    expect(body.activationCodeCount).toBe(100_000);
    expect(body.activationCodes).toHaveLength(100_000);
    expect(await storedCodeCount(t.dataSource, { poolId: body.id })).toBe(100_000);
    const { body: read } = await t.http.get(`${POOLS}/${body.id}`).expect(200);
    expect(read.activationCodeCount).toBe(100_000);
  }, 60_000);

  it('leaves nothing behind when the last of 100,000 codes is invalid', async () => {
    const before = await storedRows();
    const codes = activationCodes(100_000);
    codes[99_999] = { ...codes[99_999], smdpPlusServerAddress: 'not a host' };
    const response = await t.http.post(POOLS).send(poolBody('Bad tail', codes));
    expectGraphError(response, 400, 'invalidRequest', /activationCodes\[99999\]\.smdpPlusServerAddress/);
    expect(await storedRows()).toEqual(before);
  }, 60_000);

  it('rolls back every inserted batch when the last of 100,000 codes collides with a stored ICCID', async () => {
    const [stored] = activationCodes(1);
    await t.http
      .post(POOLS)
      .send(poolBody('Holds one ICCID', [stored]))
      .expect(201);
    const before = await storedRows();
    const codes = [...activationCodes(99_999), { ...stored, matchingIdentifier: 'DIFFERENT-1' }];
    const response = await t.http.post(POOLS).send(poolBody('Collides at the end', codes));
    expectGraphError(response, 409, 'conflict', new RegExp(`${stored.integratedCircuitCardIdentifier}.*activationCodes\\[99999\\]`));
    expect(await storedRows()).toEqual(before);
    const { body: list } = await t.http.get(POOLS).expect(200);
    expect(list.value.map((pool: { displayName: string }) => pool.displayName)).not.toContain('Collides at the end');
  }, 60_000);

  it('keeps the old codes when a replacing PATCH fails half-way', async () => {
    const [stored] = activationCodes(1);
    await t.http
      .post(POOLS)
      .send(poolBody('Other owner', [stored]))
      .expect(201);
    const { body: pool } = await t.http
      .post(POOLS)
      .send(poolBody('Keeps its codes', activationCodes(10)))
      .expect(201);
    const response = await t.http.patch(`${POOLS}/${pool.id}`).send({ activationCodes: [...activationCodes(5_000), stored] });
    expectGraphError(response, 409, 'conflict');
    expect(await storedCodeCount(t.dataSource, { poolId: pool.id })).toBe(10);
  }, 60_000);
});
