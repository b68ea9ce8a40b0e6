import { type Browser } from '@playwright/test';
import {
  expect,
  test,
  percentDone,
  randomFile,
  saveAndRead,
  sha256,
  shareFiles,
  startDownload,
  waitForComplete,
  type TestFile,
} from '@shoal/testkit';

const MIB = 1024 * 1024;

test('a full disk pauses the download with a clear message, keeps what is stored, and resumes once space is free', async ({
  browser,
  baseURL,
}) => {
  const file = randomFile('quota.bin', 8 * MIB);
  const sharer = await (await browser.newContext()).newPage();
  const downloader = await (await browser.newContext({ acceptDownloads: true })).newPage();
  const link = await shareFiles(sharer, [file]);

  // Give the downloader's origin room for about a third of the file.
  const cdp = await downloader.context().newCDPSession(downloader);
  await downloader.goto('/');
  await cdp.send('Storage.overrideQuotaForOrigin', {
    origin: new URL(baseURL!).origin,
    quotaSize: 3 * MIB,
  });

  await startDownload(downloader, link, file.name);
  await expect(downloader.getByRole('alert')).toContainText('run out of storage space', {
    timeout: 30_000,
  });
  await expect(downloader.getByRole('button', { name: 'Resume' })).toBeVisible();
  const stored = await percentDone(downloader);
  expect(stored).toBeGreaterThan(0);
  expect(stored).toBeLessThan(100);

  // Free the space: the pieces already stored still count, and the rest arrives.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(baseURL!).origin });
  await downloader.getByRole('button', { name: 'Resume' }).click();
  await expect(downloader.getByRole('alert')).toHaveCount(0);
  await waitForComplete(downloader);
  expect(sha256(await saveAndRead(downloader, file.name))).toBe(sha256(file.buffer));
});

/**
 * Shares `file` from one context and downloads it whole in another.
 * `pieceDatabases` lists that one's IndexedDB databases other than the share
 * registry: where a share's pieces live. (Not navigator.storage.estimate():
 * Chromium 150 keeps reporting a deleted database's bytes as used, unchanged
 * for the 60 s we watched, though indexedDB.databases() no longer lists it.)
 */
async function downloaded(browser: Browser, file: TestFile) {
  const sharer = await (await browser.newContext()).newPage();
  const downloader = await (await browser.newContext()).newPage();
  const link = await shareFiles(sharer, [file]);
  await startDownload(downloader, link, file.name);
  await waitForComplete(downloader);
  const pieceDatabases = () =>
    downloader.evaluate(async () =>
      (await indexedDB.databases()).map((db) => db.name).filter((name) => name !== 'shoal-shares'),
    );
  return { downloader, link, pieceDatabases };
}

test('the stored shares list deletes a download and frees its storage', async ({ browser }) => {
  const file = randomFile('delete-me.bin', 4 * MIB);
  const { downloader, pieceDatabases } = await downloaded(browser, file);
  expect(await pieceDatabases()).toHaveLength(1);

  await downloader.goto('/');
  const shares = downloader.getByRole('list', { name: 'Stored shares' });
  await expect(shares.getByText(file.name)).toBeVisible();
  await expect(shares.getByText('downloaded')).toBeVisible();
  downloader.once('dialog', (dialog) => void dialog.accept());
  await shares.getByRole('button', { name: 'Delete' }).click();
  await expect(downloader.getByRole('status')).toContainText('Deleted');
  await expect(shares).toHaveCount(0);
  await expect.poll(pieceDatabases, { timeout: 10_000 }).toEqual([]);
});

test('a stored share whose file names this version refuses is listed, and deleting it frees its storage', async ({
  browser,
}) => {
  const { downloader, link, pieceDatabases } = await downloaded(
    browser,
    randomFile('abcdefg.bin', 2 * MIB),
  );
  expect(await pieceDatabases()).toHaveLength(1);

  // As an older version stored it: 'bcd' in the name becomes U+202E (also three
  // bytes of UTF-8), a direction override this version refuses in a manifest.
  const key = link.slice(link.indexOf('#') + 1);
  await downloader.evaluate(async (shareKey) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('shoal-shares');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const store = () => db.transaction('shares', 'readwrite').objectStore('shares');
    const record = await new Promise<{ manifestBytes: ArrayBuffer }>((resolve) => {
      const request = store().get(shareKey);
      request.onsuccess = () => resolve(request.result);
    });
    const bytes = new Uint8Array(record.manifestBytes);
    const at = bytes.findIndex(
      (_, i) => bytes[i] === 0x62 && bytes[i + 1] === 0x63 && bytes[i + 2] === 0x64,
    );
    bytes.set([0xe2, 0x80, 0xae], at);
    await new Promise((resolve) => {
      store().put({ ...record, manifestBytes: bytes.buffer }, shareKey).onsuccess = resolve;
    });
    db.close();
  }, key);

  await downloader.goto('/');
  const shares = downloader.getByRole('list', { name: 'Stored shares' });
  await expect(shares.getByText('this version of Shoal will not open it')).toBeVisible();
  await expect(shares.getByRole('link', { name: /Open|Resume/ })).toHaveCount(0);
  downloader.once('dialog', (dialog) => void dialog.accept());
  await shares.getByRole('button', { name: 'Delete' }).click();
  await expect(downloader.getByRole('status')).toContainText('Deleted');
  await expect(shares).toHaveCount(0);
  await expect.poll(pieceDatabases, { timeout: 10_000 }).toEqual([]);
});
