import { roles, type Role } from '@rewind/contracts';
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ConfigError, readSettingFile, type signatureAlgorithms } from './config';

export interface AuthSettings {
  readonly AUTH_ISSUER: string;
  readonly AUTH_AUDIENCE: string;
  readonly AUTH_JWKS_URL?: string | undefined;
  readonly AUTH_JWKS_FILE?: string | undefined;
  readonly AUTH_ALGORITHMS: readonly (typeof signatureAlgorithms)[number][];
  readonly AUTH_ROLES_CLAIM: string;
  readonly AUTH_CLOCK_TOLERANCE_S: number;
}

/** A caller whose token was verified: its subject and the roles of Rewind it holds (others are ignored). */
export interface Identity {
  readonly subject: string;
  readonly roles: readonly Role[];
}

/** What an `Authorization` header comes to. */
export type Verification =
  | { readonly kind: 'verified'; readonly identity: Identity }
  | { readonly kind: 'missing' }
  /** A token was sent and is not good: the reason is safe to show (it names the check, never the token). */
  | { readonly kind: 'invalid'; readonly reason: string }
  /** The issuer's keys could not be fetched: nobody can be verified now, which is not the caller's fault. */
  | { readonly kind: 'unavailable'; readonly reason: string };

/**
 * Verifies bearer JWTs against the issuer's keys with jose: signature (by an allowed algorithm),
 * issuer, audience, expiry and not-before, and a subject. Built at boot: a JWKS file that cannot be
 * read or is not a key set stops the process, named by its setting.
 */
export class TokenVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(private readonly settings: AuthSettings) {
    this.keys = keySet(settings);
  }

  async verify(authorization: string | undefined): Promise<Verification> {
    if (authorization === undefined || authorization.trim() === '') return { kind: 'missing' };
    // RFC 9110: the scheme is case-insensitive; RFC 6750: one space, then the token
    const token = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(authorization)?.[1];
    if (token === undefined) return /^Bearer\b/i.test(authorization) ? { kind: 'invalid', reason: 'the bearer token is malformed' } : { kind: 'missing' };
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.settings.AUTH_ISSUER,
        audience: this.settings.AUTH_AUDIENCE,
        algorithms: [...this.settings.AUTH_ALGORITHMS],
        clockTolerance: this.settings.AUTH_CLOCK_TOLERANCE_S,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      return refusal(error);
    }
    const subject = payload.sub;
    if (typeof subject !== 'string' || subject.length === 0 || subject.length > 200) return { kind: 'invalid', reason: 'the token has no usable subject (sub)' };
    return { kind: 'verified', identity: { subject, roles: rolesIn(claimAt(payload, this.settings.AUTH_ROLES_CLAIM)) } };
  }
}

function keySet(settings: AuthSettings): JWTVerifyGetKey {
  if (settings.AUTH_JWKS_URL !== undefined) {
    // jose caches the keys and fetches again for a key id it does not know (a rotation), at most every 30 s
    return createRemoteJWKSet(new URL(settings.AUTH_JWKS_URL), { timeoutDuration: 5_000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
  }
  if (settings.AUTH_JWKS_FILE === undefined) throw new ConfigError(['AUTH_JWKS_URL: required, or AUTH_JWKS_FILE']);
  const text = readSettingFile('AUTH_JWKS_FILE', settings.AUTH_JWKS_FILE);
  try {
    const jwks = JSON.parse(text) as JSONWebKeySet;
    const keys = createLocalJWKSet(jwks);
    if (!Array.isArray(jwks.keys) || jwks.keys.length === 0) throw new Error('no keys');
    return keys;
  } catch {
    throw new ConfigError(['AUTH_JWKS_FILE: not a JSON Web Key Set ({"keys": [...]})']);
  }
}

/** Each of jose's refusals, as a reason that names the check and nothing of the token. */
function refusal(error: unknown): Verification {
  if (error instanceof errors.JWKSTimeout || isFetchFailure(error)) {
    return { kind: 'unavailable', reason: "the issuer's keys could not be fetched" };
  }
  if (error instanceof errors.JWTExpired) return { kind: 'invalid', reason: 'the token has expired' };
  if (error instanceof errors.JWTClaimValidationFailed) return { kind: 'invalid', reason: `the token's ${error.claim} claim is not accepted (${error.reason})` };
  if (error instanceof errors.JWSSignatureVerificationFailed) return { kind: 'invalid', reason: "the token's signature does not verify" };
  if (error instanceof errors.JWKSNoMatchingKey) return { kind: 'invalid', reason: 'the token is signed by a key the issuer does not publish' };
  if (error instanceof errors.JOSEAlgNotAllowed) return { kind: 'invalid', reason: 'the token is signed with an algorithm that is not accepted' };
  return { kind: 'invalid', reason: 'the bearer token is not a valid JWT' };
}

/**
 * A JWKS endpoint that does not answer, or not with a key set: fetch's own failure is a TypeError
 * (by name: it comes from Node's realm, which is not always the code's), a bad answer JWKSInvalid.
 */
function isFetchFailure(error: unknown): boolean {
  return error instanceof errors.JWKSInvalid || (!(error instanceof errors.JOSEError) && (error as { name?: unknown } | null)?.name === 'TypeError');
}

function claimAt(payload: JWTPayload, path: string): unknown {
  let value: unknown = payload;
  for (const part of path.split('.')) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  return value;
}

/** The roles of Rewind in a claim: a list, or one string of space-separated names (as `scope` is). */
function rolesIn(claim: unknown): Role[] {
  const names = Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.split(' ') : [];
  return roles.filter((role) => names.includes(role));
}
