import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DevStackError } from './errors';

const COMPLETE = '.complete';
const STALE_LOCK_MS = 20 * 60 * 1000;

/**
 * Makes `dir` hold a finished install, running `install` at most once even when several
 * processes (parallel test runs, `npm start` in another terminal) ask at the same time.
 * A marker file is written only after `install` succeeds, so an interrupted download is redone.
 */
export async function ensureInstalled(dir: string, what: string, install: (dir: string) => Promise<void>): Promise<void> {
  if (existsSync(join(dir, COMPLETE))) return;
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, '.lock');
  const deadline = Date.now() + STALE_LOCK_MS;
  while (!tryLock(lock)) {
    if (existsSync(join(dir, COMPLETE))) return;
    if (Date.now() > deadline) throw new DevStackError(`timed out waiting for another process to install ${what}`, `remove ${lock} if no install is running`);
    await sleep(500);
  }
  try {
    if (existsSync(join(dir, COMPLETE))) return;
    process.stderr.write(`dev-stack: installing ${what} into ${dir} (once; later starts use the cache)\n`);
    await install(dir);
    writeFileSync(join(dir, COMPLETE), new Date().toISOString());
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function tryLock(lock: string): boolean {
  try {
    mkdirSync(lock);
    return true;
  } catch {
    // a lock left by a killed installer is taken over once it is clearly stale
    const stat = statSync(lock, { throwIfNoEntry: false });
    if (stat && Date.now() - stat.mtimeMs > STALE_LOCK_MS) {
      rmSync(lock, { recursive: true, force: true });
    }
    return false;
  }
}
