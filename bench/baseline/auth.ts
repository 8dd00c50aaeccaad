import { createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jwtVerify } from 'jose';
import { Problem } from './problem';

/**
 * Bearer tokens as the service checks them in `AUTH_MODE=dev` (src/identity): ES256 with the dev key
 * under the service's data directory, its issuer and audience, `exp` required; the tenant from `tid`,
 * the permissions from `scp` (or `roles` for an app). A token is verified once and then remembered
 * until it expires, so a client reusing its token (they all do) costs one Map lookup per request, as in
 * the service's VerifiedTokenCache.
 */

const DEV_ISSUER = 'https://graph-esim-service.dev/issuer';
const DEV_AUDIENCE = 'https://graph.microsoft.com';
const READ_PERMISSION = 'DeviceManagementConfiguration.Read.All';
const WRITE_PERMISSION = 'DeviceManagementConfiguration.ReadWrite.All';
/** Personal Microsoft accounts sign in under this tenant; the service refuses them. */
const PERSONAL_ACCOUNT_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';
const BEARER = /^Bearer\s+([A-Za-z0-9_.~+/-]+=*)\s*$/i;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CLOCK_TOLERANCE_SECONDS = 30;
const CACHED_TOKENS = 10_000;

export interface Caller {
  readonly tenantId: string;
  readonly canRead: boolean;
  readonly canWrite: boolean;
  readonly expiresAtMs: number;
}

/** The service's dev public key: the PEM under `<dataDir>/dev-auth/`, as src/identity/dev-signing-key.ts reads it. */
export function loadDevPublicKey(serviceDataDir: string): KeyObject {
  return createPublicKey(createPrivateKey(readFileSync(join(serviceDataDir, 'dev-auth', 'signing-key.pem'))));
}

export class Authenticator {
  /** Keyed by the whole `Authorization` value: a hit needs neither the regex nor the signature. */
  private readonly verified = new Map<string, Caller>();

  constructor(private readonly publicKey: KeyObject) {}

  /** The remembered caller of this header, if its token was verified before and has not expired. */
  cached(authorization: string, nowMs: number): Caller | undefined {
    const caller = this.verified.get(authorization);
    if (caller === undefined) return undefined;
    if (caller.expiresAtMs > nowMs) return caller;
    this.verified.delete(authorization);
    return undefined;
  }

  /** Verifies the token of an `Authorization` header the cache does not know; a 401 or 403 Problem when refused. */
  async verify(authorization: string | undefined): Promise<Caller> {
    const token = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
    if (authorization === undefined || token === undefined) {
      throw unauthenticated(
        authorization === undefined
          ? 'A bearer token is required: send Authorization: Bearer <access token>.'
          : 'The Authorization header is not a bearer token.',
      );
    }
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.publicKey, {
        algorithms: ['ES256'],
        issuer: DEV_ISSUER,
        audience: DEV_AUDIENCE,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'iss', 'aud'],
      }));
    } catch {
      throw unauthenticated('The access token is not valid.');
    }
    const tid = payload.tid;
    if (typeof tid !== 'string' || !GUID.test(tid)) throw unauthenticated('The access token carries no tenant id (tid).');
    const tenantId = tid.toLowerCase();
    if (tenantId === PERSONAL_ACCOUNT_TENANT_ID) {
      throw new Problem(403, 'accessDenied', 'Personal Microsoft accounts cannot use Intune device management.');
    }
    const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ').filter(Boolean) : [];
    const roles = Array.isArray(payload.roles) ? payload.roles.filter((role): role is string => typeof role === 'string') : [];
    const permissions = scopes.length === 0 ? roles : scopes;
    const canWrite = permissions.includes(WRITE_PERMISSION);
    const caller: Caller = {
      tenantId,
      canWrite,
      canRead: canWrite || permissions.includes(READ_PERMISSION),
      expiresAtMs: (payload.exp as number) * 1000,
    };
    if (this.verified.size >= CACHED_TOKENS) {
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.set(authorization, caller);
    return caller;
  }
}

export function unauthenticated(message: string): Problem {
  return new Problem(401, 'unauthenticated', message, [
    'www-authenticate',
    `Bearer realm="graph-esim-service", error="invalid_token", error_description="${message.replace(/"/g, "'")}"`,
  ]);
}

export function forbidden(write: boolean): Problem {
  const accepted = write ? WRITE_PERMISSION : `${READ_PERMISSION}, ${WRITE_PERMISSION}`;
  return new Problem(403, 'accessDenied', `This request needs one of these permissions: ${accepted}.`);
}
