import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { readOrCreatePrivateFile } from '../common/private-files';
import { WRITE_PERMISSION } from './permissions';

/** Dev tokens name this issuer and audience, so they can never pass for Entra ID tokens. */
export const DEV_ISSUER = 'https://graph-esim-service.dev/issuer';
export const DEV_AUDIENCE = 'https://graph.microsoft.com';
/** The client id dev tokens carry unless told otherwise. */
export const DEV_APP_ID = '1950a258-227b-4e31-a9cf-717495945fc2';

export interface DevSigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly kid: string;
}

/**
 * The dev mode's ES256 key pair, created on first use under DATA_DIR and shared by the service
 * and `npm run token`. Created with an exclusive write, so two processes starting at once agree on
 * one key.
 */
export function loadOrCreateDevSigningKey(dataDir: string): DevSigningKey {
  const { contents } = readOrCreatePrivateFile(join(dataDir, 'dev-auth', 'signing-key.pem'), () =>
    generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
  );
  const privateKey = createPrivateKey(contents);
  const publicKey = createPublicKey(privateKey);
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return { privateKey, publicKey, kid: `dev-${createHash('sha256').update(der).digest('hex').slice(0, 16)}` };
}

export interface DevTokenRequest {
  readonly tenantId: string;
  /** Delegated scopes, or application roles when `app` is true. */
  readonly permissions?: readonly string[];
  readonly app?: boolean;
  readonly appId?: string;
  readonly expiresInSeconds?: number;
}

/** Signs a dev token shaped like an Entra ID v2 access token for Microsoft Graph. */
export function mintDevToken(key: DevSigningKey, request: DevTokenRequest): Promise<string> {
  const permissions = request.permissions ?? [WRITE_PERMISSION];
  const appId = request.appId ?? DEV_APP_ID;
  const claims = {
    tid: request.tenantId,
    azp: appId,
    appid: appId,
    ver: '2.0',
    ...(request.app ? { roles: permissions, idtyp: 'app' } : { scp: permissions.join(' ') }),
  };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: key.kid })
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setSubject(request.app ? appId : `dev-user-${request.tenantId}`)
    .setIssuedAt()
    .setNotBefore('0s')
    .setExpirationTime(`${request.expiresInSeconds ?? 3600}s`)
    .sign(key.privateKey);
}
