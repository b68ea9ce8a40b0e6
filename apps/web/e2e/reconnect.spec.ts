import {
  expect,
  test,
  percentDone,
  randomFile,
  saveAndRead,
  setUploadLimit,
  sha256,
  shareFiles,
  startDownload,
  startSignalServer,
  waitForComplete,
  type RunningSignalServer,
} from '@shoal/testkit';

const MIB = 1024 * 1024;

// This test owns its server, so that it can stop and restart it.
let server: RunningSignalServer | undefined;
test.afterEach(async () => {
  await server?.stop();
});

test('after the signaling server restarts, a sharer reconnects and rejoins its room by itself', async ({
  browser,
}) => {
  server = await startSignalServer({ entry: 'dist' });
  const { port } = server;
  const file = randomFile('rejoin.bin', 2 * MIB);
  const sharerContext = await browser.newContext({ baseURL: server.url });
  const sharer = await sharerContext.newPage();
  const link = await shareFiles(sharer, [file]);

  await server.stop();
  await expect(sharer.getByText('Lost the signaling server')).toBeVisible({ timeout: 15_000 });
  server = await startSignalServer({ entry: 'dist', port });
  await expect(sharer.getByText('Lost the signaling server')).toBeHidden({ timeout: 30_000 });

  // A newcomer can only find the sharer if the sharer rejoined the room.
  const downloader = await (
    await browser.newContext({ acceptDownloads: true, baseURL: server.url })
  ).newPage();
  await startDownload(downloader, link, file.name);
  await waitForComplete(downloader);
  expect(sha256(await saveAndRead(downloader, file.name))).toBe(sha256(file.buffer));
});

test('a transfer keeps going while the signaling server is down, and everyone rejoins after it restarts', async ({
  browser,
}) => {
  server = await startSignalServer({ entry: 'dist' });
  const { port } = server;
  const file = randomFile('through-restart.bin', 8 * MIB);
  const sharer = await (await browser.newContext({ baseURL: server.url })).newPage();
  const downloader = await (
    await browser.newContext({ acceptDownloads: true, baseURL: server.url })
  ).newPage();
  await sharer.goto('/');
  await setUploadLimit(sharer, 1);
  const link = await shareFiles(sharer, [file]);
  await startDownload(downloader, link, file.name);
  await expect.poll(() => percentDone(downloader), { timeout: 30_000 }).toBeGreaterThan(0);

  await server.stop();
  await expect(downloader.getByText('Lost the signaling server')).toBeVisible({ timeout: 15_000 });
  // The data channel does not need the server: progress goes on while it is down.
  const whileDown = await percentDone(downloader);
  expect(whileDown).toBeLessThan(100);
  await expect.poll(() => percentDone(downloader), { timeout: 30_000 }).toBeGreaterThan(whileDown);

  server = await startSignalServer({ entry: 'dist', port });
  for (const page of [sharer, downloader]) {
    await expect(page.getByText('Lost the signaling server')).toBeHidden({ timeout: 30_000 });
  }
  await waitForComplete(downloader, 60_000);
  expect(sha256(await saveAndRead(downloader, file.name))).toBe(sha256(file.buffer));

  // Both rejoined the room: a newcomer finds them and downloads from both.
  const newcomer = await (
    await browser.newContext({ acceptDownloads: true, baseURL: server.url })
  ).newPage();
  await startDownload(newcomer, link, file.name);
  await waitForComplete(newcomer, 60_000);
  await expect(
    newcomer.getByRole('list', { name: 'Peers' }).locator('li[data-peer-id]'),
  ).toHaveCount(2);
});
