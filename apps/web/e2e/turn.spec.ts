import { expect, test } from '@playwright/test';
import {
  randomFile,
  saveAndRead,
  sha256,
  shareFiles,
  startCoturn,
  startDownload,
  startSignalServer,
  waitForComplete,
  type RunningCoturn,
  type RunningSignalServer,
} from '@shoal/testkit';

const MIB = 1024 * 1024;

let turn: RunningCoturn | undefined;
let server: RunningSignalServer | undefined;
test.afterEach(async () => {
  await server?.stop();
  await turn?.stop();
});

test('with ICE forced to relay, a transfer completes through coturn using the server-minted TURN credentials', async ({
  browser,
}) => {
  turn = await startCoturn();
  server = await startSignalServer({
    entry: 'dist',
    env: { TURN_URLS: turn.url, TURN_SECRET: turn.secret },
  });
  const file = randomFile('relayed.bin', 3 * MIB);
  // ?relay=1 sets iceTransportPolicy "relay": only TURN candidates, so connecting at all proves the relay works.
  const sharer = await (await browser.newContext({ baseURL: `${server.url}` })).newPage();
  const link = await shareFiles(sharer, [file], '/?relay=1');
  const relayedLink = link.replace('/#', '/?relay=1#');

  const downloader = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await startDownload(downloader, relayedLink, file.name);
  await waitForComplete(downloader, 60_000);
  expect(sha256(await saveAndRead(downloader, file.name))).toBe(sha256(file.buffer));
  // coturn authenticated both browsers with the REST credentials and relayed for them.
  expect(turn.output()).toMatch(/ALLOCATE.*success|allocation.*created|success/i);
});
