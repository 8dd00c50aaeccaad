import { errors, JWTPayload, jwtVerify, JWTVerifyGetKey, KeyLike } from 'jose';

/** Only asymmetric algorithms: an HS256 token "signed" with our public key must never verify. */
export const ACCEPTED_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** Tolerated clock skew between the issuer and this service, for `exp` and `nbf`. */
const CLOCK_TOLERANCE_SECONDS = 30;

/** A token was refused; `message` says why in terms a caller can act on. */
export class InvalidTokenError extends Error {}

/** The issuer's key set could not be fetched: not the caller's fault. */
export class IssuerUnreachableError extends Error {}

export interface VerificationSettings {
  readonly key: KeyLike | JWTVerifyGetKey;
  /** Exact issuer, or a pattern containing `{tenantid}` that the token's `tid` must complete. */
  readonly issuer: string;
  readonly audiences: readonly string[];
}

/**
 * Verifies a bearer JWT with jose: signature, algorithm, `exp`, `nbf`, issuer and audience.
 * The two authentication modes differ only in where the key comes from.
 */
export abstract class TokenVerifier {
  abstract verify(token: string): Promise<JWTPayload>;
}

export async function verifyJwt(token: string, settings: VerificationSettings): Promise<JWTPayload> {
  const issuerPattern = settings.issuer.includes('{tenantid}');
  try {
    const { payload } = await jwtVerify(token, settings.key as KeyLike, {
      algorithms: ACCEPTED_ALGORITHMS,
      audience: [...settings.audiences],
      issuer: issuerPattern ? undefined : settings.issuer,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['exp', 'iss', 'aud'],
    });
    if (issuerPattern && payload.iss !== settings.issuer.replace('{tenantid}', String(payload.tid))) {
      throw new InvalidTokenError('The token was not issued by a trusted issuer for its tenant.');
    }
    return payload;
  } catch (error) {
    if (error instanceof InvalidTokenError) throw error;
    if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError)) {
      throw new IssuerUnreachableError(`The token issuer's signing keys could not be fetched: ${(error as Error).message}`);
    }
    throw new InvalidTokenError(describeJoseFailure(error));
  }
}

function describeJoseFailure(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'The access token has expired.';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'The access token is not valid yet (nbf is in the future).';
    if (error.claim === 'aud') return 'The access token was issued for another audience.';
    if (error.claim === 'iss') return 'The access token was not issued by a trusted issuer.';
    return `The access token's '${error.claim}' claim is invalid.`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return 'The access token uses a signing algorithm this service does not accept.';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'The access token signature is invalid.';
  if (error instanceof errors.JWKSNoMatchingKey) return 'No trusted signing key matches the access token (kid).';
  if (error instanceof errors.JOSENotSupported) return 'The access token uses an unsupported algorithm or key type.';
  return 'The access token is malformed.';
}
