import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureInstalled } from './install-cache';

describe('ensureInstalled', () => {
  let dir: string;
  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'install-cache-')), 'thing');
  });

  it('installs once when several callers ask at the same time', async () => {
    let installs = 0;
    const install = async (target: string) => {
      installs += 1;
      await sleep(50);
      writeFileSync(join(target, 'payload'), 'ok');
    };
    await Promise.all([1, 2, 3, 4].map(() => ensureInstalled(dir, 'thing', install)));
    await ensureInstalled(dir, 'thing', install);
    expect(installs).toBe(1);
    expect(readFileSync(join(dir, 'payload'), 'utf8')).toBe('ok');
  });

  it('does not mark a failed install as done, so the next start tries again', async () => {
    await expect(ensureInstalled(dir, 'thing', () => Promise.reject(new Error('download failed')))).rejects.toThrow('download failed');
    expect(existsSync(join(dir, '.complete'))).toBe(false);
    expect(existsSync(join(dir, '.lock'))).toBe(false);

    let retried = false;
    await ensureInstalled(dir, 'thing', async () => {
      retried = true;
    });
    expect(retried).toBe(true);
  });
});
