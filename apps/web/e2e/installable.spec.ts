import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import {
  expect,
  test,
  chromiumLaunchOptions,
  randomFile,
  saveAndRead,
  sha256,
  startDownload,
  waitForComplete,
} from '@shoal/testkit';

test('Shoal meets Chromium’s installability criteria and opens with no network', async ({
  baseURL,
}) => {
  // A profile of its own: Playwright's usual contexts are off the record, where
  // Chromium never offers to install anything ("in-incognito").
  const profile = await mkdtemp(join(tmpdir(), 'shoal-install-'));
  const context = await chromium.launchPersistentContext(profile, {
    ...chromiumLaunchOptions(),
    baseURL,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/');
    await expect
      .poll(() => page.evaluate('navigator.serviceWorker.controller !== null'), { timeout: 15_000 })
      .toBe(true);

    // Chromium's own verdict, as its install button uses it: no errors at all.
    const cdp = await context.newCDPSession(page);
    await expect
      .poll(
        async () =>
          ((await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: unknown[] })
            .installabilityErrors,
        { timeout: 15_000 },
      )
      .toEqual([]);

    // The app shell is cached: with the network gone, a reload still opens Shoal.
    await expect
      .poll(() =>
        page.evaluate(`caches.open('shoal-shell-v1').then((c) => c.match('/')).then(Boolean)`),
      )
      .toBe(true);
    await context.setOffline(true);
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Shoal', level: 1 })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Choose files' })).toBeVisible();
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
});

test('files handed over by the share sheet (share_target) are shared at once, and download byte-identical', async ({
  browser,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/');
  await expect
    .poll(() => page.evaluate('navigator.serviceWorker.controller !== null'), { timeout: 15_000 })
    .toBe(true);
  // What the operating system sends: a multipart POST of the files to the manifest's action.
  const manifest = (await (await page.request.get('/manifest.webmanifest')).json()) as {
    share_target: { action: string; params: { files: { name: string }[] } };
  };
  const field = manifest.share_target.params.files[0]!.name;
  const bytes = randomFile('from-phone.jpg', 700 * 1024).buffer;
  await page.evaluate(
    async ({ action, field, data }) => {
      const form = new FormData();
      form.append(
        field,
        new File([new Uint8Array(data)], 'from-phone.jpg', { type: 'image/jpeg' }),
      );
      const response = await fetch(action, { method: 'POST', body: form });
      location.href = response.url;
    },
    { action: manifest.share_target.action, field, data: [...bytes] },
  );
  const link = page.getByRole('textbox', { name: 'Share link' });
  await expect(link).toHaveValue(/#[A-Za-z0-9_-]{43}$/, { timeout: 30_000 });

  const downloader = await (await browser.newContext()).newPage();
  await startDownload(downloader, await link.inputValue(), 'from-phone.jpg');
  await waitForComplete(downloader);
  expect(sha256(await saveAndRead(downloader, 'from-phone.jpg'))).toBe(sha256(bytes));
});
