import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { matchingIdentifierBinding } from '../src/esim/pools/preparation/prepared-codes';
import { SecretCipher } from '../src/secrets/secret-cipher';
import { activationCodes, poolBody } from './support/fixtures';
import { storedCodes } from './support/stored-codes';
import { POOLS, startTestApp, TENANT_A, useTestApp } from './support/test-app';

/** Spec §4: matching identifiers are encrypted at rest and appear in no log line; neither do tokens. */
describe('secrets at rest and in logs', () => {
  const t = useTestApp({}, { captureLogs: true });
  const codes = activationCodes(50);
  let token: string;

  beforeAll(async () => {
    token = await t.token({ tenantId: TENANT_A });
    await t.http.post(POOLS).set('Authorization', `Bearer ${token}`).send(poolBody('Secrets', codes)).expect(201);
    await t.http
      .patch(`${POOLS}/6f1c7a52-8d1e-4c3b-9a6f-2b0d9e4c8a11`)
      .send({ activationCodes: activationCodes(2) })
      .expect(404);
  });

  it('stores no matching identifier in clear text (on SQLite in its files, WAL included)', async () => {
    // SQLite's files hold freed pages and the WAL too; PostgreSQL's belong to its server, so there every stored row is read.
    const { database } = t.config;
    const contents =
      database.type === 'sqlite'
        ? readdirSync(dirname(database.path))
            .filter((name) => name.startsWith(basename(database.path)))
            .map((name) => readFileSync(join(dirname(database.path), name)).toString('latin1'))
            .join('')
        : JSON.stringify(await Promise.all(t.dataSource.entityMetadatas.map((entity) => t.dataSource.getRepository(entity.target).find())));
    expect(contents).toContain(codes[0].integratedCircuitCardIdentifier);
    for (const code of codes) expect(contents).not.toContain(code.matchingIdentifier);
  });

  it('stores each matching identifier sealed, bound to its row, and recoverable with the key', async () => {
    const [row] = await storedCodes(t.dataSource, { integratedCircuitCardIdentifier: codes[0].integratedCircuitCardIdentifier });
    const cipher = t.app.get(SecretCipher);
    expect(cipher.open(row, matchingIdentifierBinding(TENANT_A, codes[0].integratedCircuitCardIdentifier))).toBe(
      codes[0].matchingIdentifier,
    );
    expect(() => cipher.open(row, matchingIdentifierBinding(TENANT_A, codes[1].integratedCircuitCardIdentifier))).toThrow();
  });

  it('writes structured logs with the request-id, and no matching identifier, token or Authorization header', () => {
    const lines = t.logs
      .join('')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.some((line) => typeof line.reqId === 'string' && /^[0-9a-f-]{36}$/.test(line.reqId))).toBe(true);
    const text = t.logs.join('');
    for (const code of codes) expect(text).not.toContain(code.matchingIdentifier);
    expect(text).not.toContain(token);
    expect(text).not.toMatch(/authorization/i);
  });

  it('generates the dev code key once under DATA_DIR and reuses it: a restart opens what was sealed before', async () => {
    const keyFile = join(t.config.dataDir, 'secrets', 'code-key');
    const keyBefore = readFileSync(keyFile, 'utf8');
    expect(Buffer.from(keyBefore, 'base64')).toHaveLength(32);
    const restarted = await startTestApp({ DATA_DIR: t.config.dataDir });
    try {
      expect(readFileSync(keyFile, 'utf8')).toBe(keyBefore);
      const [row] = await storedCodes(restarted.dataSource, { integratedCircuitCardIdentifier: codes[1].integratedCircuitCardIdentifier });
      const binding = matchingIdentifierBinding(TENANT_A, codes[1].integratedCircuitCardIdentifier);
      expect(restarted.app.get(SecretCipher).open(row, binding)).toBe(codes[1].matchingIdentifier);
    } finally {
      await restarted.close();
    }
  });
});
