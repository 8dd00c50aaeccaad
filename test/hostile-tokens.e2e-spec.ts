import { createSecretKey, generateKeyPairSync } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import request from 'supertest';
import { DEV_APP_ID, DEV_AUDIENCE, DEV_ISSUER, loadOrCreateDevSigningKey } from '../src/identity/dev-signing-key';
import { PERSONAL_ACCOUNT_TENANT_ID, READ_PERMISSION, WRITE_PERMISSION } from '../src/identity/permissions';
import { poolBody } from './support/fixtures';
import { expectGraphError } from './support/graph-assertions';
import { POOLS, TENANT_A, useTestApp } from './support/test-app';

/** Spec §8: every token below must be refused with the specified status and a Graph error, never a 500. */
describe('hostile and insufficient tokens', () => {
  const t = useTestApp();

  const now = () => Math.floor(Date.now() / 1000);
  const claims = () => ({ tid: TENANT_A, azp: DEV_APP_ID, scp: WRITE_PERMISSION });
  const devKey = () => loadOrCreateDevSigningKey(t.config.dataDir);

  /** A token exactly like a good dev token, with `change` applied before signing. */
  async function devToken(change: (jwt: SignJWT) => SignJWT = (jwt) => jwt, body: Record<string, unknown> = claims()) {
    const key = devKey();
    const jwt = new SignJWT(body)
      .setProtectedHeader({ alg: 'ES256', kid: key.kid })
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('1h');
    return change(jwt).sign(key.privateKey);
  }

  const get = (authorization?: string) => {
    const call = request(t.app.getHttpServer()).get(POOLS);
    return authorization === undefined ? call : call.set('Authorization', authorization);
  };

  it('accepts a good token (the baseline for every case below)', async () => {
    await get(`Bearer ${await devToken()}`).expect(200);
  });

  it.each<[string, () => Promise<string | undefined>, RegExp]>([
    ['no Authorization header', () => Promise.resolve(undefined), /bearer token is required/],
    ['a Basic credential', () => Promise.resolve('Basic dXNlcjpwYXNz'), /not a bearer token/],
    ['a malformed token', () => Promise.resolve('Bearer not.a.jwt'), /malformed/],
    ['an empty bearer', () => Promise.resolve('Bearer '), /not a bearer token/],
    [
      'a token signed by another key',
      async () => {
        const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
        return `Bearer ${await new SignJWT(claims()).setProtectedHeader({ alg: 'ES256', kid: devKey().kid }).setIssuer(DEV_ISSUER).setAudience(DEV_AUDIENCE).setExpirationTime('1h').sign(privateKey)}`;
      },
      /signature is invalid/,
    ],
    [
      'an unsigned token (alg: none)',
      () =>
        Promise.resolve(
          `Bearer ${new UnsecuredJWT(claims()).setIssuer(DEV_ISSUER).setAudience(DEV_AUDIENCE).setExpirationTime('1h').encode()}`,
        ),
      /algorithm|malformed/,
    ],
    [
      'an HS256 token keyed with the public key (algorithm confusion)',
      async () => {
        const publicPem = devKey().publicKey.export({ type: 'spki', format: 'pem' });
        const hmacKey = createSecretKey(Buffer.from(publicPem));
        return `Bearer ${await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', kid: devKey().kid }).setIssuer(DEV_ISSUER).setAudience(DEV_AUDIENCE).setExpirationTime('1h').sign(hmacKey)}`;
      },
      /algorithm/,
    ],
    ...(['RS256', 'PS256', 'EdDSA', 'ES384'] as const).map((alg): [string, () => Promise<string>, RegExp] => [
      `a ${alg} token where the key is ES256 (the algorithm does not fit the key type)`,
      async () => {
        const { privateKey } =
          alg === 'EdDSA'
            ? generateKeyPairSync('ed25519')
            : alg === 'ES384'
              ? generateKeyPairSync('ec', { namedCurve: 'P-384' })
              : generateKeyPairSync('rsa', { modulusLength: 2048 });
        return `Bearer ${await new SignJWT(claims()).setProtectedHeader({ alg, kid: devKey().kid }).setIssuer(DEV_ISSUER).setAudience(DEV_AUDIENCE).setExpirationTime('1h').sign(privateKey)}`;
      },
      /algorithm|key type|signature/,
    ]),
    [
      'an expired token',
      async () => `Bearer ${await devToken((jwt) => jwt.setIssuedAt(now() - 7200).setExpirationTime(now() - 3600))}`,
      /expired/,
    ],
    ['a token not valid yet', async () => `Bearer ${await devToken((jwt) => jwt.setNotBefore(now() + 3600))}`, /not valid yet/],
    [
      'a token for another audience',
      async () => `Bearer ${await devToken((jwt) => jwt.setAudience('api://someone-else'))}`,
      /another audience/,
    ],
    [
      'a token of another issuer',
      async () => `Bearer ${await devToken((jwt) => jwt.setIssuer('https://evil.example.com'))}`,
      /trusted issuer/,
    ],
    [
      'a token without a tenant',
      async () => `Bearer ${await devToken(undefined, { azp: DEV_APP_ID, scp: WRITE_PERMISSION })}`,
      /no tenant id/,
    ],
  ])('refuses %s with 401 and WWW-Authenticate', async (_, authorization, message) => {
    const response = await get(await authorization());
    expectGraphError(response, 401, 'unauthenticated', message);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="graph-esim-service", error="invalid_token"/);
  });

  it('refuses the personal-account tenant with 403', async () => {
    const client = await t.as({ tenantId: PERSONAL_ACCOUNT_TENANT_ID });
    expectGraphError(await client.get(POOLS), 403, 'accessDenied', /Personal Microsoft accounts/);
  });

  it('lets a read-only token read but not write', async () => {
    const reader = await t.as({ tenantId: TENANT_A, permissions: [READ_PERMISSION] });
    await reader.get(POOLS).expect(200);
    expectGraphError(await reader.post(POOLS).send(poolBody('Nope')), 403, 'accessDenied', /DeviceManagementConfiguration\.ReadWrite\.All/);
    expectGraphError(await reader.delete(`${POOLS}/6f1c7a52-8d1e-4c3b-9a6f-2b0d9e4c8a11`), 403, 'accessDenied');
  });

  it('refuses a token without either permission, even for reads', async () => {
    const stranger = await t.as({ tenantId: TENANT_A, permissions: ['User.Read'] });
    expectGraphError(await stranger.get(POOLS), 403, 'accessDenied', /DeviceManagementConfiguration\.Read\.All/);
  });

  it('takes application permissions from roles in an app token', async () => {
    const app = await t.as({ tenantId: TENANT_A, app: true, permissions: [WRITE_PERMISSION] });
    await app.post(POOLS).send(poolBody('Created by a daemon')).expect(201);
    const readOnlyApp = await t.as({ tenantId: TENANT_A, app: true, permissions: [READ_PERMISSION] });
    expectGraphError(await readOnlyApp.post(POOLS).send(poolBody('x')), 403, 'accessDenied');
  });

  it.each(['/beta/', '/v1.0/'])('serves the public service document %s without a token', async (path) => {
    await request(t.app.getHttpServer()).get(path).expect(200);
  });
});
