import {
  expect,
  test,
  bytesFromPeers,
  percentDone,
  randomFile,
  saveAndRead,
  setUploadLimit,
  sha256,
  shareFiles,
  startDownload,
  waitForComplete,
} from '@shoal/testkit';

const MIB = 1024 * 1024;

test('a second downloader receives pieces from the first downloader, not only from the sharer', async ({
  browser,
}) => {
  const file = randomFile('swarm.bin', 12 * MIB);
  const sharer = await (await browser.newContext()).newPage();
  const first = await (await browser.newContext()).newPage();
  const second = await (await browser.newContext({ acceptDownloads: true })).newPage();

  // A slow sharer: the downloaders must help each other to go fast.
  await sharer.goto('/');
  await setUploadLimit(sharer, 1);
  const link = await shareFiles(sharer, [file]);
  await startDownload(first, link, file.name);
  await expect.poll(() => percentDone(first), { timeout: 30_000 }).toBeGreaterThanOrEqual(25);
  await startDownload(second, link, file.name);
  await waitForComplete(second, 120_000);

  const received = await bytesFromPeers(second);
  expect(received.size).toBe(2);
  // Both the sharer and the first downloader sent piece data to the second.
  for (const bytes of received.values()) expect(bytes).toBeGreaterThan(0);
  expect(sha256(await saveAndRead(second, file.name))).toBe(sha256(file.buffer));
});

test('the download completes from another complete peer after the sharer closes its page midway', async ({
  browser,
}) => {
  const file = randomFile('leaving.bin', 8 * MIB);
  const sharerContext = await browser.newContext();
  const sharer = await sharerContext.newPage();
  const seeder = await (await browser.newContext()).newPage();
  const late = await (await browser.newContext({ acceptDownloads: true })).newPage();

  const link = await shareFiles(sharer, [file]);
  await startDownload(seeder, link, file.name);
  await waitForComplete(seeder);
  // The remaining complete peer serves slowly, so the late downloader is still midway when the sharer goes.
  await setUploadLimit(seeder, 1);
  await setUploadLimit(sharer, 1);

  await startDownload(late, link, file.name);
  await expect.poll(() => percentDone(late), { timeout: 30_000 }).toBeGreaterThan(0);
  const atClose = await percentDone(late);
  expect(atClose).toBeLessThan(100);
  await sharerContext.close();

  await waitForComplete(late, 120_000);
  expect(sha256(await saveAndRead(late, file.name))).toBe(sha256(file.buffer));
});

test('reloading a downloading tab resumes without fetching stored pieces again', async ({
  browser,
}) => {
  const file = randomFile('resume.bin', 8 * MIB);
  const sharer = await (await browser.newContext()).newPage();
  const downloader = await (await browser.newContext({ acceptDownloads: true })).newPage();

  await sharer.goto('/');
  await setUploadLimit(sharer, 1);
  const link = await shareFiles(sharer, [file]);
  await startDownload(downloader, link, file.name);
  await expect.poll(() => percentDone(downloader), { timeout: 30_000 }).toBeGreaterThanOrEqual(40);

  await downloader.reload();
  // Verified pieces come back from IndexedDB: progress starts where it was, with no Download press.
  await expect.poll(() => percentDone(downloader), { timeout: 15_000 }).toBeGreaterThanOrEqual(40);
  const before = await percentDone(downloader);
  await waitForComplete(downloader, 60_000);

  const fetchedAfterReload = [...(await bytesFromPeers(downloader)).values()].reduce(
    (a, b) => a + b,
    0,
  );
  const missingAtReload = file.buffer.length * (1 - before / 100);
  // Allow one piece (256 KiB) of slack for a piece that was in flight at the reload.
  expect(fetchedAfterReload).toBeLessThanOrEqual(missingAtReload + 256 * 1024 + 1);
  expect(sha256(await saveAndRead(downloader, file.name))).toBe(sha256(file.buffer));
});
