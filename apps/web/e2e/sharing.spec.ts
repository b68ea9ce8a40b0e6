import { type Page } from '@playwright/test';
import {
  expect,
  test,
  randomFile,
  shareFiles,
  startDownload,
  waitForComplete,
} from '@shoal/testkit';

const MIB = 1024 * 1024;

/**
 * Tries to close the page and reports whether the browser asked to confirm:
 * whichever comes first of the beforeunload dialog (dismissed, so the page stays)
 * and the page actually closing. No waiting for something not to happen.
 */
async function closeAsksToConfirm(page: Page): Promise<boolean> {
  const asked = page.waitForEvent('dialog', { timeout: 0 }).then(
    async (dialog) => {
      await dialog.dismiss();
      return dialog.type() === 'beforeunload';
    },
    () => false, // the page closed first
  );
  const closed = page.waitForEvent('close', { timeout: 0 }).then(
    () => false,
    () => false,
  );
  await page.close({ runBeforeUnload: true });
  return Promise.race([asked, closed]);
}

test('the sharer is warned before closing while it is the only complete source, and not once another peer has everything', async ({
  browser,
}) => {
  const file = randomFile('only-copy.bin', 2 * MIB);
  const sharer = await (await browser.newContext()).newPage();
  await shareFiles(sharer, [file]);
  expect(await closeAsksToConfirm(sharer)).toBe(true);
  expect(sharer.isClosed()).toBe(false);

  const downloader = await (await browser.newContext()).newPage();
  await startDownload(
    downloader,
    await sharer.getByRole('textbox', { name: 'Share link' }).inputValue(),
    file.name,
  );
  await waitForComplete(downloader);
  await expect(sharer.getByRole('list', { name: 'Peers' }).getByText('has everything')).toBeVisible(
    { timeout: 15_000 },
  );
  expect(await closeAsksToConfirm(sharer)).toBe(false);
});

test('a file name full of HTML is shown as text on both sides and nothing in it runs', async ({
  browser,
}) => {
  const name = '<img src=x onerror="window.__pwned=1">&<script>window.__pwned=2</script>.txt';
  const file = { ...randomFile(name, 64 * 1024), mimeType: 'text/html' };
  const sharer = await (await browser.newContext()).newPage();
  const downloader = await (await browser.newContext()).newPage();
  const link = await shareFiles(sharer, [file]);
  await startDownload(downloader, link, name);
  await waitForComplete(downloader);

  for (const page of [sharer, downloader]) {
    await expect(
      page.getByRole('list', { name: 'Files' }).getByText(name, { exact: true }),
    ).toBeVisible();
    expect(await page.locator('main img, main script').count()).toBe(0);
    expect(
      await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
    ).toBeUndefined();
  }
});
