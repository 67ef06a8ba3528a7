import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalIssuer, type LocalRole } from '@rewind/dev-stack';

export type TestRole = LocalRole;

let issuer: Promise<LocalIssuer> | undefined;
const minted = new Map<string, Promise<string>>();

/**
 * The issuer every test of this process trusts and mints its tokens with: the dev stack's local
 * issuer, with a key of its own in a temporary directory. Apps a test starts get `authEnv`.
 */
export function testIssuer(): Promise<LocalIssuer> {
  issuer ??= LocalIssuer.open(mkdtempSync(join(tmpdir(), 'rewind-test-issuer-')));
  return issuer;
}

/**
 * The AUTH_* settings of an app that trusts the test issuer, as the environment gives them; and a
 * rate limit no suite or bench reaches (they send hundreds of requests a minute as one subject; the
 * limit has a test of its own, which sets its own).
 */
export async function testAuthEnv(): Promise<Record<string, string>> {
  return { ...(await testIssuer()).authEnv, AUTH_ALGORITHMS: 'ES256', RATE_LIMIT_REQUESTS: '1000000' };
}

/** A token of the test issuer for a role (and subject: for a customer, its customer id); one per pair, kept for the process. */
export function testToken(role: TestRole, subject = `test-${role}`): Promise<string> {
  const key = `${role}/${subject}`;
  let token = minted.get(key);
  if (!token) {
    token = testIssuer().then((local) => local.mint({ role, subject }));
    minted.set(key, token);
  }
  return token;
}

/** `Authorization: Bearer …` for a role, to spread into a request's headers. */
export async function bearer(role: TestRole, subject?: string): Promise<{ authorization: string }> {
  return { authorization: `Bearer ${await testToken(role, subject)}` };
}
