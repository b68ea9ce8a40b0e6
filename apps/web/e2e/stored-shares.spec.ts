import {
  expect,
  randomFile,
  saveAndRead,
  shareFiles,
  startDownload,
  test,
  waitForComplete,
} from '@shoal/testkit';

const MIB = 1024 * 1024;

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
