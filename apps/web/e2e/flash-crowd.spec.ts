import { type Page } from '@playwright/test';
import {
  expect,
  test,
  randomFile,
  saveAndRead,
  setUploadLimit,
  sha256,
  shareFiles,
  startDownload,
  waitForComplete,
} from '@shoal/testkit';

const MIB = 1024 * 1024;
const DOWNLOADERS = 6;
/** Every peer's upload, sharer included: the crowd must trade to finish fast. */
const UPLOAD_MIB_PER_S = 1;
const FILE_MIB = 12;

/** Piece-data bytes the page has sent to each peer in its Peers list. */
async function uploadedToPeers(page: Page): Promise<number[]> {
  const items = page.getByRole('list', { name: 'Peers' }).locator('li[data-uploaded]');
  return Promise.all(
    (await items.all()).map(async (item) => Number(await item.getAttribute('data-uploaded'))),
  );
}

test('six downloaders opening a link at once from a sharer as slow as each of them all finish byte-identical, mostly from each other', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const file = randomFile('crowd.bin', FILE_MIB * MIB);
  const sharer = await (await browser.newContext()).newPage();
  await sharer.goto('/');
  await setUploadLimit(sharer, UPLOAD_MIB_PER_S);
  const link = await shareFiles(sharer, [file]);

  const crowd: Page[] = [];
  for (let i = 0; i < DOWNLOADERS; i++) {
    const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
    await page.goto('/');
    await setUploadLimit(page, UPLOAD_MIB_PER_S);
    crowd.push(page);
  }
  const started = Date.now();
  await Promise.all(crowd.map((page) => startDownload(page, link, file.name)));
  await Promise.all(crowd.map((page) => waitForComplete(page, 180_000)));
  const seconds = (Date.now() - started) / 1000;

  // One copy must come from the sharer; six would be client-server. The
  // sharer is served at 1 MiB/s like everyone: more than half of the bytes
  // must have moved between downloaders.
  const sharerCopies =
    (await uploadedToPeers(sharer)).reduce((a, b) => a + b, 0) / file.buffer.length;
  const bound = Math.max(
    FILE_MIB,
    (DOWNLOADERS * FILE_MIB) / (UPLOAD_MIB_PER_S * (1 + DOWNLOADERS)),
  );
  console.log(
    `flash crowd: ${seconds.toFixed(1)} s (bound ${bound.toFixed(1)} s, ${(seconds / bound).toFixed(2)}x), sharer uploaded ${sharerCopies.toFixed(2)} copies`,
  );
  expect(sharerCopies).toBeGreaterThanOrEqual(1);
  expect(sharerCopies).toBeLessThan(DOWNLOADERS / 2);
  for (const page of crowd) {
    expect(sha256(await saveAndRead(page, file.name))).toBe(sha256(file.buffer));
  }
});
