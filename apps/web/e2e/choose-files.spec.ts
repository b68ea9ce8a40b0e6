import { type Page } from '@playwright/test';
import type { Page as FirefoxPage } from 'puppeteer-core';
import {
  expect,
  test,
  bytesFromPeers,
  percentDone,
  randomFile,
  saveAndHashInFirefox,
  saveAndRead,
  startDownloadInFirefox,
  shareFilesAtLimit,
  useFirefox,
  sha256,
  shareFiles,
  untilInFirefox,
  waitForComplete,
  waitForCompleteInFirefox,
} from '@shoal/testkit';

const MIB = 1024 * 1024;
/** The smallest piece Shoal makes: a share this small is cut into pieces of it. */
const PIECE = 256 * 1024;

/** Three files; b.bin is the one the downloader does not want. */
function threeFiles() {
  return [
    randomFile('a.bin', 3 * MIB + 1000),
    randomFile('b.bin', 3 * MIB),
    randomFile('c.bin', 2 * MIB - 1000),
  ];
}

async function openLink(page: Page, link: string, firstFileName: string): Promise<void> {
  await page.goto(link);
  await expect(
    page.getByRole('list', { name: 'Files' }).getByText(firstFileName, { exact: true }),
  ).toBeVisible({ timeout: 30_000 });
}

/** The download's percentage, from its progress bar (an expression for the page). */
const PERCENT = `Number(document.querySelector('[role=progressbar][aria-label="Download progress"]')?.getAttribute('aria-valuenow') ?? 0)`;

const totalFrom = (peers: Map<string, number>) => [...peers.values()].reduce((a, b) => a + b, 0);

test('a downloader that unticks a file fetches only the others, and gets it later when ticked again', async ({
  browser,
}) => {
  const files = threeFiles();
  const [a, b, c] = files;
  const sharer = await (await browser.newContext()).newPage();
  const link = await shareFiles(sharer, files);

  const page = await (await browser.newContext()).newPage();
  await openLink(page, link, 'a.bin');
  await page.getByRole('checkbox', { name: 'Download b.bin' }).uncheck();
  await page.getByRole('button', { name: 'Download', exact: true }).click();
  await waitForComplete(page);

  for (const file of [a!, c!])
    expect(sha256(await saveAndRead(page, file.name))).toBe(sha256(file.buffer));
  await expect(page.getByRole('button', { name: 'Save b.bin' })).toHaveCount(0);
  await expect(page.getByRole('img', { name: /not chosen$/ })).toBeVisible();
  // Only a.bin and c.bin came, plus the two pieces b.bin shares with them.
  const fetched = totalFrom(await bytesFromPeers(page));
  expect(fetched).toBeLessThanOrEqual(a!.buffer.length + c!.buffer.length + 2 * PIECE);
  expect(fetched).toBeLessThan(a!.buffer.length + b!.buffer.length);

  await page.getByRole('checkbox', { name: 'Download b.bin' }).check();
  await expect(page.getByRole('button', { name: 'Save b.bin' })).toBeVisible({ timeout: 60_000 });
  expect(sha256(await saveAndRead(page, 'b.bin'))).toBe(sha256(b!.buffer));
});

test('the choice of files survives a reload', async ({ browser }) => {
  const files = threeFiles();
  const sharer = await (await browser.newContext()).newPage();
  const link = await shareFilesAtLimit(sharer, files, 1);

  const page = await (await browser.newContext()).newPage();
  await openLink(page, link, 'a.bin');
  await page.getByRole('checkbox', { name: 'Download a.bin' }).uncheck();
  await page.getByRole('button', { name: 'Download', exact: true }).click();
  await expect.poll(() => percentDone(page), { timeout: 30_000 }).toBeGreaterThan(0);
  await page.reload();
  await expect(page.getByRole('checkbox', { name: 'Download a.bin' })).not.toBeChecked({
    timeout: 30_000,
  });
  await waitForComplete(page);
  expect(sha256(await saveAndRead(page, 'c.bin'))).toBe(sha256(files[2]!.buffer));
  await expect(page.getByRole('button', { name: 'Save a.bin' })).toHaveCount(0);
});

test('a paused download fetches nothing yet still serves its pieces; it resumes, and cancel deletes what it stored', async ({
  browser,
}) => {
  const file = randomFile('big.bin', 8 * MIB);
  const sharer = await (await browser.newContext()).newPage();
  // Slow enough that the second downloader is still running when it cancels (~12 s from the sharer).
  const link = await shareFilesAtLimit(sharer, [file], 0.5);

  const first = await (await browser.newContext()).newPage();
  await openLink(first, link, 'big.bin');
  await first.getByRole('button', { name: 'Download', exact: true }).click();
  await expect.poll(() => percentDone(first), { timeout: 30_000 }).toBeGreaterThanOrEqual(25);
  await first.getByRole('button', { name: 'Pause' }).click();
  await expect(first.getByRole('status').filter({ hasText: 'Paused' })).toBeVisible();
  // A piece whose last block came in before the pause is still verified and stored
  // after it (that is not fetching more): take the figure once it has held for 1 s.
  let atPause = -1;
  await expect
    .poll(
      async () => {
        const [before, after] = [atPause, await percentDone(first)];
        atPause = after;
        return after === before;
      },
      { intervals: [1_000], timeout: 15_000 },
    )
    .toBe(true);

  // A second downloader gets pieces from the paused one, which holds a quarter or more.
  const second = await (await browser.newContext()).newPage();
  await openLink(second, link, 'big.bin');
  await second.getByRole('button', { name: 'Download', exact: true }).click();
  await expect.poll(async () => (await bytesFromPeers(second)).size, { timeout: 60_000 }).toBe(2);
  await expect
    .poll(async () => Math.min(...(await bytesFromPeers(second)).values()), { timeout: 60_000 })
    .toBeGreaterThan(0);
  // Meanwhile the paused one fetched nothing more.
  expect(await percentDone(first)).toBe(atPause);

  // The second one cancels while it runs, deletes, and finds nothing kept when it comes back.
  await second.getByRole('button', { name: 'Cancel' }).click();
  await second.getByRole('button', { name: 'Delete what is stored' }).click();
  await expect(
    second.getByText('Download cancelled. What it had stored is deleted.'),
  ).toBeVisible();
  await second.goto('/');
  await expect(second.getByText('big.bin')).toHaveCount(0);
  await openLink(second, link, 'big.bin');
  await expect(second.getByRole('button', { name: 'Download', exact: true })).toBeVisible();

  await first.getByRole('button', { name: 'Resume' }).click();
  await waitForComplete(first);
  expect(sha256(await saveAndRead(first, 'big.bin'))).toBe(sha256(file.buffer));
});

test.describe('Firefox', () => {
  const firefox = useFirefox();

  test('Firefox fetches only the ticked files, pauses and resumes, and saves them byte-identical', async ({
    browser,
    baseURL,
  }) => {
    const files = threeFiles();
    const sharer = await (await browser.newContext()).newPage();
    const link = await shareFilesAtLimit(sharer, files, 2);

    const page = await firefox().browser.newPage();
    await page.goto(link.replace(/^https?:\/\/[^/]+/, baseURL ?? ''));
    const box = 'input[aria-label="Download b.bin"]';
    await untilInFirefox(page, `!!document.querySelector('${box}')`, 30_000);
    await (await page.$(box))!.click();
    await untilInFirefox(page, `document.querySelector('${box}').checked === false`, 5_000);
    await clickButton(page, 'Download');
    await clickButton(page, 'Pause');
    await untilInFirefox(
      page,
      `[...document.querySelectorAll('[role=status]')].some((e) => e.textContent.startsWith('Paused'))`,
      10_000,
    );
    await clickButton(page, 'Resume');
    await waitForCompleteInFirefox(page, 90_000);
    for (const file of [files[0]!, files[2]!]) {
      const saved = await saveAndHashInFirefox(page, file.name);
      expect(saved.hash).toBe(sha256(file.buffer));
    }
    expect(await page.$('button[aria-label="Save b.bin"]')).toBeNull();
  });

  test('Firefox cancels a download, deletes what it stored, and downloads it whole again', async ({
    browser,
    baseURL,
  }) => {
    const file = randomFile('again.bin', 4 * MIB);
    const sharer = await (await browser.newContext()).newPage();
    const link = await shareFilesAtLimit(sharer, [file], 0.5);
    const local = link.replace(/^https?:\/\/[^/]+/, baseURL ?? '');

    const page = await firefox().browser.newPage();
    await startDownloadInFirefox(page, local, 'again.bin');
    await untilInFirefox(page, `${PERCENT} > 0`, 30_000);
    await clickButton(page, 'Cancel');
    await clickButton(page, 'Delete what is stored');
    await untilInFirefox(
      page,
      `document.body.textContent.includes('Download cancelled. What it had stored is deleted.')`,
      10_000,
    );
    // Nothing was kept: the link opens ready to download, not resuming.
    await page.reload();
    await clickButton(page, 'Download');
    await waitForCompleteInFirefox(page, 90_000);
    const saved = await saveAndHashInFirefox(page, 'again.bin');
    expect(saved.hash).toBe(sha256(file.buffer));
  });
});

/** Clicks the button whose text is `text`, once it is there. */
async function clickButton(page: FirefoxPage, text: string): Promise<void> {
  const find = `[...document.querySelectorAll('button')].find((b) => b.textContent === ${JSON.stringify(text)})`;
  await untilInFirefox(page, `!!${find}`, 30_000);
  const handle = await page.evaluateHandle(find);
  await (handle as unknown as { click(): Promise<void> }).click();
}
