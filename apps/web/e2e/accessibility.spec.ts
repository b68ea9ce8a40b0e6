// Issue 17: an axe-core scan of every state of the app, in light and in dark
// mode, with no serious or critical violation. Each state is reached the way a
// person reaches it, in real Chromium, and checked to be on screen before and
// after it is scanned, so a scan never passes on the state before or after.
import { open, rm } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { type Page } from '@playwright/test';
import { expect, test, randomFile, shareFilesAtLimit, waitForComplete } from '@shoal/testkit';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

/** Impacts that fail the test; 'minor' and 'moderate' ones are left to review. */
const FAILING_IMPACTS = new Set(['serious', 'critical']);

const SCHEMES = ['light', 'dark'] as const;

// Each scan takes 2–7 s on a loaded two-core machine (axe is injected afresh
// and checks the contrast of every text node), and a test here makes up to 16.
test.describe.configure({ timeout: 300_000 });

/**
 * Scans the page as it stands in light and then in dark mode and fails (softly,
 * so one run lists every state's violations) on any serious or critical one,
 * naming the rule, its impact, what it checks and each offending element.
 * Serious results axe could not decide ('incomplete') are noted on the test.
 */
async function expectAccessible(page: Page, state: string): Promise<void> {
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme });
    expect(
      await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches),
      `${colorScheme} mode is on`,
    ).toBe(colorScheme === 'dark');
    const { violations, incomplete } = await new AxeBuilder({ page }).analyze();
    const failing = violations
      .filter((violation) => FAILING_IMPACTS.has(violation.impact ?? ''))
      .map(
        (violation) =>
          `${violation.id} (${violation.impact}): ${violation.help}\n` +
          violation.nodes
            .map((node) => `    at ${node.target.join(' ')}: ${node.failureSummary ?? ''}`)
            .join('\n'),
      );
    expect
      .soft(failing, `axe: serious or critical violations in "${state}", ${colorScheme} mode`)
      .toEqual([]);
    for (const result of incomplete.filter((r) => FAILING_IMPACTS.has(r.impact ?? ''))) {
      test.info().annotations.push({
        type: 'axe: needs review',
        description: `${state}, ${colorScheme}: ${result.id} at ${result.nodes.map((node) => node.target.join(' ')).join(', ')}`,
      });
    }
  }
  await page.emulateMedia({ colorScheme: null });
}

test('the home page, Settings and a malformed link have no serious accessibility violation', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Choose files' })).toBeVisible();
  await expectAccessible(page, 'empty');

  await page.getByText('Settings', { exact: true }).click();
  await expect(page.getByLabel('Upload limit (MiB/s)')).toBeVisible();
  await expectAccessible(page, 'settings');
  // The field's own error notice.
  await page.getByLabel('Upload limit (MiB/s)').fill('fast');
  await expect(page.getByRole('alert')).toContainText('Enter a number of MiB/s above 0');
  await expectAccessible(page, 'settings with an invalid upload limit');

  await page.goto('/#not-a-link');
  await expect(page.getByRole('heading', { name: 'This link does not work' })).toBeVisible();
  await expectAccessible(page, 'error: malformed link');
});

test('preparing a share has no serious accessibility violation', async ({ page }, testInfo) => {
  // A sparse file: 64 GiB to hash and none of it on disk. Reading its holes
  // costs the kernel nothing, so "Preparing …" stays on screen for as long as
  // two workers take to hash 64 GiB (over 15 s even at 2 GB/s each, minutes
  // here), far longer than the two scans; then the test cancels it.
  const path = testInfo.outputPath('sparse-64GiB.bin');
  const handle = await open(path, 'w');
  await handle.truncate(64 * GIB);
  await handle.close();

  // Its length is 64 GiB to anything that asks, so it goes once the test is done.
  try {
    await page.goto('/');
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Choose files' }).click();
    await (await chooser).setFiles(path);
    // By role alone: whether it has a name is for the scan to say.
    const preparing = page.getByRole('progressbar');
    await expect(preparing).toBeVisible();
    // Hashing has begun: the workers report their progress.
    await expect(page.getByText(/^Preparing 1 file \(.+ of 64\.0 GiB\)…$/)).toBeVisible({
      timeout: 30_000,
    });
    await expectAccessible(page, 'hashing');
    await expect(preparing, 'still hashing after the scans').toBeVisible();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('button', { name: 'Choose files' })).toBeVisible();
  } finally {
    await rm(path);
  }
});

test('sharing, the download page, downloading, complete and stored shares have no serious accessibility violation', async ({
  browser,
}) => {
  // 24 MiB at 0.25 MiB/s: the download would run for 96 s, three times as long
  // as its six scans took at worst (30 s, at load 13 on two cores); once they
  // are done, the sharer lifts the limit and the download finishes at once.
  const file = randomFile('report.pdf', 24 * MIB, 'application/pdf');
  const sharer = await (await browser.newContext()).newPage();
  const link = await shareFilesAtLimit(sharer, [file], 0.25);
  await expect(sharer.getByRole('heading', { name: 'Sharing' })).toBeVisible();
  await expectAccessible(sharer, 'sharing');

  const downloader = await (await browser.newContext()).newPage();
  await downloader.goto(link);
  const download = downloader.getByRole('button', { name: 'Download', exact: true });
  await expect(download).toBeVisible({ timeout: 30_000 });
  await expectAccessible(downloader, 'download page');

  await download.click();
  const pause = downloader.getByRole('button', { name: 'Pause' });
  await expect(pause).toBeVisible();
  await expect(downloader.getByRole('progressbar', { name: 'Download progress' })).toBeVisible();
  await expectAccessible(downloader, 'downloading');
  await expectAccessible(sharer, 'sharing while a peer downloads');
  // Cancel asks first, in a warning notice.
  await downloader.getByRole('button', { name: 'Cancel' }).click();
  await expect(downloader.getByRole('group', { name: 'Cancel the download' })).toBeVisible();
  await expectAccessible(downloader, 'downloading, asked whether to cancel');
  await downloader.getByRole('button', { name: 'Go on downloading' }).click();
  await expect(pause, 'still downloading after the scans').toBeVisible();

  await sharer.getByText('Settings', { exact: true }).click();
  await sharer.getByLabel('Upload limit (MiB/s)').fill('');
  await waitForComplete(downloader);
  await expectAccessible(downloader, 'complete');

  await downloader.goto('/');
  await expect(downloader.getByRole('list', { name: 'Stored shares' })).toContainText('report.pdf');
  await expectAccessible(downloader, 'stored shares');
});
