import {
  expect,
  randomFile,
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
