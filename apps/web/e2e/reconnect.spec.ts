import { expect, test } from '@playwright/test';
import { startSignalServer, type RunningSignalServer } from '@shoal/testkit';
import {
  randomFile,
  saveAndRead,
  sha256,
  shareFiles,
  startDownload,
  waitForComplete,
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
