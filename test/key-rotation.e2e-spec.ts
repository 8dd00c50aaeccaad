import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodeResealer } from '../src/esim/pools/code-resealer';
import { matchingIdentifierBinding } from '../src/esim/pools/preparation/prepared-codes';
import { SecretCipher } from '../src/secrets/secret-cipher';
import { activationCodes, poolBody } from './support/fixtures';
import { storedCodes } from './support/stored-codes';
import { POOLS, startTestApp, TENANT_A } from './support/test-app';
import { removeTestData, testDatabaseEnv } from './support/test-database';

const REPOSITORY = join(__dirname, '..');

/** Spec §13: ESIM_CODE_KEYS_PREVIOUS opens what older keys sealed; `npm run keys:reseal` moves every row to the current key. */
describe('key rotation', () => {
  jest.setTimeout(60_000);
  const keyA = randomBytes(32);
  const keyB = randomBytes(32);
  const codes = activationCodes(2500);
  let dataDir: string;

  const withKeys = (current: Buffer, previous: Buffer[] = []) => ({
    DATA_DIR: dataDir,
    ESIM_CODE_KEY: current.toString('base64'),
    ...(previous.length === 0 ? {} : { ESIM_CODE_KEYS_PREVIOUS: previous.map((key) => key.toString('base64')).join(',') }),
  });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'esim-rotation-'));
    const underA = await startTestApp(withKeys(keyA));
    try {
      await underA.http.post(POOLS).send(poolBody('Sealed under key A', codes)).expect(201);
    } finally {
      await underA.close();
    }
  });
  afterAll(() => removeTestData(dataDir));

  it('refuses to reseal rows whose key is not configured, and changes nothing', async () => {
    const t = await startTestApp(withKeys(keyB));
    try {
      const before = await storedCodes(t.dataSource);
      await expect(t.app.get(CodeResealer).reseal()).rejects.toThrow(
        /sealed under keys this configuration does not have .* ESIM_CODE_KEYS_PREVIOUS/,
      );
      expect(await storedCodes(t.dataSource)).toEqual(before);
    } finally {
      await t.close();
    }
  });

  it('keeps what an interrupted run committed, and a second run finishes the rest', async () => {
    const t = await startTestApp(withKeys(keyB, [keyA]));
    try {
      const resealer = t.app.get(CodeResealer);
      const interrupted = resealer.reseal({
        batchSize: 1000,
        onProgress: () => {
          throw new Error('interrupted');
        },
      });
      await expect(interrupted).rejects.toThrow('interrupted');
      expect([...(await resealer.pendingByKey()).values()]).toEqual([1500]);

      const progress: number[] = [];
      await expect(resealer.reseal({ batchSize: 1000, onProgress: ({ resealed }) => progress.push(resealed) })).resolves.toEqual({
        resealed: 1500,
        total: 1500,
      });
      expect(progress).toEqual([1000, 1500]);
      expect((await resealer.pendingByKey()).size).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('leaves every row openable with the current key alone, so the previous key can be dropped', async () => {
    const t = await startTestApp(withKeys(keyB));
    try {
      const onlyB = new SecretCipher(keyB);
      const rows = await storedCodes(t.dataSource);
      expect(rows).toHaveLength(codes.length);
      const byIccid = new Map(codes.map((code) => [code.integratedCircuitCardIdentifier, code.matchingIdentifier]));
      for (const row of rows) {
        expect(row.keyId).toBe(onlyB.currentKeyId);
        expect(onlyB.open(row, matchingIdentifierBinding(TENANT_A, row.iccid))).toBe(byIccid.get(row.iccid));
      }
    } finally {
      await t.close();
    }
  });

  it('runs as a command (npm run keys:reseal) that prints its progress and never a matching identifier', () => {
    const result = spawnSync(process.execPath, ['--require', 'ts-node/register', 'src/cli/reseal-codes.ts'], {
      cwd: REPOSITORY,
      env: {
        PATH: process.env.PATH,
        TS_NODE_TRANSPILE_ONLY: 'true',
        LOG_LEVEL: 'silent',
        ...testDatabaseEnv(dataDir),
        ...withKeys(randomBytes(32), [keyB]),
      },
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('Resealed 2,500 of 2,500 activation codes (100%)');
    expect(result.stdout).toMatch(/Done: 2,500 activation codes resealed under the current key/);
    for (const code of codes.slice(0, 50)) expect(result.stdout + result.stderr).not.toContain(code.matchingIdentifier);
  });
});
