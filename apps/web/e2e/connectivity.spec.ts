// "Say what happened": the peer list tells how each peer is connected (direct
// or via relay), and a page that can reach no peer says why, on loopback.
import { createSocket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { type Browser, type Page } from '@playwright/test';
import {
  expect,
  test,
  connectivityProblem,
  peerRoutes,
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
} from '@shoal/testkit';
import { createI18n } from '../src/i18n/i18n.ts';
import { messageFor as messageIn } from '../src/ui/messages.ts';

/** What the page says for `code` in English, the language these browsers ask for. */
const messageFor = (code: string) => messageIn(createI18n('en').t, code);

const MIB = 1024 * 1024;
/**
 * How long a page may take to say it cannot connect: an attempt is given up
 * after CONNECT_TIMEOUT_MS (20 s), and the sharer takes a few seconds to hash.
 */
const DIAGNOSIS_TIMEOUT_MS = 45_000;

/** What a test started, stopped after it, the last started first. */
const running: (() => Promise<unknown>)[] = [];
test.afterEach(async () => {
  for (const stop of running.splice(0).reverse()) await stop();
});

/** `thing`, to be stopped with `stop` after the test. */
function stopAfter<T>(thing: T, stop: (thing: T) => Promise<unknown>): T {
  running.push(() => stop(thing));
  return thing;
}

/** A page of a fresh context on `baseURL`, with "Hide my address from peers" on if asked. */
async function openPage(browser: Browser, baseURL: string, hideAddress = false): Promise<Page> {
  const context = stopAfter(
    await browser.newContext({ baseURL, acceptDownloads: true }),
    (context) => context.close(),
  );
  const page = await context.newPage();
  if (hideAddress) {
    await page.goto('/');
    await setHideAddress(page, true);
  }
  return page;
}

/** Each page's view of how its one peer is connected, once both know. */
async function expectRoutes(pages: Page[], route: 'direct' | 'relay'): Promise<void> {
  for (const page of pages) {
    await expect.poll(async () => [...(await peerRoutes(page)).values()]).toEqual([route]);
    await expect(page.getByRole('list', { name: 'Peers' })).toContainText(
      route === 'direct' ? '· direct' : '· via relay',
    );
  }
}

/** A loopback UDP port where nothing listens (the OS picked it free a moment ago). */
async function deadUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

test('a transfer between two browsers on loopback shows both peers connected directly', async ({
  browser,
  baseURL,
}) => {
  const file = randomFile('direct.bin', 2 * MIB);
  const sharer = await openPage(browser, baseURL!);
  const link = await shareFiles(sharer, [file]);
  const downloader = await openPage(browser, baseURL!);
  await startDownload(downloader, link, file.name);
  await waitForComplete(downloader);
  await expectRoutes([downloader, sharer], 'direct');
  await expect(connectivityProblem(downloader)).toHaveCount(0);
});

test('with "Hide my address" on in both browsers, the peers show as connected via the relay and the bytes arrive', async ({
  browser,
}) => {
  const turn = stopAfter(await startCoturn(), (turn) => turn.stop());
  const server = stopAfter(
    await startSignalServer({
      entry: 'dist',
      env: { TURN_URLS: turn.url, TURN_SECRET: turn.secret },
    }),
    (server) => server.stop(),
  );
  const file = randomFile('relayed.bin', 2 * MIB);
  const sharer = await openPage(browser, server.url, true);
  const link = await shareFiles(sharer, [file]);
  const downloader = await openPage(browser, server.url, true);
  await startDownload(downloader, link, file.name);
  await waitForComplete(downloader, 60_000);
  expect(sha256(await saveAndRead(downloader, file.name))).toBe(sha256(file.buffer));
  await expectRoutes([downloader, sharer], 'relay');
});

test("when the server's relay cannot be reached, both browsers say no peer could be reached even through it", async ({
  browser,
}) => {
  // A relay-only connection through a TURN server that does not answer gathers no candidate.
  const server = stopAfter(
    await startSignalServer({
      entry: 'dist',
      env: {
        TURN_URLS: `turn:127.0.0.1:${await deadUdpPort()}?transport=udp`,
        TURN_SECRET: randomBytes(16).toString('hex'),
      },
    }),
    (server) => server.stop(),
  );
  const file = randomFile('unreachable.bin', 64 * 1024);
  const sharer = await openPage(browser, server.url, true);
  const link = await shareFiles(sharer, [file]);
  const downloader = await openPage(browser, server.url, true);
  await downloader.goto(link);
  const problem = connectivityProblem(downloader);
  await expect(problem).toHaveText(messageFor('relay-unreachable'), {
    timeout: DIAGNOSIS_TIMEOUT_MS,
  });
  await expect(problem).toHaveAttribute('data-problem', 'relay-unreachable');
  await expect(downloader.getByRole('heading', { name: 'Cannot reach any peer' })).toBeVisible();
  // The sharer's attempt failed the same way, and its page says so too.
  await expect(connectivityProblem(sharer)).toHaveText(messageFor('relay-unreachable'), {
    timeout: DIAGNOSIS_TIMEOUT_MS,
  });
});

test('when no ICE candidate gets through and the server offers no relay, the downloader says its network blocks direct connections, until a connection opens', async ({
  browser,
  baseURL,
}) => {
  // The operator drops every candidate, trickled or in a description: ICE has nothing to check.
  const relay = stopAfter(await startSignalingRelay(baseURL!), (relay) => relay.close());
  relay.rewrite = ({ roomId, from, data }) => {
    if (data.type === 'candidate' || data.candidate !== undefined) return null;
    const sdp = typeof data.sdp === 'string' ? data.sdp : undefined;
    return {
      roomId,
      from,
      data: sdp === undefined ? data : { ...data, sdp: sdp.replace(/^a=candidate:.*\r?\n/gm, '') },
    };
  };
  const file = randomFile('blocked.bin', 64 * 1024);
  const sharer = await openPage(browser, relay.url);
  const link = await shareFiles(sharer, [file]);
  const downloader = await openPage(browser, relay.url);
  await downloader.goto(link);
  const problem = connectivityProblem(downloader);
  await expect(problem).toHaveText(messageFor('direct-connections-blocked'), {
    timeout: DIAGNOSIS_TIMEOUT_MS,
  });
  await expect(problem).toHaveAttribute('data-problem', 'direct-connections-blocked');
  // Candidates flow again: the next dial connects, and the message goes with it.
  relay.rewrite = null;
  await expect(
    downloader.getByRole('list', { name: 'Files' }).getByText(file.name, { exact: true }),
  ).toBeVisible({ timeout: DIAGNOSIS_TIMEOUT_MS });
  await expect(problem).toHaveCount(0);
});
