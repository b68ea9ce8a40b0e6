// Shoal measured through the real app: the same pages, buttons and code paths a
// person uses, timed with the app's own performance marks.
import type { Page } from '@playwright/test';

/** What the web app marks (apps/web/src/session/marks.ts); the bench reads, never imports, them. */
const MARK = {
  hashStart: 'shoal:hash-start',
  hashEnd: 'shoal:hash-end',
  linkReady: 'shoal:link-ready',
  downloadStart: 'shoal:download-start',
  firstPiece: 'shoal:first-piece',
  downloadComplete: 'shoal:download-complete',
} as const;

/** Longest any single step may take before the bench gives up (a 1 GiB download included). */
const STEP_TIMEOUT_MS = 15 * 60 * 1000;

/**
 * Milliseconds between two marks on the page, once the second exists. The page
 * reports the mark itself (a PerformanceObserver) rather than being polled: a
 * poll every 50 ms costs CPU on the page under test that the baseline never pays.
 */
function between(page: Page, from: string, to: string): Promise<number> {
  // No named functions inside: the bench runs through tsx, whose helpers they would call.
  return page.evaluate(
    async ([a, b, timeoutMs]) => {
      const deadline = performance.now() + timeoutMs;
      while (performance.getEntriesByName(b).length === 0) {
        const left = deadline - performance.now();
        if (left <= 0) throw new Error(`no "${b}" mark after ${timeoutMs} ms`);
        // Sleeps until the page marks anything, checked in the same task: no mark slips by.
        await new Promise((resolve) => {
          const observer = new PerformanceObserver(() => {
            observer.disconnect();
            clearTimeout(timer);
            resolve(null);
          });
          const timer = setTimeout(() => {
            observer.disconnect();
            resolve(null);
          }, left);
          observer.observe({ type: 'mark' });
        });
      }
      return (
        performance.getEntriesByName(b)[0]!.startTime -
        performance.getEntriesByName(a)[0]!.startTime
      );
    },
    [from, to, STEP_TIMEOUT_MS] as const,
  );
}

/**
 * Shares the file at `path` (by its path: Chromium reads it from disk, never
 * whole). Returns the link, the hashing time, and the time from the files
 * arriving to the link showing (hashing plus registering the share).
 */
export async function share(
  page: Page,
  path: string,
): Promise<{ link: string; hashMs: number; linkMs: number }> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Choose files' }).click();
  await (await chooser).setFiles(path);
  const hashMs = await between(page, MARK.hashStart, MARK.hashEnd);
  const linkMs = await between(page, MARK.hashStart, MARK.linkReady);
  const box = page.getByRole('textbox', { name: 'Share link' });
  await box.waitFor({ timeout: STEP_TIMEOUT_MS });
  return { link: await box.inputValue(), hashMs, linkMs };
}

/** Opens the link, presses Download once the files show; returns ms until every piece is verified and stored. */
export async function download(page: Page, link: string): Promise<number> {
  // A page already on the link (its idle memory just sampled) is not loaded again.
  if (page.url() !== link) await page.goto(link);
  const button = page.getByRole('button', { name: 'Download', exact: true });
  await button.waitFor({ timeout: STEP_TIMEOUT_MS });
  await button.click();
  return between(page, MARK.downloadStart, MARK.downloadComplete);
}

/** After download(): ms from pressing Download to the first verified piece. */
export function firstPieceMs(page: Page): Promise<number> {
  return between(page, MARK.downloadStart, MARK.firstPiece);
}

export async function setUploadLimit(page: Page, bytesPerSecond: number | null): Promise<void> {
  const details = page.locator('details.settings');
  if (!(await details.evaluate((el) => (el as HTMLDetailsElement).open))) {
    await page.getByText('Settings', { exact: true }).click();
  }
  await page
    .getByLabel('Upload limit (MiB/s)')
    .fill(bytesPerSecond === null ? '' : String(bytesPerSecond / (1024 * 1024)));
}
