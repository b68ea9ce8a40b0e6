// A file edited after it was shared must never be served as the original. In
// Chromium a File is a snapshot whose reads fail once the file changes, so its
// sharers serve pieces without hashing them again; Firefox reads the new bytes,
// so there every piece is hashed before it is served. Both must tell the sharer.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Page } from '@playwright/test';
import type { ElementHandle } from 'puppeteer-core';
import {
  expect,
  test,
  launchFirefox,
  percentDone,
  startDownload,
  untilInFirefox,
} from '@shoal/testkit';

const MIB = 1024 * 1024;
const FILE_NAME = 'edited-later.bin';
const CHANGED = /changed on disk after it was shared/;

let dir: string;
test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shoal-source-changed-'));
});
test.afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Writes new bytes of the same size over the shared file, and moves its mtime on. */
function editOnDisk(path: string): void {
  writeFileSync(path, randomBytes(3 * MIB));
  const later = new Date(Date.now() + 5_000);
  utimesSync(path, later, later);
}

async function expectNothingDownloaded(downloader: Page): Promise<void> {
  // The sharer refuses every request; nothing verifies, so nothing is stored.
  await expect(downloader.getByRole('progressbar', { name: 'Download progress' })).toBeVisible();
  expect(await percentDone(downloader)).toBe(0);
}

test('a file edited after sharing from Chromium is not served, and the sharer is told', async ({
  browser,
}) => {
  const path = join(dir, FILE_NAME);
  writeFileSync(path, randomBytes(3 * MIB));
  const sharer = await (await browser.newContext()).newPage();
  await sharer.goto('/');
  const chooser = sharer.waitForEvent('filechooser');
  await sharer.getByRole('button', { name: 'Choose files' }).click();
  await (await chooser).setFiles(path); // by path: the File reads the disk
  const linkBox = sharer.getByRole('textbox', { name: 'Share link' });
  await expect(linkBox).toHaveValue(/#[A-Za-z0-9_-]{43}$/, { timeout: 30_000 });
  const link = await linkBox.inputValue();

  editOnDisk(path);
  const downloader = await (await browser.newContext()).newPage();
  await startDownload(downloader, link, FILE_NAME);
  await expect(sharer.getByText(CHANGED)).toBeVisible({ timeout: 30_000 });
  await expectNothingDownloaded(downloader);
});

test('a file edited after sharing from Firefox is not served, and the sharer is told', async ({
  browser,
  baseURL,
}) => {
  const path = join(dir, FILE_NAME);
  writeFileSync(path, randomBytes(3 * MIB));
  const firefox = await launchFirefox();
  try {
    const sharer = await firefox.browser.newPage();
    await sharer.goto(baseURL ?? '');
    const input = await sharer.waitForSelector('input[data-testid="file-input"]');
    await (input as ElementHandle<HTMLInputElement>).uploadFile(path);
    const linkPattern = /#[A-Za-z0-9_-]{43}$/.source;
    const linkValue = `document.querySelector('input[aria-label="Share link"]')?.value ?? ''`;
    await untilInFirefox(
      sharer,
      `new RegExp(${JSON.stringify(linkPattern)}).test(${linkValue})`,
      30_000,
    );
    const link = String(await sharer.evaluate(linkValue)).replace(
      /^https?:\/\/[^/]+/,
      baseURL ?? '',
    );

    editOnDisk(path);
    const downloader = await (await browser.newContext()).newPage();
    await startDownload(downloader, link, FILE_NAME);
    await untilInFirefox(
      sharer,
      `new RegExp(${JSON.stringify(CHANGED.source)}).test(document.body.textContent ?? '')`,
      30_000,
    );
    await expectNothingDownloaded(downloader);
  } finally {
    await firefox.close();
  }
});
