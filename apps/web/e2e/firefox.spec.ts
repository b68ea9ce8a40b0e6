import { expect, test } from '@playwright/test';
import type { Page as FirefoxPage } from 'puppeteer-core';
import { launchFirefox, type LaunchedFirefox } from '@shoal/testkit';
import { randomFile, sha256, shareFiles } from '@shoal/testkit';

const MIB = 1024 * 1024;

let firefox: LaunchedFirefox;
test.beforeAll(async () => {
  firefox = await launchFirefox();
});
test.afterAll(async () => {
  await firefox?.close();
});

/** Waits until `predicate` (run in the Firefox page) is true. */
async function until(page: FirefoxPage, predicate: string, timeout: number): Promise<void> {
  await page.waitForFunction(predicate, { timeout, polling: 200 });
}

test('a file shared from Chromium downloads and saves byte-identical in Firefox', async ({
  browser,
  baseURL,
}) => {
  const file = randomFile('to-firefox.bin', 6 * MIB);
  const sharer = await (await browser.newContext()).newPage();
  const link = await shareFiles(sharer, [file]);

  const page = await firefox.browser.newPage();
  await page.goto(link.replace(/^https?:\/\/[^/]+/, baseURL ?? ''));
  await until(
    page,
    `[...document.querySelectorAll('.file-name')].some((e) => e.textContent === ${JSON.stringify(file.name)})`,
    30_000,
  );
  await page.locator('button ::-p-text(Download)').click();
  await until(
    page,
    `document.querySelector('[role=progressbar][aria-label="Download progress"]')?.getAttribute('aria-valuenow') === '100'`,
    60_000,
  );

  // Saving goes through the service worker. Instead of letting Firefox's download
  // manager write the file, read the same streamed response in the page and hash it.
  await page.evaluate(() => {
    const state = window as unknown as { savedHash?: string; savedLength?: number };
    HTMLAnchorElement.prototype.click = function () {
      void fetch(this.href)
        .then((response) => response.arrayBuffer())
        .then(async (bytes) => {
          const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
          state.savedLength = bytes.byteLength;
          state.savedHash = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
        });
    };
  });
  await until(
    page,
    `[...document.querySelectorAll('button')].some((b) => b.textContent === 'Save')`,
    10_000,
  );
  await page.locator(`button[aria-label="Save ${file.name}"]`).click();
  await until(page, 'typeof window.savedHash === "string"', 30_000);
  const saved = await page.evaluate(() => {
    const state = window as unknown as { savedHash: string; savedLength: number };
    return { hash: state.savedHash, length: state.savedLength };
  });
  expect(saved.length).toBe(file.buffer.length);
  expect(saved.hash).toBe(sha256(file.buffer));
});
