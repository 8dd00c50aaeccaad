import { createRemoteJWKSet, JWTPayload } from 'jose';
import { JwksAuthConfig } from '../config/app-config';
import { DEV_AUDIENCE, DEV_ISSUER, DevSigningKey } from './dev-signing-key';
import { reportingFetchFailures, TokenVerifier, verifyJwt } from './token-verifier';

/** `AUTH_MODE=dev`: tokens signed by the local key under DATA_DIR (`npm run token`). */
export class DevTokenVerifier extends TokenVerifier {
  constructor(private readonly key: DevSigningKey) {
    super();
  }

  verify(token: string): Promise<JWTPayload> {
    return verifyJwt(token, { key: this.key.publicKey, issuer: DEV_ISSUER, audiences: [DEV_AUDIENCE] });
  }
}

/**
 * `AUTH_MODE=jwks`: tokens of Microsoft Entra ID or any OIDC issuer. jose caches the key set and
 * downloads it again when a token names an unknown `kid` (key rotation), at most once per cooldown.
 */
export class JwksTokenVerifier extends TokenVerifier {
  private readonly keys;

  constructor(private readonly config: JwksAuthConfig) {
    super();
    this.keys = reportingFetchFailures(createRemoteJWKSet(new URL(config.jwksUri), { cooldownDuration: config.jwksCooldownMs }));
  }

  verify(token: string): Promise<JWTPayload> {
    return verifyJwt(token, { key: this.keys, issuer: this.config.issuer, audiences: this.config.audiences });
  }
}
