// Takes the README's pictures of Shoal's main states (the home page, sharing,
// downloading) on a desktop and a phone, in light and dark mode, into this folder.
import type { Browser, Page } from '@playwright/test';
import {
  expect,
  percentDone,
  randomFile,
  shareFilesAtLimit,
  startDownload,
  test,
} from '@shoal/testkit';
import { createI18n } from '../src/i18n/i18n.ts';

const MIB = 1024 * 1024;
const HERE = new URL('.', import.meta.url).pathname;

const DEVICES = {
  desktop: { viewport: { width: 1100, height: 900 }, deviceScaleFactor: 1 },
  phone: {
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  },
} as const;
const SCHEMES = ['light', 'dark'] as const;

/** A share in the middle of its download: the sharer sends at 1 MiB/s, so 24 MiB take ~25 s. */
async function midDownload(browser: Browser): Promise<{ sharer: Page; link: string }> {
  const sharer = await (await browser.newContext(DEVICES.desktop)).newPage();
  const link = await shareFilesAtLimit(
    sharer,
    [randomFile('holiday-video.mp4', 16 * MIB), randomFile('notes.pdf', 8 * MIB)],
    1,
  );
  return { sharer, link };
}

test('screenshots for the README', async ({ browser }) => {
  test.setTimeout(300_000);
  const { sharer, link } = await midDownload(browser);
  for (const [device, options] of Object.entries(DEVICES)) {
    for (const scheme of SCHEMES) {
      const context = await browser.newContext({ ...options, colorScheme: scheme });
      const page = await context.newPage();
      await page.goto('/');
      await expect(page.getByRole('button', { name: 'Choose files' })).toBeVisible();
      await page.screenshot({
        path: `${HERE}${device}-${scheme}-home.png`,
        fullPage: device === 'phone',
      });

      await startDownload(page, link, 'holiday-video.mp4');
      await expect.poll(() => percentDone(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(20);
      await page.screenshot({
        path: `${HERE}${device}-${scheme}-downloading.png`,
        fullPage: device === 'phone',
      });
      if (device === 'desktop') {
        // The sharer's view while this downloader fetches from it.
        await sharer.emulateMedia({ colorScheme: scheme });
        await sharer.screenshot({ path: `${HERE}desktop-${scheme}-sharing.png` });
      }
      await context.close();
    }
  }
  // Arabic, right to left, on a desktop.
  const arabic = await browser.newContext({ ...DEVICES.desktop, colorScheme: 'light' });
  await arabic.addInitScript("localStorage.setItem('shoal.language', 'ar')");
  const page = await arabic.newPage();
  const { t } = createI18n('ar');
  await page.goto(link);
  await page.getByRole('button', { name: t('download.start'), exact: true }).click();
  const progress = page.getByRole('progressbar', { name: t('status.progress') });
  await expect
    .poll(async () => Number(await progress.getAttribute('aria-valuenow')), { timeout: 60_000 })
    .toBeGreaterThanOrEqual(20);
  await page.screenshot({ path: `${HERE}desktop-light-downloading-ar.png` });
});
