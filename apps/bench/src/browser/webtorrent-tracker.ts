// The tracker WebTorrent's browser peers find each other through: bittorrent-tracker's
// own server, in this process, WebSocket only (browsers speak nothing else) and on
// loopback, so that the comparison depends on nothing beyond this machine.
import type { AddressInfo } from 'node:net';
import Server from 'bittorrent-tracker/server';

export interface WebTorrentTracker {
  /** ws://127.0.0.1:<port>, for a torrent's announce list. */
  announceUrl: string;
  /**
   * Resolves once `count` peers have announced `infoHash` complete: a leecher that
   * announces earlier would meet no seeder and wait for the next announce interval.
   */
  waitForSeeders(infoHash: string, count: number, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/** How often to look at the tracker's swarm while seeders announce: a few announces' time. */
const SWARM_POLL_MS = 50;

export async function startTracker(): Promise<WebTorrentTracker> {
  const server = new Server({ http: false, udp: false, ws: true, stats: false });
  // A peer's bad announce is a 'warning' and the peer's to handle; 'error' is the
  // server failing, which leaves the run to time out: say why.
  server.on('error', (error: Error) => console.error('webtorrent tracker:', error));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.http!.address() as AddressInfo;
  return {
    announceUrl: `ws://127.0.0.1:${port}`,
    async waitForSeeders(infoHash, count, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while ((server.torrents[infoHash]?.complete ?? 0) < count) {
        if (Date.now() > deadline) {
          throw new Error(`${count} seeders had not announced ${infoHash} after ${timeoutMs} ms`);
        }
        await new Promise((resolve) => setTimeout(resolve, SWARM_POLL_MS));
      }
    },
    close: () =>
      new Promise((resolve) => {
        // The WebSocket server does not track its sockets: drop them, or close waits on them.
        server.http?.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
