/**
 * Chromium for the console's browser tests: Debian's /usr/bin/chromium driven by playwright-core (never a
 * downloaded browser). Without it the suites skip, except under CI=true where they fail.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.GATEHOUSE_CHROMIUM ?? '/usr/bin/chromium';

export function chromiumSkipReason(): string | undefined {
  if (existsSync(CHROMIUM) || process.env.CI === 'true') return undefined;
  return `Chromium not found at ${CHROMIUM} (apt-get install chromium); under CI=true this is a failure`;
}

export interface TestBrowser {
  browser: Browser;
  /** A fresh context (its own cookies) per signed-in person. */
  context(): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** Playwright gives each launch a fresh, temporary user-data directory (and each context fresh cookies). */
export async function launchChromium(): Promise<TestBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    browser,
    context: () => browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true }),
    async close() {
      await browser.close();
    },
  };
}
