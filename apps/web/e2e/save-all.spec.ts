import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import {
  expect,
  test,
  firefoxDownloadPrefs,
  launchFirefox,
  saveAllAsZip,
  saveAllAsZipInFirefox,
  sha256,
  shareFolder,
  startDownload,
  startDownloadInFirefox,
  unzip,
  waitForComplete,
  waitForCompleteInFirefox,
  writeFolder,
  type FolderFile,
} from '@shoal/testkit';

const KIB = 1024;

/** A folder with subfolders, unicode and emoji names, and an empty file; pieces span several files. */
const FOLDER_NAME = 'Ferien 2026 ☀';
const FILES: FolderFile[] = [
  { path: 'été 🐟/photo.jpg', buffer: randomBytes(300 * KIB) },
  { path: '日本語/資料.pdf', buffer: randomBytes(1536 * KIB) },
  { path: 'notes.txt', buffer: randomBytes(10 * KIB) },
  { path: 'empty.txt', buffer: Buffer.alloc(0) },
  { path: 'a/b/c/deep.bin', buffer: randomBytes(700 * KIB) },
];

/** Each file's path in the share (and the archive) and its SHA-256, in path order. */
const EXPECTED = FILES.map((file) => ({
  name: `${FOLDER_NAME}/${file.path}`,
  sha256: sha256(file.buffer),
})).sort((a, b) => (a.name < b.name ? -1 : 1));

/** The archive's entries as EXPECTED lists them. */
async function entriesOf(archive: string) {
  const entries = await unzip(archive);
  return entries
    .map((entry) => ({ name: entry.name, sha256: sha256(entry.bytes) }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

test('"Save all as ZIP" saves a shared folder as one ZIP named after it, every file under its path with its exact bytes', async ({
  browser,
}) => {
  const folder = await writeFolder(test.info().outputPath('shared'), FOLDER_NAME, FILES);
  const sharer = await (await browser.newContext()).newPage();
  const downloader = await (await browser.newContext({ acceptDownloads: true })).newPage();
  const link = await shareFolder(sharer, folder);

  await startDownload(downloader, link, EXPECTED[0]!.name);
  await waitForComplete(downloader);
  const saved = await saveAllAsZip(downloader);

  expect(saved.name).toBe(`${FOLDER_NAME}.zip`);
  expect(await entriesOf(saved.path)).toEqual(EXPECTED);
});

test('"Save all as ZIP" in Firefox saves the same archive', async ({ browser, baseURL }) => {
  const folder = await writeFolder(test.info().outputPath('shared'), FOLDER_NAME, FILES);
  const downloads = test.info().outputPath('firefox-downloads');
  await mkdir(downloads, { recursive: true });
  const sharer = await (await browser.newContext()).newPage();
  const link = await shareFolder(sharer, folder);

  const firefox = await launchFirefox(firefoxDownloadPrefs(downloads));
  try {
    const page = await firefox.browser.newPage();
    const local = link.replace(/^https?:\/\/[^/]+/, baseURL ?? '');
    await startDownloadInFirefox(page, local, EXPECTED[0]!.name);
    await waitForCompleteInFirefox(page);
    const saved = await saveAllAsZipInFirefox(page, downloads);

    expect(saved.name).toBe(`${FOLDER_NAME}.zip`);
    expect(await entriesOf(saved.path)).toEqual(EXPECTED);
  } finally {
    await firefox.close();
  }
});

test('a ZIP that takes Firefox longer to write than it lets an idle service worker live is saved whole', async ({
  browser,
  baseURL,
}) => {
  // Sharing and downloading 128 MiB took 37-72 s on 2 cores, as other work came and went.
  test.setTimeout(240_000);
  const files = ['one', 'two', 'three', 'four'].map((name) => ({
    path: `${name}.bin`,
    buffer: randomBytes(32 * 1024 * KIB),
  }));
  const folder = await writeFolder(test.info().outputPath('shared'), 'big', files);
  const downloads = test.info().outputPath('firefox-downloads');
  await mkdir(downloads, { recursive: true });
  const sharer = await (await browser.newContext()).newPage();
  const link = await shareFolder(sharer, folder);

  // Writing the 128 MiB archive takes Firefox's worker ~4 s here. Stopped after 2 s
  // without an event, it ended the archive short until it asked the pages for
  // messages (keep-alive.ts): Firefox still reported the download complete.
  const firefox = await launchFirefox({
    ...firefoxDownloadPrefs(downloads),
    'dom.serviceWorkers.idle_timeout': 2_000,
    'dom.serviceWorkers.idle_extended_timeout': 2_000,
  });
  try {
    const page = await firefox.browser.newPage();
    const local = link.replace(/^https?:\/\/[^/]+/, baseURL ?? '');
    await startDownloadInFirefox(page, local, 'big/one.bin');
    await waitForCompleteInFirefox(page, 180_000);
    const saved = await saveAllAsZipInFirefox(page, downloads, 60_000);

    expect(await entriesOf(saved.path)).toEqual(
      files
        .map((file) => ({ name: `big/${file.path}`, sha256: sha256(file.buffer) }))
        .sort((a, b) => (a.name < b.name ? -1 : 1)),
    );
  } finally {
    await firefox.close();
  }
});
