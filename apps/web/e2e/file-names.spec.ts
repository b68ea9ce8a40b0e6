import {
  expect,
  test,
  randomFile,
  shareFiles,
  startDownload,
  waitForComplete,
} from '@shoal/testkit';

test('a file name with a hidden direction override is refused when shared, with a message naming it, and the shares already stored stay', async ({
  browser,
}) => {
  const page = await (await browser.newContext()).newPage();
  await shareFiles(page, [randomFile('kept.txt', 1024)]);
  await page.getByRole('button', { name: 'Stop sharing' }).click();
  await page.reload();
  const stored = page.getByRole('list', { name: 'Stored shares' });
  await expect(stored.getByText('kept.txt')).toBeVisible();

  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Choose files' }).click();
  await (await chooser).setFiles([randomFile('invoice\u202Efdp.exe', 1024)]);

  const alert = page.getByRole('alert');
  await expect(alert).toHaveText(
    'The file name "invoice[U+202E]fdp.exe" contains an invisible direction-changing character (U+202E); rename it and share again.',
  );
  expect(await alert.textContent()).not.toContain('\u202E');
  await expect(stored.getByText('kept.txt')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Choose files' })).toBeEnabled();
});

test('files named like Windows devices or with characters Windows refuses are saved under safe names, and shown unchanged', async ({
  browser,
}) => {
  const names = ['nul.txt', 'what?.txt', 'com1'];
  const sharer = await (await browser.newContext()).newPage();
  const downloader = await (await browser.newContext({ acceptDownloads: true })).newPage();
  const link = await shareFiles(
    sharer,
    names.map((name) => randomFile(name, 1024)),
  );
  await startDownload(downloader, link, names[0]!);
  await waitForComplete(downloader);

  const saved: string[] = [];
  for (const name of names) {
    await expect(
      downloader.getByRole('list', { name: 'Files' }).getByText(name, { exact: true }),
    ).toBeVisible();
    const download = downloader.waitForEvent('download');
    await downloader.getByRole('button', { name: `Save ${name}` }).click();
    saved.push((await download).suggestedFilename());
  }
  expect(saved).toEqual(['_nul.txt', 'what_.txt', '_com1']);
});
