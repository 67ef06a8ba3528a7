import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ferretDbBinary, readDevStackEnv, startSecuredFerretDb, type SecuredFerretDb } from '@rewind/dev-stack';

export type { SecuredFerretDb };

/**
 * Whether this machine can start a MongoDB-wire server that requires TLS and sign-in: FerretDB
 * built in the dev stack's cache, as the local stack builds it. Not where the servers run in
 * containers or elsewhere: there the suites that need one are skipped.
 */
export const securedMongoAvailable = (): boolean => existsSync(ferretDbBinary(readDevStackEnv().cacheDir));

/**
 * A FerretDB of the suite's own that, like the prod overlay's MongoDB, takes clients only over TLS
 * and signed in (SCRAM-SHA-256), with `user` made at start; stop its `server` after the suite.
 */
export async function startSecuredMongo(user: { database: string; username: string; password: string }): Promise<SecuredFerretDb> {
  const workDir = mkdtempSync(join(tmpdir(), 'rewind-secured-mongo-'));
  return startSecuredFerretDb({ cacheDir: readDevStackEnv().cacheDir, workDir, user });
}
