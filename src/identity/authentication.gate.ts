import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { JWTPayload } from 'jose';
import { isGuid } from '../common/guid';
import { isPublicRoute } from '../common/public-route';
import { isRequestEnvelope } from '../common/request-envelope';
import { addRequestLogFields } from '../common/request-log';
import { RequestGate } from '../common/request-gate';
import { GraphHttpError } from '../graph/errors/graph-error';
import { Caller } from './caller';
import { acceptedPermissions, PERSONAL_ACCOUNT_TENANT_ID } from './permissions';
import { REQUEST_CALLER } from './request-caller';
import { InvalidTokenError, IssuerUnreachableError, TokenVerifier } from './token-verifier';
import { VerifiedTokenCache } from './verified-token-cache';

const BEARER = /^Bearer\s+([A-Za-z0-9_.~+/-]+=*)\s*$/i;
const CACHED_TOKENS = 10_000;

/**
 * Deny by default (spec §8): every route needs a verified bearer token carrying the permission its
 * method requires (a `@RequestEnvelope()` route, only the token: its requests are checked one by one),
 * except those marked `@Public()`. The caller it establishes (tenant, app,
 * permissions) is what every later layer uses. Runs from the headers alone, so a request without a
 * valid token is refused before its body is read.
 */
@Injectable()
export class AuthenticationGate implements RequestGate {
  private readonly verified = new VerifiedTokenCache(CACHED_TOKENS);

  constructor(private readonly verifier: TokenVerifier) {}

  admit(request: FastifyRequest): void | Promise<void> {
    if (isPublicRoute(request)) return;
    const { authorization } = request.headers;
    // Keyed by the whole header, so a token seen before skips even its syntax check: one map lookup.
    const cached = authorization === undefined ? undefined : this.verified.get(authorization, Date.now());
    if (cached !== undefined) return this.authorize(request, cached);
    return this.authenticate(authorization).then((caller) => this.authorize(request, caller));
  }

  private authorize(request: FastifyRequest, caller: Caller): void {
    if (caller.tenantId === PERSONAL_ACCOUNT_TENANT_ID) {
      throw new GraphHttpError(
        403,
        'accessDenied',
        'Personal Microsoft accounts cannot use Intune device management; sign in with a work or school account.',
      );
    }
    const accepted = acceptedPermissions(request.method);
    if (!accepted.some((permission) => caller.permissions.has(permission)) && !isRequestEnvelope(request)) {
      throw new GraphHttpError(403, 'accessDenied', `This request needs one of these permissions: ${accepted.join(', ')}.`);
    }
    REQUEST_CALLER.set(request, caller);
    addRequestLogFields(request, { tenant: caller.tenantId, app: caller.appId });
  }

  /** Verifies a header not in the cache, and caches its caller until the token expires. */
  private async authenticate(authorization: string | undefined): Promise<Caller> {
    if (authorization === undefined) throw unauthenticated('A bearer token is required: send Authorization: Bearer <access token>.');
    const token = BEARER.exec(authorization)?.[1];
    if (token === undefined) throw unauthenticated('The Authorization header is not a bearer token.');
    let claims: JWTPayload;
    try {
      claims = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw unauthenticated(error.message);
      if (error instanceof IssuerUnreachableError) {
        throw new GraphHttpError(503, 'serviceNotAvailable', 'Access tokens cannot be verified right now; try again shortly.', {
          'retry-after': '5',
        });
      }
      throw error;
    }
    const caller = callerFromClaims(claims);
    this.verified.set(authorization, caller, (claims.exp as number) * 1000);
    return caller;
  }
}

function callerFromClaims(claims: JWTPayload): Caller {
  const tenantId = claims.tid;
  if (!isGuid(tenantId)) throw unauthenticated('The access token carries no tenant id (tid).');
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((role): role is string => typeof role === 'string') : [];
  const scopes = typeof claims.scp === 'string' ? claims.scp.split(' ').filter(Boolean) : [];
  const isApp = scopes.length === 0 && roles.length > 0;
  const appId = [claims.azp, claims.appid].find((id): id is string => typeof id === 'string') ?? 'unknown';
  return { tenantId: tenantId.toLowerCase(), appId, permissions: new Set(isApp ? roles : scopes), isApp };
}

function unauthenticated(message: string): GraphHttpError {
  return new GraphHttpError(401, 'unauthenticated', message, {
    'www-authenticate': `Bearer realm="graph-esim-service", error="invalid_token", error_description="${message.replace(/"/g, "'")}"`,
  });
}
