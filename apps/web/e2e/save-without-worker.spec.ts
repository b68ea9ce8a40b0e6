import { mkdir, readFile, rm } from 'node:fs/promises';
import {
  expect,
  test,
  firefoxDownloadPrefs,
  launchFirefox,
  saveAllAsZipInFirefox,
  saveFileInFirefox,
  sha256,
  shareFiles,
  randomFile,
  startDownload,
  waitForComplete,
  startDownloadInFirefox,
  unzip,
  untilInFirefox,
  waitForCompleteInFirefox,
} from '@shoal/testkit';

const MIB = 1024 * 1024;

/**
 * Firefox with service workers turned off, as in its private windows: the page
 * saves by itself (save-in-page.ts), as a Blob handed to the download manager.
 */
test('without a service worker, Firefox saves a file and a ZIP of the share by the page itself, byte-identical', async ({
  browser,
  baseURL,
}) => {
  const files = [randomFile('one.bin', 3 * MIB + 17), randomFile('two.bin', 1 * MIB)];
  const sharer = await (await browser.newContext()).newPage();
  const link = await shareFiles(sharer, files);

  const downloads = test.info().outputPath('firefox-downloads');
  await mkdir(downloads, { recursive: true });
  const firefox = await launchFirefox({
    ...firefoxDownloadPrefs(downloads),
    'dom.serviceWorkers.enabled': false,
  });
  try {
    const page = await firefox.browser.newPage();
    await startDownloadInFirefox(page, link.replace(/^https?:\/\/[^/]+/, baseURL ?? ''), 'one.bin');
    expect(await page.evaluate(`'serviceWorker' in navigator`)).toBe(false);
    await waitForCompleteInFirefox(page);
    // No player without a worker: no Play button is offered for anything.
    expect(await page.$('button[aria-label^="Play "]')).toBeNull();

    const saved = await saveFileInFirefox(page, 'one.bin', downloads);
    expect(saved.name).toBe('one.bin');
    expect(sha256(await readFile(saved.path))).toBe(sha256(files[0]!.buffer));

    // The download folder holds one finished file at a time: the ZIP comes next.
    await rm(saved.path);
    await untilInFirefox(
      page,
      `[...document.querySelectorAll('button')].some((b) => b.textContent === 'Save all as ZIP')`,
      10_000,
    );
    const zip = await saveAllAsZipInFirefox(page, downloads);
    const entries = await unzip(zip.path);
    expect(entries.map((e) => [e.name, sha256(e.bytes)])).toEqual(
      files.map((f) => [f.name, sha256(f.buffer)]),
    );
  } finally {
    await firefox.close();
  }
});

/**
 * Stands in for the operating system's save dialog (which no test can press):
 * showSaveFilePicker returns a file whose writes are hashed in the page, so the
 * test sees exactly what Shoal wrote through the File System Access API.
 */
const FAKE_SAVE_DIALOG = `
  window.showSaveFilePicker = async ({ suggestedName }) => ({
    async createWritable() {
      const chunks = [];
      return new WritableStream({
        write(chunk) { chunks.push(chunk); },
        async close() {
          const bytes = await new Blob(chunks).arrayBuffer();
          const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
          window.pickedSave = {
            name: suggestedName,
            length: bytes.byteLength,
            hash: Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join(''),
          };
        },
      });
    },
  });
`;

test('without a service worker, Chromium saves through the File System Access API', async ({
  browser,
}) => {
  const file = randomFile('fsa.bin', 2 * MIB + 5);
  const sharer = await (await browser.newContext()).newPage();
  const link = await shareFiles(sharer, [file]);

  const context = await browser.newContext({ serviceWorkers: 'block' });
  await context.addInitScript(FAKE_SAVE_DIALOG);
  const page = await context.newPage();
  await startDownload(page, link, 'fsa.bin');
  await waitForComplete(page);
  await page.getByRole('button', { name: 'Save fsa.bin' }).click();
  await expect
    .poll(() => page.evaluate('window.pickedSave ?? null'), { timeout: 30_000 })
    .toEqual({ name: 'fsa.bin', length: file.buffer.length, hash: sha256(file.buffer) });
});
