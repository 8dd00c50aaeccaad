import { generateKeyPairSync, KeyObject, randomBytes, randomUUID } from 'node:crypto';
import { createServer, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, SignJWT } from 'jose';
import request from 'supertest';
import { WRITE_PERMISSION } from '../src/identity/permissions';
import { expectGraphError } from './support/graph-assertions';
import { POOLS, startTestApp, TENANT_A, TestApp, useTestApp } from './support/test-app';

const ISSUER_PATTERN = 'https://login.microsoftonline.com/{tenantid}/v2.0';
const AUDIENCE = 'https://graph.microsoft.com';

interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

function newSigningKey(kid: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicKey };
}

/** Production mode against a JWKS served on loopback by the test, as Entra ID would serve it. */
describe('AUTH_MODE=jwks', () => {
  let jwksServer: Server;
  let published: SigningKey[] = [];
  let jwksUri: string;
  const first = newSigningKey('key-2026-10');
  const second = newSigningKey('key-2026-11');

  beforeAll(async () => {
    const serveKeys = async (res: ServerResponse) => {
      const keys = await Promise.all(
        published.map(async (key) => ({ ...(await exportJWK(key.publicKey)), kid: key.kid, use: 'sig', alg: 'RS256' })),
      );
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
    };
    jwksServer = createServer((_req, res) => void serveKeys(res));
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const { port } = jwksServer.address() as AddressInfo;
    published = [first];
    jwksUri = `http://127.0.0.1:${port}/discovery/v2.0/keys`;
  });
  const t = useTestApp(() => ({
    AUTH_MODE: 'jwks',
    AUTH_JWKS_URI: jwksUri,
    AUTH_ISSUER: ISSUER_PATTERN,
    AUTH_AUDIENCE: AUDIENCE,
    AUTH_JWKS_COOLDOWN_SECONDS: '0',
    ESIM_CODE_KEY: randomBytes(32).toString('base64'),
  }));
  afterAll(async () => {
    await new Promise((resolve) => jwksServer.close(resolve));
  });

  function entraToken(key: SigningKey, tenantId = TENANT_A, issuerTenant = tenantId) {
    return new SignJWT({ tid: tenantId, azp: 'c0ffee00-1111-4222-8333-444455556666', scp: WRITE_PERMISSION, ver: '2.0' })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid })
      .setIssuer(ISSUER_PATTERN.replace('{tenantid}', issuerTenant))
      .setAudience(AUDIENCE)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(key.privateKey);
  }

  const get = (token: string) => request(t.app.getHttpServer()).get(POOLS).set('Authorization', `Bearer ${token}`);

  it('accepts a token signed by a published key, with the issuer of its own tenant', async () => {
    await get(await entraToken(first)).expect(200);
  });

  it('refuses a token whose issuer names another tenant than its tid', async () => {
    const response = await get(await entraToken(first, TENANT_A, 'a0a0a0a0-0000-4000-8000-000000000000'));
    expectGraphError(response, 401, 'unauthenticated', /trusted issuer/);
  });

  it('accepts a token of a new key once the key set rotates, and refuses keys no longer published', async () => {
    const oldToken = await entraToken(first);
    await get(oldToken).expect(200);
    expectGraphError(await get(await entraToken(second)), 401, 'unauthenticated', /No trusted signing key/);
    published = [second];
    await get(await entraToken(second)).expect(200);
    expectGraphError(await get(await entraToken(first)), 401, 'unauthenticated', /No trusted signing key/);
    // A token verified before the rotation stays accepted until it expires (cached per token).
    await get(oldToken).expect(200);
  });

  it('refuses dev tokens in jwks mode', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const devLike = await new SignJWT({ tid: TENANT_A, scp: WRITE_PERMISSION })
      .setProtectedHeader({ alg: 'ES256', kid: 'dev-1' })
      .setIssuer('https://graph-esim-service.dev/issuer')
      .setAudience(AUDIENCE)
      .setExpirationTime('1h')
      .sign(privateKey);
    expectGraphError(await get(devLike), 401, 'unauthenticated');
  });

  async function withKeySetAt(jwksUri: string, check: (app: TestApp) => Promise<void>) {
    const stranded = await startTestApp({
      AUTH_MODE: 'jwks',
      AUTH_JWKS_URI: jwksUri,
      AUTH_ISSUER: ISSUER_PATTERN,
      AUTH_AUDIENCE: AUDIENCE,
      ESIM_CODE_KEY: randomBytes(32).toString('base64'),
    });
    try {
      await check(stranded);
    } finally {
      await stranded.close();
    }
  }

  it('answers 503 with Retry-After when the key set cannot be fetched', async () => {
    await withKeySetAt('http://127.0.0.1:9/keys', async (stranded) => {
      const response = await request(stranded.app.getHttpServer())
        .get(POOLS)
        .set('Authorization', `Bearer ${await entraToken(first)}`);
      expectGraphError(response, 503, 'serviceNotAvailable');
      expect(response.headers['retry-after']).toBe('5');
    });
  });

  it.each([
    ['answers 500', (res: ServerResponse) => res.writeHead(500).end('oops')],
    [
      'answers something that is not a key set',
      (res: ServerResponse) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"keys": 3}'),
    ],
  ])('answers 503 when the key set endpoint %s', async (_, answer) => {
    const broken = createServer((_req, res) => answer(res));
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    try {
      await withKeySetAt(`http://127.0.0.1:${(broken.address() as AddressInfo).port}/keys`, async (stranded) => {
        const response = await request(stranded.app.getHttpServer())
          .get(POOLS)
          .set('Authorization', `Bearer ${await entraToken(first)}`);
        expectGraphError(response, 503, 'serviceNotAvailable');
      });
    } finally {
      await new Promise((resolve) => broken.close(resolve));
    }
  });

  it('refuses with 401, not 503, a token whose algorithm no published key fits', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const ecToken = await new SignJWT({ tid: TENANT_A, azp: 'c0ffee00-1111-4222-8333-444455556666', scp: WRITE_PERMISSION })
      .setProtectedHeader({ alg: 'ES256', kid: first.kid })
      .setIssuer(ISSUER_PATTERN.replace('{tenantid}', TENANT_A))
      .setAudience(AUDIENCE)
      .setExpirationTime('1h')
      .sign(privateKey);
    expectGraphError(await get(ecToken), 401, 'unauthenticated');
  });
});
