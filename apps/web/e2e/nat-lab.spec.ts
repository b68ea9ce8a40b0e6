// Browsers in homes behind real (Linux) NAT routers, the server on the
// internet side: how Shoal connects across the networks people are really on.
// Each test builds its own lab (packages/testkit/src/nat-lab) and removes it,
// and everything in it, when it ends.
import { writeFile } from 'node:fs/promises';
import { type Page } from '@playwright/test';
import {
  expect,
  test,
  CONE,
  CONE_WITHOUT_UDP,
  createNatLab,
  launchChromiumIn,
  launchFirefoxIn,
  percentDone,
  randomFile,
  saveAndHashInFirefox,
  saveAndRead,
  sha256,
  shareFiles,
  startCoturn,
  startDownload,
  startDownloadInFirefox,
  startLabSignalServer,
  SYMMETRIC,
  TRACK_PEER_CONNECTIONS,
  TRACKED_CONNECTIONS,
  waitForComplete,
  waitForCompleteInFirefox,
  type LabSignalServer,
  type NatLab,
  type RouterBehaviour,
  type RunningCoturn,
  type TestFile,
} from '@shoal/testkit';

const MIB = 1024 * 1024;
/** Big enough that a rate means something, small enough for CI. */
const FILE_SIZE = 8 * MIB;
/** Where coturn listens in the lab: 3478 is Shoal's own STUN, on the same host. */
const TURN_PORT = 3479;
const TURNS_PORT = 443;

let lab: NatLab | undefined;
const cleanUps: (() => Promise<void>)[] = [];
/** What a failed test leaves in its report: each page's text, each server's log. */
const evidence: (() => Promise<[string, string]>)[] = [];
// eslint-disable-next-line no-empty-pattern -- Playwright reads fixtures from a destructuring pattern.
test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) {
    for (const collect of evidence) {
      const [name, body] = await collect().catch((error: unknown) => ['unreadable', String(error)]);
      const path = testInfo.outputPath(`${name.replaceAll(' ', '-')}.txt`);
      await writeFile(path, body);
      await testInfo.attach(name, { path, contentType: 'text/plain' });
    }
  }
  evidence.length = 0;
  for (const cleanUp of cleanUps.splice(0).reverse()) await cleanUp().catch(() => undefined);
  lab?.close();
  lab = undefined;
});

interface Lab {
  lab: NatLab;
  server: LabSignalServer;
  turn?: RunningCoturn;
}

/**
 * A lab with one home per router behaviour, the server started with `env`
 * (none: `npm start` defaults), and coturn beside it when asked for.
 */
async function buildLab(
  routers: RouterBehaviour[],
  options: {
    turn?: 'udp+tcp' | 'tls';
    env?: (turn?: RunningCoturn) => Record<string, string>;
  } = {},
): Promise<Lab> {
  lab = createNatLab(routers);
  let turn: RunningCoturn | undefined;
  if (options.turn) {
    turn = await startCoturn({
      namespace: lab.internet,
      address: lab.internet.address,
      port: TURN_PORT,
      ...(options.turn === 'tls' ? { tlsPort: TURNS_PORT } : {}),
    });
    cleanUps.push(() => turn!.stop());
    evidence.push(async () => ['coturn', turn!.output()]);
  }
  const server = await startLabSignalServer(lab.internet, options.env?.(turn) ?? {});
  cleanUps.push(() => server.stop());
  evidence.push(async () => ['signal server', server.output()]);
  return { lab, server, turn };
}

/** A Chromium page in home `n`, on the lab server's origin. */
async function chromiumPageIn(setup: Lab, n: number, args: string[] = []): Promise<Page> {
  const chromium = await launchChromiumIn(setup.lab.homes[n]!, setup.server.url, args);
  cleanUps.push(() => chromium.close());
  const context = await chromium.browser.newContext({
    baseURL: setup.server.url,
    acceptDownloads: true,
  });
  await context.addInitScript(TRACK_PEER_CONNECTIONS);
  const page = await context.newPage();
  const log: string[] = [];
  page.on('console', (message) => log.push(`${message.type()}: ${message.text()}`));
  evidence.push(async () => [
    `home ${n} page`,
    `${page.url()}\n${await page.locator('body').innerText()}\n--- console ---\n${log.join('\n')}`,
  ]);
  return page;
}

/** How each peer in the page's list is connected ("direct" or "relay"). */
async function routesOf(page: Page): Promise<string[]> {
  const peers = page.getByRole('list', { name: 'Peers' }).locator('li[data-peer-id]');
  return Promise.all(
    (await peers.all()).map(async (p) => (await p.getAttribute('data-route')) ?? ''),
  );
}

async function expectRoute(page: Page, route: 'direct' | 'relay'): Promise<void> {
  await expect
    .poll(() => routesOf(page), { timeout: 15_000, message: `the peer list says ${route}` })
    .toEqual([route]);
}

/**
 * The transport of the local candidate each connected peer connection of the
 * page uses: 'udp' for a direct path, or the relayed candidate's transport to
 * coturn ('udp', 'tcp', 'tls').
 */
async function localTransports(page: Page): Promise<string[]> {
  return page.evaluate(async (key) => {
    const connections = (globalThis as unknown as Record<string, RTCPeerConnection[]>)[key] ?? [];
    const open = connections.filter((pc) => pc.connectionState === 'connected');
    return Promise.all(
      open.map(async (pc) => {
        const stats = await pc.getStats();
        for (const entry of stats.values()) {
          if (entry.type !== 'transport' || !entry.selectedCandidatePairId) continue;
          const pair = stats.get(entry.selectedCandidatePairId);
          const local = stats.get(pair?.localCandidateId);
          return String(local?.relayProtocol ?? local?.protocol ?? 'unknown');
        }
        return 'none';
      }),
    );
  }, TRACKED_CONNECTIONS);
}

/** Shares `file` from home 0 and downloads it in home 1; the rate is from Download pressed to complete. */
async function transfer(
  setup: Lab,
  file: TestFile,
  options: { during?: (downloader: Page) => Promise<void>; chromiumArgs?: string[] } = {},
): Promise<{ sharer: Page; downloader: Page; mibPerSecond: number }> {
  const sharer = await chromiumPageIn(setup, 0, options.chromiumArgs);
  const link = await shareFiles(sharer, [file]);
  const downloader = await chromiumPageIn(setup, 1, options.chromiumArgs);
  await startDownload(downloader, link, file.name);
  const started = Date.now();
  await options.during?.(downloader);
  await waitForComplete(downloader, 90_000);
  const mibPerSecond = file.buffer.length / MIB / ((Date.now() - started) / 1000);
  expect(sha256(await saveAndRead(downloader, file.name))).toBe(sha256(file.buffer));
  return { sharer, downloader, mibPerSecond };
}

/** connectionState of every RTCPeerConnection the page made, oldest first. */
async function trackedConnectionStates(page: Page): Promise<string[]> {
  return page.evaluate(
    (key) =>
      ((globalThis as unknown as Record<string, RTCPeerConnection[]>)[key] ?? []).map(
        (pc) => pc.connectionState,
      ),
    TRACKED_CONNECTIONS,
  );
}

/** Puts a figure in the test report (and the CI log) for the closing note. */
function report(what: string, mibPerSecond: number, route: string): void {
  const line = `${what}: ${route}, ${mibPerSecond.toFixed(1)} MiB/s`;
  test.info().annotations.push({ type: 'measured', description: line });
  console.log(`nat-lab ${line}`);
}

test('behind two cone NATs, with `npm start` defaults, browsers connect directly through the embedded STUN', async () => {
  const setup = await buildLab([CONE, CONE]);
  const file = randomFile('across-nats.bin', FILE_SIZE);
  const { sharer, downloader, mibPerSecond } = await transfer(setup, file);
  await expectRoute(downloader, 'direct');
  await expectRoute(sharer, 'direct');
  report('cone + cone, defaults', mibPerSecond, 'direct');
});

test('behind two symmetric NATs, with no relay, the page says the network blocks direct connections', async () => {
  const setup = await buildLab([SYMMETRIC, SYMMETRIC]);
  const file = randomFile('blocked.bin', MIB);
  const sharer = await chromiumPageIn(setup, 0);
  const link = await shareFiles(sharer, [file]);
  const downloader = await chromiumPageIn(setup, 1);
  await downloader.goto(link);
  await expect(downloader.getByTestId('connectivity-problem')).toHaveText(
    /Your network blocks direct connections and this server offers no relay/,
    { timeout: 60_000 },
  );
});

test('behind two symmetric NATs, with coturn on the internet, the file arrives through the relay', async () => {
  const setup = await buildLab([SYMMETRIC, SYMMETRIC], {
    turn: 'udp+tcp',
    env: (turn) => ({ TURN_URLS: turn!.urls.udp, TURN_SECRET: turn!.secret }),
  });
  const file = randomFile('relayed.bin', FILE_SIZE);
  const { sharer, downloader, mibPerSecond } = await transfer(setup, file);
  await expectRoute(downloader, 'relay');
  await expectRoute(sharer, 'relay');
  expect(setup.turn!.output()).toMatch(/ALLOCATE processed, success/);
  report('symmetric + symmetric, coturn UDP', mibPerSecond, 'relay');
});

for (const transport of ['tcp', 'tls'] as const) {
  test(`where the downloader's router drops all UDP, the file arrives through coturn over ${transport.toUpperCase()}`, async () => {
    const setup = await buildLab([CONE, CONE_WITHOUT_UDP], {
      turn: transport === 'tls' ? 'tls' : 'udp+tcp',
      env: (turn) => ({
        TURN_URLS: [turn!.urls.udp, transport === 'tls' ? turn!.urls.tls! : turn!.urls.tcp].join(
          ',',
        ),
        TURN_SECRET: turn!.secret,
      }),
    });
    const file = randomFile(`over-${transport}.bin`, FILE_SIZE);
    const { downloader, mibPerSecond } = await transfer(setup, file, {
      // The lab's coturn has a self-signed certificate; a real one has a CA's.
      chromiumArgs: transport === 'tls' ? ['--ignore-certificate-errors'] : [],
    });
    await expectRoute(downloader, 'relay');
    // UDP never left the downloader's home: its path to coturn is TCP (plain or TLS).
    expect(await localTransports(downloader)).toEqual([transport]);
    report(`cone + UDP blocked, coturn ${transport.toUpperCase()}`, mibPerSecond, 'relay');
  });
}

test("a transfer whose path breaks when the downloader's router loses its link for a few seconds continues and completes", async () => {
  const setup = await buildLab([CONE, CONE]);
  const file = randomFile('interrupted.bin', 4 * FILE_SIZE);
  const router = setup.lab.homes[1]!.router;
  const { mibPerSecond } = await transfer(setup, file, {
    during: async (downloader) => {
      await expect
        .poll(() => percentDone(downloader), { timeout: 60_000 })
        .toBeGreaterThanOrEqual(10);
      router.setWanLink(false);
      await new Promise((resolve) => setTimeout(resolve, LINK_DOWN_MS));
      const stalledAt = await percentDone(downloader);
      router.setWanLink(true);
      expect(stalledAt).toBeLessThan(100);
    },
  });
  report(`cone + cone, link down ${LINK_DOWN_MS / 1000} s mid-transfer`, mibPerSecond, 'direct');
});

/** Long enough for ICE to call the path disconnected, short of an outage users give up on. */
const LINK_DOWN_MS = 8_000;

test('a downloader whose home moves to another public address mid-transfer (Wi-Fi to mobile data) reconnects and completes', async () => {
  const setup = await buildLab([CONE, CONE]);
  const file = randomFile('moved.bin', 4 * FILE_SIZE);
  const router = setup.lab.homes[1]!.router;
  let movedAt = 0;
  const { downloader, mibPerSecond } = await transfer(setup, file, {
    during: async (page) => {
      await expect.poll(() => percentDone(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(10);
      router.renumber();
      movedAt = Date.now();
    },
  });
  const recoveredInS = (Date.now() - movedAt) / 1000;
  // The old path is dead for good: the peer it finished with is a new connection.
  expect((await trackedConnectionStates(downloader)).length).toBeGreaterThanOrEqual(2);
  report(
    `cone + cone, downloader renumbered mid-transfer (done ${recoveredInS.toFixed(0)} s after)`,
    mibPerSecond,
    'direct',
  );
});

test('behind two cone NATs, a Firefox downloader connects directly through the embedded STUN', async () => {
  const setup = await buildLab([CONE, CONE]);
  const file = randomFile('to-firefox.bin', FILE_SIZE);
  const sharer = await chromiumPageIn(setup, 0);
  const link = await shareFiles(sharer, [file]);
  const firefox = await launchFirefoxIn(setup.lab.homes[1]!, setup.server.url);
  cleanUps.push(() => firefox.close());
  const page = await firefox.browser.newPage();
  await startDownloadInFirefox(page, link, file.name);
  const started = Date.now();
  await waitForCompleteInFirefox(page, 90_000);
  const mibPerSecond = FILE_SIZE / MIB / ((Date.now() - started) / 1000);
  const saved = await saveAndHashInFirefox(page, file.name);
  expect(saved).toEqual({ hash: sha256(file.buffer), length: file.buffer.length });
  await expectRoute(sharer, 'direct');
  report('cone + cone, Firefox downloader, defaults', mibPerSecond, 'direct');
});
