import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, type CryptoKey } from 'jose';
import { TokenVerifier, type AuthSettings } from './bearer-token';
import { ConfigError } from './config';

describe('TokenVerifier', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rewind-verifier-'));
  let key: CryptoKey;
  let stranger: CryptoKey;
  let settings: AuthSettings;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    key = pair.privateKey;
    stranger = (await generateKeyPair('ES256')).privateKey;
    writeFileSync(join(dir, 'jwks.json'), JSON.stringify({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' }] }));
    settings = {
      AUTH_ISSUER: 'https://issuer.test/',
      AUTH_AUDIENCE: 'rewind',
      AUTH_JWKS_FILE: join(dir, 'jwks.json'),
      AUTH_ALGORITHMS: ['ES256'],
      AUTH_ROLES_CLAIM: 'roles',
      AUTH_CLOCK_TOLERANCE_S: 0,
    };
  });

  const token = (claims: Record<string, unknown> = {}, options: { key?: CryptoKey; exp?: number; iss?: string; aud?: string; sub?: string | null } = {}) => {
    const jwt = new SignJWT({ roles: ['customer'], ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer(options.iss ?? 'https://issuer.test/')
      .setAudience(options.aud ?? 'rewind')
      .setExpirationTime(options.exp ?? Math.floor(Date.now() / 1000) + 600);
    if (options.sub !== null) jwt.setSubject(options.sub ?? 'cus_1');
    return jwt.sign(options.key ?? key);
  };
  const verify = async (authorization: string | undefined, custom: Partial<AuthSettings> = {}) => new TokenVerifier({ ...settings, ...custom }).verify(authorization);

  it('verifies a token of the issuer, for the audience, in time, and reads its subject and the roles of Rewind it holds', async () => {
    expect(await verify(`Bearer ${await token({ roles: ['customer', 'someone-elses-role'] })}`)).toEqual({ kind: 'verified', identity: { subject: 'cus_1', roles: ['customer'] } });
    expect(await verify(`bearer ${await token({ roles: 'operator warehouse' })}`)).toEqual({ kind: 'verified', identity: { subject: 'cus_1', roles: ['operator', 'warehouse'] } });
  });

  it('reads the roles where AUTH_ROLES_CLAIM says, a dotted path included', async () => {
    const keycloak = await token({ roles: undefined, realm_access: { roles: ['admin'] } });
    expect(await verify(`Bearer ${keycloak}`, { AUTH_ROLES_CLAIM: 'realm_access.roles' })).toMatchObject({ kind: 'verified', identity: { roles: ['admin'] } });
    expect(await verify(`Bearer ${keycloak}`)).toMatchObject({ kind: 'verified', identity: { roles: [] } });
  });

  it('tells a missing token from a bad one', async () => {
    expect(await verify(undefined)).toEqual({ kind: 'missing' });
    expect(await verify('Basic dXNlcjpwYXNz')).toEqual({ kind: 'missing' });
    expect(await verify('Bearer not a token')).toEqual({ kind: 'invalid', reason: 'the bearer token is malformed' });
    expect(await verify('Bearer abc.def.ghi')).toEqual({ kind: 'invalid', reason: 'the bearer token is not a valid JWT' });
  });

  it.each([
    ['expired', { exp: Math.floor(Date.now() / 1000) - 60 }, /expired/],
    ['of another issuer', { iss: 'https://evil.test/' }, /iss claim/],
    ['for another audience', { aud: 'another-api' }, /aud claim/],
    ['without a subject', { sub: null }, /sub claim/],
    ['signed by a key the issuer does not publish', { key: 'stranger' }, /signature does not verify/],
  ] as const)('refuses a token %s, saying which check failed', async (_case, options, reason) => {
    const { key: which, ...rest } = { key: undefined, ...options } as { key?: 'stranger' } & Record<string, unknown>;
    const answer = await verify(`Bearer ${await token({}, { ...rest, ...(which ? { key: stranger } : {}) })}`);
    expect(answer).toEqual({ kind: 'invalid', reason: expect.stringMatching(reason) });
  });

  it('refuses an unsigned token and one signed with an algorithm that is not accepted', async () => {
    const unsigned = new UnsecuredJWT({ roles: ['admin'] }).setIssuer('https://issuer.test/').setAudience('rewind').setSubject('x').setExpirationTime('10m').encode();
    expect(await verify(`Bearer ${unsigned}`)).toMatchObject({ kind: 'invalid' });
    const hmac = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('https://issuer.test/')
      .setAudience('rewind')
      .setSubject('x')
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode('a shared secret that is long enough for HS256'));
    expect(await verify(`Bearer ${hmac}`)).toEqual({ kind: 'invalid', reason: 'the token is signed with an algorithm that is not accepted' });
  });

  it('stops the process at boot on a JWKS file that cannot be read or is not a key set, naming the setting', () => {
    writeFileSync(join(dir, 'not-jwks.json'), '{"hello": 1}');
    expect(() => new TokenVerifier({ ...settings, AUTH_JWKS_FILE: join(dir, 'missing.json') })).toThrow(ConfigError);
    expect(() => new TokenVerifier({ ...settings, AUTH_JWKS_FILE: join(dir, 'missing.json') })).toThrow(/AUTH_JWKS_FILE: the file cannot be read \(ENOENT\)/);
    expect(() => new TokenVerifier({ ...settings, AUTH_JWKS_FILE: join(dir, 'not-jwks.json') })).toThrow(/AUTH_JWKS_FILE: not a JSON Web Key Set/);
  });

  it('answers "unavailable", not "invalid", while the issuer’s JWKS endpoint cannot be reached', async () => {
    const answer = await verify(`Bearer ${await token()}`, { AUTH_JWKS_FILE: undefined, AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks' });
    expect(answer).toEqual({ kind: 'unavailable', reason: "the issuer's keys could not be fetched" });
  });
});
