import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT, type CryptoKey, type JWK } from 'jose';

/** The roles of Rewind (as @rewind/contracts names them); the dev stack mints a token for each. */
export const LOCAL_ROLES = ['customer', 'operator', 'warehouse', 'admin'] as const;
export type LocalRole = (typeof LOCAL_ROLES)[number];

/** What the local issuer's tokens say: the apps the dev stack starts check these (AUTH_ISSUER, AUTH_AUDIENCE). */
export const LOCAL_ISSUER = 'rewind-dev-stack';
export const LOCAL_AUDIENCE = 'rewind';
/** The files in the directory it keeps its key in: the private key (mode 600) and the public key set the apps read. */
export const ISSUER_KEY_FILE = 'issuer-key.json';
export const ISSUER_JWKS_FILE = 'issuer-jwks.json';

const ALGORITHM = 'ES256';

export interface MintOptions {
  readonly role: LocalRole;
  /** The subject: for a customer, its customer id. Default: the role's name, as `dev-<role>`. */
  readonly subject?: string;
  /** How long the token is good for, in seconds (default 12 hours: a working day). */
  readonly ttlSeconds?: number;
}

/**
 * Stands in for an OIDC issuer on a developer's machine and in tests: one EC key pair per
 * directory (the dev stack's data directory), kept across runs so the tokens it printed stay
 * good; a JWKS file of its public key, which the apps read (AUTH_JWKS_FILE); and tokens minted with
 * the same claims a real issuer's carry (iss, aud, sub, exp, roles).
 */
export class LocalIssuer {
  private constructor(
    readonly dir: string,
    private readonly key: CryptoKey,
    private readonly kid: string,
  ) {}

  /** The issuer whose key is in `dir`; a key pair is made there the first time. */
  static async open(dir: string): Promise<LocalIssuer> {
    mkdirSync(dir, { recursive: true });
    const keyFile = join(dir, ISSUER_KEY_FILE);
    if (!existsSync(keyFile)) {
      const { privateKey, publicKey } = await generateKeyPair(ALGORITHM, { extractable: true });
      const publicJwk = await exportJWK(publicKey);
      const kid = await calculateJwkThumbprint(publicJwk);
      writeFileSync(keyFile, JSON.stringify({ ...(await exportJWK(privateKey)), kid, alg: ALGORITHM }), { mode: 0o600 });
      writeFileSync(join(dir, ISSUER_JWKS_FILE), `${JSON.stringify({ keys: [{ ...publicJwk, kid, alg: ALGORITHM, use: 'sig' }] }, null, 2)}\n`);
    }
    const jwk = JSON.parse(readFileSync(keyFile, 'utf8')) as JWK & { kid: string };
    if (!existsSync(join(dir, ISSUER_JWKS_FILE))) {
      // the public half: the same key without its private part `d`
      const publicJwk = Object.fromEntries(Object.entries(jwk).filter(([name]) => name !== 'd'));
      writeFileSync(join(dir, ISSUER_JWKS_FILE), `${JSON.stringify({ keys: [{ ...publicJwk, use: 'sig' }] }, null, 2)}\n`);
    }
    return new LocalIssuer(dir, (await importJWK(jwk, ALGORITHM)) as CryptoKey, jwk.kid);
  }

  get jwksFile(): string {
    return join(this.dir, ISSUER_JWKS_FILE);
  }

  /** The settings that make an app trust this issuer's tokens. */
  get authEnv(): { AUTH_ISSUER: string; AUTH_AUDIENCE: string; AUTH_JWKS_FILE: string } {
    return { AUTH_ISSUER: LOCAL_ISSUER, AUTH_AUDIENCE: LOCAL_AUDIENCE, AUTH_JWKS_FILE: this.jwksFile };
  }

  async mint({ role, subject = `dev-${role}`, ttlSeconds = 12 * 3600 }: MintOptions): Promise<string> {
    return new SignJWT({ roles: [role] })
      .setProtectedHeader({ alg: ALGORITHM, kid: this.kid, typ: 'JWT' })
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setSubject(subject)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
      .sign(this.key);
  }
}
