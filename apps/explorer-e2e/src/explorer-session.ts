import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Saga } from '@rewind/testing';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { startRewind, workspaceRoot } from './rewind';

/** A whole stack and a chromium page on it, for one describe of browser tests; set once beforeAll has run. */
export interface ExplorerSession {
  readonly rewind: Saga;
  readonly page: Page;
  /** The explorer's address with a route (`#/orders/…`). */
  explorer(hash: string): string;
  /** Enters a token of the test issuer in the header, as a user pastes one `npm start` printed; it is kept for the tab. */
  useToken(token: string): Promise<void>;
  /** The page's screenshot to the run's folder, or to EXPLORER_SCREENSHOTS (docs/explorer for the docs). */
  screenshot(name: string): Promise<Buffer>;
}

/**
 * Starts the stack and the browser before the describe's tests, stops both after them, and fails
 * any test during which the page threw. Call it in the describe's body.
 */
export function explorerSession(): ExplorerSession {
  let rewind: Saga | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  let screenshots = '';
  const pageErrors: string[] = [];
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the explorer session is used before its beforeAll ran');
    return value;
  };

  beforeAll(async () => {
    [rewind, browser] = await Promise.all([startRewind(), launchChromium()]);
    screenshots = process.env.EXPLORER_SCREENSHOTS ? join(workspaceRoot, process.env.EXPLORER_SCREENSHOTS) : join(rewind.logDir, 'screenshots');
    mkdirSync(screenshots, { recursive: true });
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await rewind?.stop();
  });
  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  return {
    get rewind() {
      return started(rewind);
    },
    get page() {
      return started(page);
    },
    explorer: (hash) => started(rewind).query.url(`/explorer/${hash}`),
    useToken: async (token) => {
      const tab = started(page);
      if (await tab.locator('header button:text("forget")').count()) await tab.click('header button:text("forget")');
      await tab.fill('input[aria-label="token"]', token);
      await tab.click('header button:text("Use")');
    },
    screenshot: (name) => started(page).screenshot({ path: join(screenshots, `${name}.png`), fullPage: true }),
  };
}
