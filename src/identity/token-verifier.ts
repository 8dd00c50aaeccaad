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
    // Only a key set that cannot be fetched is not the caller's fault (503): jose also throws plain
    // TypeErrors, e.g. for an RS256 header against an EC key, and those are refusals like any other.
    if (error instanceof InvalidTokenError || error instanceof IssuerUnreachableError) throw error;
    throw new InvalidTokenError(describeJoseFailure(error));
  }
}

/**
 * A remote key set whose fetch failures are told apart from every other failure: a timeout, a
 * network error, a non-200 answer (jose's generic error) or a malformed key set is
 * `IssuerUnreachableError`; a key set that answered but has no key for the token stays a refusal.
 */
export function reportingFetchFailures(keySet: JWTVerifyGetKey): JWTVerifyGetKey {
  return async (header, token) => {
    try {
      return await keySet(header, token);
    } catch (error) {
      if (isFetchFailure(error)) {
        throw new IssuerUnreachableError(`The token issuer's signing keys could not be fetched: ${(error as Error).message}`);
      }
      throw error;
    }
  };
}

function isFetchFailure(error: unknown): boolean {
  if (!(error instanceof errors.JOSEError)) return true;
  return error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || error.code === 'ERR_JOSE_GENERIC';
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
  // jose checks that the header's algorithm fits the key with plain TypeErrors (e.g. RS256 against an EC key).
  if (error instanceof TypeError) return "The access token's signing algorithm does not fit the issuer's key type.";
  return 'The access token is malformed.';
}
