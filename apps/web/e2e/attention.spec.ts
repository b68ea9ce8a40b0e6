import {
  expect,
  test,
  randomFile,
  saveAndRead,
  sha256,
  shareFilesAtLimit,
  startDownload,
  waitForComplete,
} from '@shoal/testkit';

const MIB = 1024 * 1024;

/**
 * Stand-ins for what a headless browser cannot show: the Screen Wake Lock API
 * (it records requests and releases), a page the user can hide (visibilityState
 * as the test sets it), and granted notifications (recorded, not shown).
 */
const DEVICE = `
  window.__wake = [];
  Object.defineProperty(navigator, 'wakeLock', {
    value: {
      request: async () => {
        window.__wake.push('request');
        return { release: async () => { window.__wake.push('release'); } };
      },
    },
  });
  let hidden = false;
  Object.defineProperty(document, 'visibilityState', { get: () => (hidden ? 'hidden' : 'visible') });
  Object.defineProperty(document, 'hidden', { get: () => hidden });
  window.__setHidden = (value) => {
    hidden = value;
    document.dispatchEvent(new Event('visibilitychange'));
  };
  window.__notes = [];
  window.Notification = class {
    static permission = 'granted';
    static requestPermission = async () => 'granted';
    constructor(title, options) { window.__notes.push([title, options.body]); }
  };
`;

test('the screen stays awake while downloading, and a download done in a background tab says so in the title and a notification', async ({
  browser,
}) => {
  const file = randomFile('holiday.mov', 4 * MIB);
  const sharer = await (await browser.newContext()).newPage();
  const link = await shareFilesAtLimit(sharer, [file], 1);
  // Sharing started: focus is on the new content, and a screen reader hears it is ready.
  await expect(sharer.getByRole('heading', { name: 'Sharing' })).toBeFocused();
  await expect(sharer.locator('.visually-hidden[aria-live=polite]')).toHaveText(
    'Sharing is ready. Send the link below.',
  );

  const context = await browser.newContext();
  await context.addInitScript(DEVICE);
  const page = await context.newPage();
  await startDownload(page, link, 'holiday.mov');
  await expect.poll(() => page.evaluate('window.__wake')).toEqual(['request']);
  const live = page.locator('.visually-hidden[aria-live=polite]');
  await expect(live).toHaveText(/^(Download started\.|Downloaded \d+%\.)$/);

  const title = await page.title();
  await page.evaluate('window.__setHidden(true)');
  await waitForComplete(page);
  await expect(live).toHaveText('Download complete.');
  await expect.poll(() => page.title()).toBe('✓ Downloaded: holiday.mov');
  expect(await page.evaluate('window.__notes')).toEqual([['Download complete', 'holiday.mov']]);
  expect(await page.evaluate('window.__wake')).toEqual(['request', 'release']);

  await page.evaluate('window.__setHidden(false)');
  await expect.poll(() => page.title()).toBe(title);
  expect(sha256(await saveAndRead(page, 'holiday.mov'))).toBe(sha256(file.buffer));

  // The home page says how much space the stored share takes, of how much the browser allows.
  await page.goto('/');
  await expect(
    page.getByText(/^Shoal stores [\d.]+ MiB of the [\d.]+ [GT]iB this browser allows it\./),
  ).toBeVisible();
});

test('on a phone-wide screen the piece map wraps into rows of cells big enough to tell apart', async ({
  browser,
}) => {
  // 24 MiB is 96 pieces of 256 KiB: one row of 96 on a desktop.
  const file = randomFile('phone.bin', 24 * MIB);
  const sharer = await (await browser.newContext()).newPage();
  const link = await shareFilesAtLimit(sharer, [file], 4);

  const phone = await (
    await browser.newContext({ viewport: { width: 390, height: 844 } })
  ).newPage();
  await startDownload(phone, link, 'phone.bin');
  const map = phone.getByRole('img', { name: /^Piece map/ });
  await expect(map).toBeVisible();
  const { columns, cellWidth } = await map.evaluate((canvas: HTMLCanvasElement) => {
    const columns = canvas.width / 8;
    return { columns, cellWidth: canvas.getBoundingClientRect().width / columns };
  });
  expect(columns).toBeLessThan(96);
  expect(cellWidth).toBeGreaterThanOrEqual(6);
  await waitForComplete(phone);
  expect(sha256(await saveAndRead(phone, 'phone.bin'))).toBe(sha256(file.buffer));
});
