// Drives Shoal's UI the way a person does (pick files, read the link, press
// Download, press Save), for the end-to-end tests and the benchmarks.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';

export interface TestFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

export function randomFile(
  name: string,
  size: number,
  mimeType = 'application/octet-stream',
): TestFile {
  return { name, mimeType, buffer: randomBytes(size) };
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Opens Shoal at `path` (the home page unless a test needs another), picks the
 * files with "Choose files" and returns the share link.
 */
export async function shareFiles(page: Page, files: TestFile[], path = '/'): Promise<string> {
  await page.goto(path);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Choose files' }).click();
  await (await chooser).setFiles(files);
  const link = page.getByRole('textbox', { name: 'Share link' });
  await expect(link).toHaveValue(/#[A-Za-z0-9_-]{43}$/, { timeout: 60_000 });
  return link.inputValue();
}

/**
 * Shares `files` from a page whose upload is limited to `mibPerSecond` (set in
 * Settings first, so the limit holds from the first byte), and returns the link.
 */
export async function shareFilesAtLimit(
  page: Page,
  files: TestFile[],
  mibPerSecond: number,
): Promise<string> {
  await page.goto('/');
  await setUploadLimit(page, mibPerSecond);
  return shareFiles(page, files);
}

/** A file in a folder to share: its path inside the folder ('2024/a.jpg') and its bytes. */
export interface FolderFile {
  path: string;
  buffer: Buffer;
}

/** Writes `files` into a new folder `name` under `parent`; returns the folder's path, for shareFolder. */
export async function writeFolder(
  parent: string,
  name: string,
  files: FolderFile[],
): Promise<string> {
  const folder = join(parent, name);
  for (const file of files) {
    const path = join(folder, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.buffer);
  }
  return folder;
}

/**
 * Opens Shoal at `path` (the home page unless a test needs another), picks the
 * folder with "Choose a folder" and returns the share link. Every file in it is
 * shared under '<folder name>/<path inside>'.
 */
export async function shareFolder(page: Page, folder: string, path = '/'): Promise<string> {
  await page.goto(path);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Choose a folder' }).click();
  await (await chooser).setFiles(folder);
  const link = page.getByRole('textbox', { name: 'Share link' });
  await expect(link).toHaveValue(/#[A-Za-z0-9_-]{43}$/, { timeout: 60_000 });
  return link.inputValue();
}

/** Opens a link, waits for the files to show, presses Download. */
export async function startDownload(
  page: Page,
  link: string,
  firstFileName: string,
): Promise<void> {
  await page.goto(link);
  await expect(
    page.getByRole('list', { name: 'Files' }).getByText(firstFileName, { exact: true }),
  ).toBeVisible({
    timeout: 30_000,
  });
  await page.getByRole('button', { name: 'Download', exact: true }).click();
}

export async function waitForComplete(page: Page, timeout = 90_000): Promise<void> {
  await expect(page.getByRole('progressbar', { name: 'Download progress' })).toHaveAttribute(
    'aria-valuenow',
    '100',
    {
      timeout,
    },
  );
  await expect(page.getByRole('button', { name: /^Save / }).first()).toBeVisible({ timeout });
}

/** Presses Save for one file and returns the bytes the browser wrote to disk. */
export async function saveAndRead(page: Page, fileName: string): Promise<Buffer> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: `Save ${fileName}` }).click();
  const path = await (await download).path();
  return readFile(path);
}

/**
 * Presses "Save all as ZIP" and returns the name the browser was told to save the
 * archive under and the path it wrote it to.
 */
export async function saveAllAsZip(page: Page): Promise<{ name: string; path: string }> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save all as ZIP' }).click();
  const saved = await download;
  return { name: saved.suggestedFilename(), path: await saved.path() };
}

/** Opens the Settings panel, unless it is open already (its summary toggles it). */
async function openSettings(page: Page): Promise<void> {
  const panel = page.locator('details.settings');
  if (!(await panel.evaluate((details) => (details as unknown as { open: boolean }).open))) {
    await page.getByText('Settings', { exact: true }).click();
  }
}

/** Sets the upload limit in Settings, in MiB/s. */
export async function setUploadLimit(page: Page, mibPerSecond: number): Promise<void> {
  await openSettings(page);
  await page.getByLabel('Upload limit (MiB/s)').fill(String(mibPerSecond));
}

/** Turns "Hide my address from peers" on or off in Settings (kept for the browser context). */
export async function setHideAddress(page: Page, hide: boolean): Promise<void> {
  await openSettings(page);
  await page.getByLabel('Hide my address from peers').setChecked(hide);
}

/** The download progress in percent, as the progress bar reports it. */
export async function percentDone(page: Page): Promise<number> {
  const value = await page
    .getByRole('progressbar', { name: 'Download progress' })
    .getAttribute('aria-valuenow');
  return Number(value ?? 0);
}

/** One attribute of each peer in the Peers list that has it, by peer id. */
async function peerAttribute(page: Page, attribute: string): Promise<Map<string, string | null>> {
  const items = page.getByRole('list', { name: 'Peers' }).locator(`li[data-peer-id][${attribute}]`);
  const result = new Map<string, string | null>();
  for (const item of await items.all()) {
    result.set((await item.getAttribute('data-peer-id')) ?? '', await item.getAttribute(attribute));
  }
  return result;
}

/** Bytes received from each peer, as the Peers list reports them. */
export async function bytesFromPeers(page: Page): Promise<Map<string, number>> {
  const downloaded = await peerAttribute(page, 'data-downloaded');
  return new Map([...downloaded].map(([peerId, bytes]) => [peerId, Number(bytes)]));
}

/**
 * How the Peers list says each peer is connected: 'direct' or 'relay' (its
 * data-route), by peer id; a peer whose route is not known yet is missing.
 */
export async function peerRoutes(page: Page): Promise<Map<string, string>> {
  const routes = await peerAttribute(page, 'data-route');
  return new Map([...routes].map(([peerId, route]) => [peerId, route ?? '']));
}

/**
 * The notice saying why no peer can be reached. Its text is the sentence the
 * user reads; its data-problem is the code ('direct-connections-blocked' or
 * 'relay-unreachable'). Absent while nothing is wrong.
 */
export function connectivityProblem(page: Page): Locator {
  return page.getByTestId('connectivity-problem');
}
