import { type Page } from '@playwright/test';
import {
  expect,
  percentDone,
  randomFile,
  sha256,
  saveAndRead,
  shareFilesAtLimit,
  startDownload,
  test,
  waitForComplete,
} from '@shoal/testkit';

const MIB = 1024 * 1024;
const NAME = 'slow.bin';

/**
 * The sharer's upload limit: the 3 MiB file (twelve 256 KiB pieces) takes ~12 s,
 * so the download is still under way when the other tab deletes it.
 */
const UPLOAD_LIMIT_MIB_PER_S = 0.25;

/**
 * How long the tab whose share was deleted is watched afterwards for writing it
 * again: at the upload limit, two more pieces would have arrived meanwhile.
 */
const WATCH_AFTER_DELETE_MS = 2_000;

/** Names of Shoal's piece databases in the page's origin. */
async function pieceDatabases(page: Page): Promise<string[]> {
  const names = await page.evaluate(async () =>
    (await indexedDB.databases()).map((database) => database.name ?? ''),
  );
  return names.filter((name) => name.startsWith('shoal-pieces-'));
}

test('a tab whose download is deleted in another tab stops, says so, keeps nothing, and can download it again', async ({
  browser,
}) => {
  const file = randomFile(NAME, 3 * MIB);
  const sharer = await (await browser.newContext()).newPage();
  const link = await shareFilesAtLimit(sharer, [file], UPLOAD_LIMIT_MIB_PER_S);

  const context = await browser.newContext({ acceptDownloads: true });
  // Tab B, open first: its stored-shares list shows the share as soon as tab A stores it.
  const home = await context.newPage();
  await home.goto('/');
  home.on('dialog', (dialog) => void dialog.accept());
  const stored = home.getByRole('list', { name: 'Stored shares' });

  const downloader = await context.newPage();
  await startDownload(downloader, link, NAME);
  await expect.poll(() => percentDone(downloader), { timeout: 30_000 }).toBeGreaterThan(0);
  await expect(stored.getByText(NAME)).toBeVisible();
  expect(await pieceDatabases(home)).toHaveLength(1);

  // Deleted mid-download, not after it finished.
  expect(await percentDone(downloader)).toBeLessThan(100);
  await stored.getByRole('button', { name: 'Delete' }).click();
  await expect(home.getByText('Deleted. Its storage is free again.')).toBeVisible();

  await expect(downloader.getByRole('alert')).toHaveText(
    'This share was deleted in another tab, with everything this browser had stored of it.',
  );
  await expect(downloader.getByRole('progressbar', { name: 'Download progress' })).toHaveCount(0);
  // It left the swarm: the sharer serves no one.
  await expect(sharer.getByRole('heading', { name: 'Peers (0)' })).toBeVisible();
  expect(await pieceDatabases(downloader)).toEqual([]);
  await downloader.waitForTimeout(WATCH_AFTER_DELETE_MS);
  expect(await pieceDatabases(downloader)).toEqual([]);
  await expect(stored).toHaveCount(0);

  // Download it again: the link opened afresh, from the start.
  await downloader.getByRole('button', { name: 'Download it again' }).click();
  await downloader.getByRole('button', { name: 'Download', exact: true }).click();
  await waitForComplete(downloader);
  expect(sha256(await saveAndRead(downloader, NAME))).toBe(sha256(file.buffer));
});

test('a sharer whose share is deleted from the stored shares stops sharing it and says so', async ({
  browser,
}) => {
  const sharer = await (await browser.newContext()).newPage();
  await shareFilesAtLimit(sharer, [randomFile(NAME, 1 * MIB)], UPLOAD_LIMIT_MIB_PER_S);
  sharer.on('dialog', (dialog) => void dialog.accept());
  // The same tab's list, below the share: deleted there, the share is no longer offered.
  await sharer
    .getByRole('list', { name: 'Stored shares' })
    .getByRole('button', { name: 'Delete' })
    .click();
  await expect(sharer.getByRole('alert')).toHaveText(
    'This share was deleted from the shares stored in this browser, so this tab stopped sharing it. Drop the files again to share them.',
  );
  await expect(sharer.getByRole('textbox', { name: 'Share link' })).toHaveCount(0);
  await expect(sharer.getByRole('button', { name: 'Choose files' })).toBeVisible();
});
