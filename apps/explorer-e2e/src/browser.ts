import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's chromium (`apt-get install chromium`; .ci/run installs it), driven by playwright-core,
 * which downloads no browser of its own. `CHROMIUM_PATH` names another build.
 */
export function chromiumPath(): string {
  const candidates = process.env.CHROMIUM_PATH
    ? [process.env.CHROMIUM_PATH]
    : (process.env.PATH ?? '').split(delimiter).flatMap((dir) => ['chromium', 'chromium-browser'].map((name) => join(dir, name)));
  const found = candidates.find((path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
  if (found === undefined) throw new Error('no chromium on PATH: install Debian’s package (apt-get install chromium), or set CHROMIUM_PATH');
  return found;
}

/** Headless, and without Chromium's sandbox, which needs user namespaces a container or a root user often lacks. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox'] });
}
