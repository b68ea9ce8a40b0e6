import { type Browser, type BrowserContext, type Page } from '@playwright/test';
import {
  expect,
  test,
  randomFile,
  saveAndRead,
  setHideAddress,
  sha256,
  shareFiles,
  startCoturn,
  startDownload,
  startSignalingRelay,
  startSignalServer,
  waitForComplete,
  type RelayClient,
  type RunningCoturn,
  type RunningSignalServer,
  type SignalingRelay,
} from '@shoal/testkit';

const MIB = 1024 * 1024;

let turn: RunningCoturn | undefined;
let server: RunningSignalServer | undefined;
let relay: SignalingRelay | undefined;
let contexts: BrowserContext[] = [];
// eslint-disable-next-line no-empty-pattern -- Playwright reads fixtures from a destructuring pattern.
test.afterEach(async ({}, testInfo) => {
  // What coturn logged (listeners, allocations, errors): the evidence a failed relay leaves.
  if (turn && testInfo.status !== testInfo.expectedStatus)
    await testInfo.attach('coturn', { body: turn.output(), contentType: 'text/plain' });
  await Promise.all(contexts.map((context) => context.close()));
  contexts = [];
  await relay?.close();
  await server?.stop();
  await turn?.stop();
  relay = server = turn = undefined;
});

/** A page of a fresh context on `baseURL` with "Hide my address from peers" turned on. */
async function hidingPage(browser: Browser, baseURL: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto('/');
  await setHideAddress(page, true);
  return page;
}

/** Every ICE candidate line a browser sent through signaling, and the SDPs it sent. */
function sentByBrowser(client: RelayClient): { candidates: string[]; sdps: string[] } {
  const candidates = client.sent.flatMap((s) => {
    const candidate = (s.data.candidate as { candidate?: unknown } | undefined)?.candidate;
    return typeof candidate === 'string' && candidate !== '' ? [candidate] : [];
  });
  const sdps = client.sent.flatMap((s) => (typeof s.data.sdp === 'string' ? [s.data.sdp] : []));
  return { candidates, sdps };
}

test('with "Hide my address" on, a transfer completes through coturn and no address of either browser reaches the signaling server', async ({
  browser,
}) => {
  turn = await startCoturn();
  server = await startSignalServer({
    entry: 'dist',
    env: { TURN_URLS: turn.url, TURN_SECRET: turn.secret },
  });
  relay = await startSignalingRelay(server.url);
  const file = randomFile('relayed.bin', 3 * MIB);
  const sharer = await hidingPage(browser, relay.url);
  const link = await shareFiles(sharer, [file]);
  const downloader = await hidingPage(browser, relay.url);
  await startDownload(downloader, link, file.name);
  await waitForComplete(downloader, 60_000);
  expect(sha256(await saveAndRead(downloader, file.name))).toBe(sha256(file.buffer));
  // coturn authenticated both browsers with the REST credentials and relayed for them.
  expect(turn.output()).toMatch(/ALLOCATE.*success|allocation.*created|success/i);
  for (const client of relay.clients) {
    const { candidates, sdps } = sentByBrowser(client);
    // Only relay candidates left the browsers: the relay's address, never theirs.
    for (const candidate of candidates) expect(candidate).toMatch(/ typ relay( |$)/);
    for (const sdp of sdps) expect(sdp).not.toMatch(/ typ (host|srflx|prflx)( |$)/m);
  }
  expect(relay.clients.some((c) => sentByBrowser(c).candidates.length > 0)).toBe(true);
});

test('with "Hide my address" on and no relay on the server, the downloader says so plainly and sends peers nothing', async ({
  browser,
  baseURL,
}) => {
  relay = await startSignalingRelay(baseURL!);
  const file = randomFile('not-relayed.bin', 1 * MIB);
  const sharerContext = await browser.newContext({ baseURL: relay.url });
  contexts.push(sharerContext);
  const link = await shareFiles(await sharerContext.newPage(), [file]);
  const downloader = await hidingPage(browser, relay.url);
  await downloader.goto(link);
  await expect(
    downloader.getByRole('alert').filter({ hasText: 'offers no relay to hide it behind' }),
  ).toBeVisible({ timeout: 15_000 });
  const own = relay.clients.at(-1)!;
  expect(own.peerId).not.toBe('');
  expect(own.sent).toEqual([]);
  // Turning the setting off connects at once, directly.
  await setHideAddress(downloader, false);
  await expect(
    downloader.getByRole('list', { name: 'Files' }).getByText(file.name, { exact: true }),
  ).toBeVisible({ timeout: 30_000 });
  await expect(downloader.getByRole('alert')).toHaveCount(0);
});
