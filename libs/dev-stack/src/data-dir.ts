import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DevStackError } from './errors';

/**
 * The file that makes a directory a Rewind data directory. `up` writes it; `reset` deletes only in
 * a directory that has it, so a REWIND_DATA_DIR pointed at the wrong place is never wiped.
 */
export const DATA_DIR_MARKER = 'REWIND-DATA-DIR';

/** What `up` keeps there: the servers' data and logs, and the record of the stack that runs. */
const ENTRIES = ['kafka', 'ferretdb', 'issuer', 'running-stack.json', 'control.sock', DATA_DIR_MARKER] as const;

/** Creates the data directory (or checks an existing one) before `up` puts anything in it. */
export function prepareDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
  if (existsSync(join(dir, DATA_DIR_MARKER))) return;
  const foreign = readdirSync(dir);
  if (foreign.length > 0) {
    throw new DevStackError(
      `${dir} holds other files (${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? ', …' : ''}) and is not a Rewind data directory`,
      'point REWIND_DATA_DIR at an empty or new directory',
    );
  }
  writeFileSync(
    join(dir, DATA_DIR_MARKER),
    'The data of Rewind\'s dev stack (`npm start`): Kafka\'s log and metadata, FerretDB\'s SQLite files.\n`npm run stack -- reset` empties it.\n',
  );
}

/** Deletes what `up` kept; returns the entries removed. Refuses a directory that is not a data directory. */
export function wipeDataDir(dir: string): string[] {
  if (!existsSync(dir)) return [];
  if (!existsSync(join(dir, DATA_DIR_MARKER))) {
    throw new DevStackError(`${dir} is not a Rewind data directory (it has no ${DATA_DIR_MARKER}); nothing deleted`);
  }
  const removed = ENTRIES.filter((entry) => existsSync(join(dir, entry)));
  for (const entry of removed) rmSync(join(dir, entry), { recursive: true, force: true });
  if (readdirSync(dir).length === 0) rmSync(dir, { recursive: true, force: true });
  return removed;
}

/** Where the stand-in OIDC issuer keeps its key and the JWKS the apps read (local-issuer.ts). */
export function issuerDir(dataDir: string): string {
  return join(dataDir, 'issuer');
}

export function controlSocketPath(dataDir: string): string {
  return join(dataDir, 'control.sock');
}
