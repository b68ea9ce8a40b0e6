// A hostile signaling server can send a tab offers from any peer id it makes
// up. Each answered offer costs the tab an RTCPeerConnection, so the tab keeps
// no more in flight than its swarm takes connections, and ignores offers for
// rooms it never joined.
import { type BrowserContext } from '@playwright/test';
import { DEFAULT_MAX_CONNECTIONS } from '@shoal/core';
import {
  expect,
  test,
  randomFile,
  READ_TRACKED_CONNECTIONS,
  shareFiles,
  startSignalingRelay,
  TRACK_PEER_CONNECTIONS,
  type SignalingRelay,
  type TrackedConnection,
} from '@shoal/testkit';

/** Offers the server makes up, from as many peer ids: three times what a swarm takes. */
const FORGED_OFFERS = 3 * DEFAULT_MAX_CONNECTIONS;

let relay: SignalingRelay | undefined;
let context: BrowserContext | undefined;
test.afterEach(async () => {
  await context?.close();
  await relay?.close();
  context = relay = undefined;
});

test('a tab answers no more forged offers than its swarm takes connections, and none for rooms it did not join', async ({
  browser,
  baseURL,
}) => {
  relay = await startSignalingRelay(baseURL!);
  context = await browser.newContext({ baseURL: relay.url });
  const sharer = await context.newPage();
  await sharer.addInitScript(TRACK_PEER_CONNECTIONS);
  await shareFiles(sharer, [randomFile('target.bin', 300_000)]);
  const client = relay.clients.at(-1)!;
  await expect.poll(() => client.joined.length).toBeGreaterThan(0);
  const roomId = client.joined[0]!;
  // A real offer (one data channel, one certificate), made in a page the tracker does not watch.
  const maker = await context.newPage();
  const offer = await maker.evaluate(async () => {
    const pc = new RTCPeerConnection();
    pc.createDataChannel('shoal');
    const { sdp } = await pc.createOffer();
    pc.close();
    return { type: 'offer', sdp: sdp ?? '' };
  });
  const connections = async () =>
    (await sharer.evaluate(READ_TRACKED_CONNECTIONS)) as TrackedConnection[];

  // Offers for a room the tab never joined open nothing.
  const otherRoom = 'A'.repeat(43);
  for (let i = 0; i < 10; i++) {
    client.emit('signal', { roomId: otherRoom, from: `stranger-${i}`, data: offer });
  }
  for (let i = 0; i < FORGED_OFFERS; i++) {
    client.emit('signal', { roomId, from: `forged-${i}`, data: offer });
  }
  await expect.poll(async () => (await connections()).length).toBeGreaterThan(0);
  // Let every forged offer arrive and be handled (or ignored).
  await sharer.waitForTimeout(2_000);
  const opened = (await connections()).length;
  expect(opened).toBeLessThanOrEqual(DEFAULT_MAX_CONNECTIONS);
  test.info().annotations.push({
    type: 'connections',
    description: `${opened} RTCPeerConnections for ${FORGED_OFFERS} forged offers`,
  });
});
