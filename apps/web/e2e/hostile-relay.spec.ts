// A hostile signaling operator: every browser reaches the real server through a
// relay that rewrites what it passes on. The operator knows the room id, not the
// share id. Its peer (Node, real WebRTC) answers a downloader's offer; the relay
// adds the downloader's own certificate fingerprint to that answer, ahead of the
// attacker's. A browser that bound its proof to the first fingerprint would then
// see its own hello, echoed back, verify, and hand over the manifest.
import { type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { Page as FirefoxPage } from 'puppeteer-core';
import {
  expect,
  test,
  fingerprintLine,
  launchFirefox,
  randomFile,
  READ_TRACKED_CONNECTIONS,
  saveAndHashInFirefox,
  saveAndRead,
  sha256,
  shareFiles,
  startDownload,
  startDownloadInFirefox,
  startHostilePeer,
  startSignalingRelay,
  TRACK_PEER_CONNECTIONS,
  waitForComplete,
  waitForCompleteInFirefox,
  type HostilePeer,
  type LaunchedFirefox,
  type SignalingRelay,
  type TestFile,
  type TrackedConnection,
} from '@shoal/testkit';

const MIB = 1024 * 1024;

test.describe.configure({ timeout: 120_000 });

let relay: SignalingRelay | undefined;
let hostile: HostilePeer | undefined;
let firefox: LaunchedFirefox | undefined;
let contexts: BrowserContext[] = [];

test.afterEach(async () => {
  hostile?.close();
  hostile = undefined;
  await Promise.all(contexts.map((context) => context.close()));
  contexts = [];
  await firefox?.close();
  firefox = undefined;
  await relay?.close();
  relay = undefined;
});

async function newPage(browser: Browser, baseURL: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  await page.addInitScript(TRACK_PEER_CONNECTIONS);
  return page;
}

/** Frames no peer may get from us before it has proved it knows the share id. */
const SECRET_FRAMES = new Set(['manifest', 'bitfield', 'have', 'piece', 'reject']);

/**
 * A relay in front of the real server, a sharer behind it, and the operator's
 * own peer in the room. Every answer that peer sends to a browser gets the
 * browser's own fingerprint line inserted before the attacker's.
 */
async function hostileOperator(browser: Browser, serverUrl: string, file: TestFile) {
  relay = await startSignalingRelay(serverUrl);
  const sharer = await newPage(browser, relay.url);
  const link = await shareFiles(sharer, [file]);
  hostile = await startHostilePeer({ serverUrl, link, behaviour: 'echo-hello' });
  const attacker = hostile.peerId;
  const rewritten: string[] = [];
  relay.rewrite = (signal, client) => {
    if (signal.from !== attacker || signal.data.type !== 'answer') return signal;
    const offer = client.sent.find((s) => s.to === attacker && s.data.type === 'offer');
    const own = fingerprintLine(String(offer?.data.sdp ?? ''));
    if (own === undefined) return signal;
    // At session level, so it comes first in the text; the attacker's own stays in
    // the m-section, where it overrides the session-level one for DTLS.
    const sdp = String(signal.data.sdp).replace(/^m=/m, `${own}\r\nm=`);
    rewritten.push(client.peerId);
    return { ...signal, data: { ...signal.data, sdp } };
  };
  return { link: link.replace(/^https?:\/\/[^/]+/, relay.url), rewritten };
}

/** The victim got the files from the sharer, sent the attacker nothing secret, and closed its connection. */
function expectAttackRefused(
  rewritten: string[],
  connections: TrackedConnection[],
  attackerFingerprints: number,
): void {
  // The attack really ran: the victim dialled the attacker and got a doctored answer.
  expect(rewritten.length).toBeGreaterThan(0);
  expect(hostile!.answered.length).toBeGreaterThan(0);
  for (const connection of hostile!.answered) {
    const leaked = connection.received.filter((f) => SECRET_FRAMES.has(f.type));
    expect(leaked, JSON.stringify(connection.received)).toEqual([]);
  }
  // Every connection the victim kept open names one certificate: none is the attacker's.
  const open = connections.filter((c) => c.signalingState !== 'closed');
  for (const connection of open) {
    const lines = (connection.remoteSdp ?? '').match(/^a=fingerprint:[^\r\n]*/gm) ?? [];
    expect(new Set(lines).size).toBeLessThanOrEqual(1);
  }
  expect(connections.length - open.length).toBeGreaterThanOrEqual(attackerFingerprints);
}

test('a Chromium downloader behind a relay that doctors fingerprints sends the attacker nothing and drops it; the honest transfer through the same relay completes', async ({
  browser,
  baseURL,
}) => {
  const file = randomFile('through-relay.bin', 3 * MIB);
  const { link, rewritten } = await hostileOperator(browser, baseURL!, file);
  const downloader = await newPage(browser, relay!.url);
  await startDownload(downloader, link, file.name);
  await waitForComplete(downloader, 60_000);
  expect(sha256(await saveAndRead(downloader, file.name))).toBe(sha256(file.buffer));
  await expect
    .poll(
      async () =>
        ((await downloader.evaluate(READ_TRACKED_CONNECTIONS)) as TrackedConnection[]).filter(
          (c) => c.signalingState === 'closed',
        ).length,
    )
    .toBeGreaterThanOrEqual(1);
  expectAttackRefused(
    rewritten,
    (await downloader.evaluate(READ_TRACKED_CONNECTIONS)) as TrackedConnection[],
    1,
  );
});

test('a Firefox downloader behind a relay that doctors fingerprints sends the attacker nothing and drops it; the honest transfer through the same relay completes', async ({
  browser,
  baseURL,
}) => {
  const file = randomFile('through-relay-firefox.bin', 3 * MIB);
  const { link, rewritten } = await hostileOperator(browser, baseURL!, file);
  firefox = await launchFirefox();
  const page: FirefoxPage = await firefox.browser.newPage();
  await page.evaluateOnNewDocument(TRACK_PEER_CONNECTIONS);
  await startDownloadInFirefox(page, link, file.name);
  await waitForCompleteInFirefox(page);
  const saved = await saveAndHashInFirefox(page, file.name);
  expect(saved).toEqual({ hash: sha256(file.buffer), length: file.buffer.length });
  const read = async () => (await page.evaluate(READ_TRACKED_CONNECTIONS)) as TrackedConnection[];
  await expect
    .poll(async () => (await read()).filter((c) => c.signalingState === 'closed').length)
    .toBeGreaterThanOrEqual(1);
  expectAttackRefused(rewritten, await read(), 1);
});
