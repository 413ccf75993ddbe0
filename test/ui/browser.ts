// Chromium for the browser tests: Debian's package, driven by playwright-core (DESIGN.md). With
// CI=true a missing browser fails the run; elsewhere the browser tests skip and say why.
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium; PIIMAP_TEST_CHROMIUM points elsewhere (to check the skip and the CI failure). */
export const CHROMIUM = process.env.PIIMAP_TEST_CHROMIUM ?? '/usr/bin/chromium';

const INSTALL = 'apt-get install -y --no-install-recommends chromium (.ci/run does it)';

/** node:test options for a browser suite: skipped with a message when Chromium is missing, unless CI=true. */
export function browserSuite(): { skip?: string } {
  if (existsSync(CHROMIUM)) return {};
  if (process.env.CI === 'true') {
    // A failure of its own, besides the suite's tests cancelled by launchBrowser's error.
    test(`Chromium is installed at ${CHROMIUM} (CI=true)`, () => {
      throw new Error(`${CHROMIUM} is missing: ${INSTALL}`);
    });
    return {};
  }
  const message = `${CHROMIUM} is missing, browser tests skipped: ${INSTALL}`;
  process.stderr.write(`# ${message}\n`);
  return { skip: message };
}

/**
 * Headless Chromium with the flags this machine's closed network needs: without the
 * background-networking ones it keeps trying Google's hosts.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (CI=true needs it): ${INSTALL}`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}
