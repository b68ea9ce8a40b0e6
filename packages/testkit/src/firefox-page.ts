// Drives Shoal's UI in Firefox (puppeteer-core over WebDriver BiDi) the way
// shoal-page.ts does in Chromium: open a link, press Download, save and hash.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';

/** How often untilInFirefox asks the page again. */
const POLL_INTERVAL_MS = 200;

/**
 * Waits until `predicate` (an expression run in the page) is true. Polled
 * from here with page.evaluate: puppeteer's waitForFunction would compile the
 * string with Function() inside the page, which Shoal's CSP forbids (Firefox
 * 140.12 enforces that against BiDi-injected code too).
 */
export async function untilInFirefox(
  page: Page,
  predicate: string,
  timeout: number,
): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    if ((await page.evaluate(predicate).catch(() => false)) === true) return;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeout} ms waiting for ${predicate}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

/** Quotes a value for a CSS attribute selector. */
const CSS_ESCAPE = (value: string) => value.replaceAll('\\', '\\\\').replaceAll('"', '\\"');

/**
 * Clicks (with real input events) the first element matching `selector`, and
 * whose text is `text` when given. Not puppeteer's locators: they poll with
 * Function() in the page too (see untilInFirefox).
 */
async function clickInFirefox(page: Page, selector: string, text?: string): Promise<void> {
  for (const element of await page.$$(selector)) {
    if (text === undefined || (await element.evaluate((e) => e.textContent)) === text) {
      await element.click();
      return;
    }
  }
  throw new Error(`nothing to click: ${selector}${text === undefined ? '' : ` "${text}"`}`);
}

/** Opens `link`, waits for `firstFileName` to show, presses Download. */
export async function startDownloadInFirefox(
  page: Page,
  link: string,
  firstFileName: string,
): Promise<void> {
  await page.goto(link);
  await untilInFirefox(
    page,
    `[...document.querySelectorAll('.file-name')].some((e) => e.textContent === ${JSON.stringify(firstFileName)})`,
    30_000,
  );
  await clickInFirefox(page, `button`, 'Download');
}

export async function waitForCompleteInFirefox(page: Page, timeout = 60_000): Promise<void> {
  await untilInFirefox(
    page,
    `document.querySelector('[role=progressbar][aria-label="Download progress"]')?.getAttribute('aria-valuenow') === '100'`,
    timeout,
  );
}

/**
 * Presses Save for one file and returns the SHA-256 (hex) and length of what
 * the service worker streamed. Instead of letting Firefox's download manager
 * write the file, the page reads the same streamed response and hashes it.
 */
export async function saveAndHashInFirefox(
  page: Page,
  fileName: string,
): Promise<{ hash: string; length: number }> {
  await page.evaluate(`HTMLAnchorElement.prototype.click = function () {
    void fetch(this.href)
      .then((response) => response.arrayBuffer())
      .then(async (bytes) => {
        const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
        window.savedLength = bytes.byteLength;
        window.savedHash = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
      });
  }`);
  await untilInFirefox(
    page,
    `[...document.querySelectorAll('button')].some((b) => b.textContent === 'Save')`,
    10_000,
  );
  // A hash left by an earlier save must not pass for this one's.
  await page.evaluate('delete window.savedHash; delete window.savedLength');
  await clickInFirefox(page, `button[aria-label="Save ${CSS_ESCAPE(fileName)}"]`);
  await untilInFirefox(page, 'typeof window.savedHash === "string"', 30_000);
  return page.evaluate('({ hash: window.savedHash, length: window.savedLength })') as Promise<{
    hash: string;
    length: number;
  }>;
}

/** Suffix of the file Firefox writes a download into until it is complete. */
const PARTIAL_SUFFIX = '.part';

/**
 * Presses "Save all as ZIP" and waits for Firefox's download manager to finish
 * writing the archive into `downloadDir` (empty before; launched with
 * firefoxDownloadPrefs(downloadDir)). Returns the name it saved the archive
 * under and its path.
 */
export async function saveAllAsZipInFirefox(
  page: Page,
  downloadDir: string,
  timeout = 30_000,
): Promise<{ name: string; path: string }> {
  await clickInFirefox(page, 'button', 'Save all as ZIP');
  return savedInFirefox(downloadDir, timeout);
}

/**
 * Presses Save for one file and waits, as saveAllAsZipInFirefox does, for
 * Firefox's download manager to write it into `downloadDir`.
 */
export async function saveFileInFirefox(
  page: Page,
  fileName: string,
  downloadDir: string,
  timeout = 30_000,
): Promise<{ name: string; path: string }> {
  await clickInFirefox(page, `button[aria-label="Save ${CSS_ESCAPE(fileName)}"]`);
  return savedInFirefox(downloadDir, timeout);
}

/** The one finished download in `downloadDir`, once Firefox has finished writing it. */
async function savedInFirefox(
  downloadDir: string,
  timeout: number,
): Promise<{ name: string; path: string }> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const names = await readdir(downloadDir);
    const done = names.filter((name) => !name.endsWith(PARTIAL_SUFFIX));
    if (done.length === 1 && !names.some((name) => name.endsWith(PARTIAL_SUFFIX)))
      return { name: done[0]!, path: join(downloadDir, done[0]!) };
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeout} ms waiting for a download in ${downloadDir}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}
