import { readFile } from 'node:fs/promises';
import { type BrowserContext } from '@playwright/test';
import {
  expect,
  randomFile,
  saveAllAsZip,
  saveAndRead,
  sha256,
  shareFiles,
  startDownload,
  test,
  unzip,
  waitForComplete,
} from '@shoal/testkit';

const MIB = 1024 * 1024;

/**
 * Open connections to each of Shoal's piece databases in `context`, by name, as
 * Chromium's chrome://indexeddb-internals lists them: the one place that shows
 * a service worker's connections. A database nobody has open is left out.
 */
async function openPieceConnections(
  context: BrowserContext,
  origin: string,
): Promise<Map<string, number>> {
  const internals = await context.newPage();
  try {
    await internals.goto('chrome://indexeddb-internals');
    // The origin's entry appears once the browser has answered; it always has the share registry.
    await expect(internals.getByText(`Origin: ${origin}`)).toBeVisible();
    const open = new Map<string, number>();
    for (const database of await internals.locator('indexeddb-database').all()) {
      const name = (await database.locator('.open-databases').textContent()) ?? '';
      const count = await database.locator('.connection-count.open .value').textContent();
      if (name.startsWith('shoal-pieces-') && Number(count) > 0) open.set(name, Number(count));
    }
    return open;
  } finally {
    await internals.close();
  }
}

test('the list of stored shares follows downloads in another tab, and a delete there, without a reload', async ({
  browser,
}) => {
  const sharer = await (await browser.newContext()).newPage();
  const link = await shareFiles(sharer, [randomFile('report.pdf', 2 * MIB)]);

  const context = await browser.newContext();
  const home = await context.newPage();
  await home.goto('/');
  const stored = home.getByRole('list', { name: 'Stored shares' });
  await expect(stored).toHaveCount(0);

  const downloader = await context.newPage();
  await startDownload(downloader, link, 'report.pdf');
  await waitForComplete(downloader);
  await expect(stored.getByText('report.pdf')).toBeVisible();
  await expect(stored.getByText('downloaded', { exact: false })).toBeVisible();

  // Deleted from a second home tab: the first one's list drops it too.
  const other = await context.newPage();
  other.on('dialog', (dialog) => void dialog.accept());
  await downloader.close();
  await other.goto('/');
  await other
    .getByRole('list', { name: 'Stored shares' })
    .getByRole('button', { name: 'Delete' })
    .click();
  await expect(stored.getByText('report.pdf')).toHaveCount(0);
});

test('Delete frees a share at once even after the service worker has read its pieces for a save', async ({
  browser,
}) => {
  const sharer = await (await browser.newContext()).newPage();
  const link = await shareFiles(sharer, [randomFile('kept.bin', 2 * MIB)]);
  const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await startDownload(page, link, 'kept.bin');
  await waitForComplete(page);
  // The save is answered by the service worker, which opens the share's database to read it.
  await saveAndRead(page, 'kept.bin');

  await page.goto('/');
  page.on('dialog', (dialog) => void dialog.accept());
  await page
    .getByRole('list', { name: 'Stored shares' })
    .getByRole('button', { name: 'Delete' })
    .click();
  // Well inside the ~30 s a browser gives an idle service worker before stopping it
  // (which would close its connection and let a stalled delete through).
  await expect(page.getByText('Deleted. Its storage is free again.')).toBeVisible({
    timeout: 5_000,
  });
  const databases = await page.evaluate(async () =>
    (await indexedDB.databases()).map((database) => database.name),
  );
  expect(databases.filter((name) => name?.startsWith('shoal-pieces-'))).toEqual([]);
});

test('the service worker closes the share database it read once each save has been read whole', async ({
  browser,
  baseURL,
}) => {
  const files = [randomFile('one.bin', 2 * MIB), randomFile('two.bin', 3 * MIB)];
  const sharer = await (await browser.newContext()).newPage();
  const link = await shareFiles(sharer, files);
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await startDownload(page, link, 'one.bin');
  await waitForComplete(page);
  const origin = new URL(baseURL!).origin;
  // The page's own session holds the database open: the listing sees it.
  const name = `shoal-pieces-${new URL(link).hash.slice(1)}`;
  expect((await openPieceConnections(context, origin)).get(name)).toBeGreaterThanOrEqual(1);

  // One file (a Blob of the stored pieces) and a ZIP (streamed from the store), each read to its end.
  expect(sha256(await saveAndRead(page, 'one.bin'))).toBe(sha256(files[0]!.buffer));
  const zip = await unzip(await readFile((await saveAllAsZip(page)).path));
  expect(zip.map((entry) => sha256(entry.bytes))).toEqual(files.map((f) => sha256(f.buffer)));

  // Once the page has let go of it too, nothing holds the database open: not the worker.
  await page.goto('/');
  await expect
    .poll(async () => Object.fromEntries(await openPieceConnections(context, origin)), {
      timeout: 5_000,
    })
    .toEqual({});
});
