import { readFile } from 'node:fs/promises';
import { type Page } from '@playwright/test';
import { expect, shareFilesAtLimit, test } from '@shoal/testkit';

/** The 1.5 MB WebM test pattern of streaming.spec.ts. */
const FIXTURE = new URL('./fixtures/test-pattern.webm', import.meta.url);
const NAME = 'test-pattern.webm';

/**
 * The sharer's upload limit, ~21 KB/s: the first 256 KiB piece takes ~12 s to
 * arrive, so the player's stream is still waiting for it when the test deletes.
 */
const UPLOAD_LIMIT_MIB_PER_S = 0.02;

/**
 * How soon a delete must be done: far inside the ~30 s after which a browser
 * stops an idle service worker (which would close its connections and let a
 * stalled delete through on its own), and the 5 s after which deletePieceDatabase
 * gives up on a blocked delete.
 */
const DELETED_WITHIN_MS = 4_000;

/** How soon the player's open stream must end once its share is deleted. */
const STREAM_ENDS_WITHIN_MS = 5_000;

const isStream = (url: string) => new URL(url).pathname.startsWith('/stream/');

/**
 * Opens the link, presses Play, and resolves once the service worker has
 * answered the player (headers sent, the body waiting for the first piece).
 * `ended` settles with how the stream ended: 'finished' or the failure's text.
 */
async function playWhileItArrives(page: Page, link: string): Promise<{ ended: Promise<string> }> {
  const ended = new Promise<string>((resolve) => {
    page.on('requestfinished', (request) => {
      if (isStream(request.url())) resolve('finished');
    });
    page.on('requestfailed', (request) => {
      if (isStream(request.url())) resolve(`failed: ${request.failure()?.errorText ?? '?'}`);
    });
  });
  const answered = page.waitForResponse((response) => isStream(response.url()), {
    timeout: 30_000,
  });
  await page.goto(link);
  await page.getByRole('button', { name: `Play ${NAME}` }).click();
  const response = await answered;
  expect(response.status()).toBeLessThan(300);
  return { ended };
}

/** Names of Shoal's piece databases in the page's origin. */
async function pieceDatabases(page: Page): Promise<string[]> {
  const names = await page.evaluate(async () =>
    (await indexedDB.databases()).map((database) => database.name ?? ''),
  );
  return names.filter((name) => name.startsWith('shoal-pieces-'));
}

/** Settles with `promise`'s value, or 'still open' if it has not settled within `ms`. */
const within = (promise: Promise<string>, ms: number) =>
  Promise.race([promise, new Promise<string>((resolve) => setTimeout(resolve, ms, 'still open'))]);

async function shareSlowVideo(page: Page): Promise<string> {
  const buffer = await readFile(FIXTURE);
  return shareFilesAtLimit(
    page,
    [{ name: NAME, mimeType: 'video/webm', buffer }],
    UPLOAD_LIMIT_MIB_PER_S,
  );
}

test('Delete in the stored-shares list while another tab plays the share: done at once, database gone, the stream ends', async ({
  browser,
}) => {
  const sharer = await (await browser.newContext()).newPage();
  const link = await shareSlowVideo(sharer);

  const context = await browser.newContext();
  const player = await context.newPage();
  const { ended } = await playWhileItArrives(player, link);

  const home = await context.newPage();
  await home.goto('/');
  home.on('dialog', (dialog) => void dialog.accept());
  const stored = home.getByRole('list', { name: 'Stored shares' });
  await expect(stored.getByText(NAME)).toBeVisible();
  expect(await within(ended, 0)).toBe('still open');
  expect(await pieceDatabases(home)).toHaveLength(1);

  await stored.getByRole('button', { name: 'Delete' }).click();
  await expect(home.getByText('Deleted. Its storage is free again.')).toBeVisible({
    timeout: DELETED_WITHIN_MS,
  });
  await expect(stored).toHaveCount(0);
  expect(await pieceDatabases(home)).toEqual([]);
  // The player's stream was waiting for a piece of the deleted share: it must end, not wait on.
  expect(await within(ended, STREAM_ENDS_WITHIN_MS)).not.toBe('still open');
  // Nothing opened the database again meanwhile (a retrying player, the page's session).
  expect(await pieceDatabases(home)).toEqual([]);
});

test('Cancel and delete while the same tab plays the share: done at once, database gone, the stream ends', async ({
  browser,
}) => {
  const sharer = await (await browser.newContext()).newPage();
  const link = await shareSlowVideo(sharer);

  const player = await (await browser.newContext()).newPage();
  const { ended } = await playWhileItArrives(player, link);
  expect(await within(ended, 0)).toBe('still open');
  expect(await pieceDatabases(player)).toHaveLength(1);

  await player.getByRole('button', { name: 'Cancel', exact: true }).click();
  await player
    .getByRole('group', { name: 'Cancel the download' })
    .getByRole('button', { name: 'Delete what is stored' })
    .click();
  await expect(player.getByText('Download cancelled. What it had stored is deleted.')).toBeVisible({
    timeout: DELETED_WITHIN_MS,
  });
  expect(await pieceDatabases(player)).toEqual([]);
  expect(await within(ended, STREAM_ENDS_WITHIN_MS)).not.toBe('still open');
  expect(await pieceDatabases(player)).toEqual([]);
});
