import {
  expect,
  test,
  randomFile,
  saveAndRead,
  sha256,
  shareFiles,
  startDownload,
  waitForComplete,
} from '@shoal/testkit';

const MIB = 1024 * 1024;

test('a 20 MiB file dropped in one browser downloads and saves byte-identical in another', async ({
  browser,
}) => {
  const file = randomFile('random-20MiB.bin', 20 * MIB);
  const sharer = await (await browser.newContext()).newPage();
  const downloader = await (await browser.newContext({ acceptDownloads: true })).newPage();

  const link = await shareFiles(sharer, [file]);
  await startDownload(downloader, link, file.name);
  await waitForComplete(downloader);

  const saved = await saveAndRead(downloader, file.name);
  expect(saved.length).toBe(file.buffer.length);
  expect(sha256(saved)).toBe(sha256(file.buffer));
});
