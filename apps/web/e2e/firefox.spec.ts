import {
  expect,
  test,
  randomFile,
  saveAndHashInFirefox,
  sha256,
  shareFiles,
  useFirefox,
  startDownloadInFirefox,
  waitForCompleteInFirefox,
} from '@shoal/testkit';

const MIB = 1024 * 1024;

const firefox = useFirefox();

test('a file shared from Chromium downloads and saves byte-identical in Firefox', async ({
  browser,
  baseURL,
}) => {
  const file = randomFile('to-firefox.bin', 6 * MIB);
  const sharer = await (await browser.newContext()).newPage();
  const link = await shareFiles(sharer, [file]);

  const page = await firefox().browser.newPage();
  await startDownloadInFirefox(page, link.replace(/^https?:\/\/[^/]+/, baseURL ?? ''), file.name);
  await waitForCompleteInFirefox(page);
  const saved = await saveAndHashInFirefox(page, file.name);
  expect(saved.length).toBe(file.buffer.length);
  expect(saved.hash).toBe(sha256(file.buffer));
  // The sharer sees that one peer has finished, and two whole copies now exist.
  await expect(sharer.getByText('1 finished · 0 downloading · 2.0 copies in reach')).toBeVisible();
});
