// Serves the WebTorrent peer page and the webtorrent package's browser bundle from
// loopback. The page needs an http origin: Chromium gives about:blank no Origin
// Private File System, which is where WebTorrent's browser store keeps pieces.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const PAGE = fileURLToPath(new URL('./webtorrent-page.html', import.meta.url));
const BUNDLE = fileURLToPath(import.meta.resolve('webtorrent/dist/webtorrent.min.js'));
const PACKAGE = fileURLToPath(import.meta.resolve('webtorrent/package.json'));

export interface WebTorrentPageServer {
  /** The peer page: it sets window.WebTorrent once the bundle has loaded. */
  pageUrl: string;
  /** The webtorrent package's version, from the package that serves the bundle. */
  version: string;
  close(): Promise<void>;
}

export async function startPageServer(): Promise<WebTorrentPageServer> {
  const { version } = JSON.parse(await readFile(PACKAGE, 'utf8')) as { version: string };
  const files = new Map([
    ['/', { body: await readFile(PAGE), type: 'text/html; charset=utf-8' }],
    ['/webtorrent.min.js', { body: await readFile(BUNDLE), type: 'text/javascript' }],
  ]);
  const server = createServer((request, response) => {
    const file = files.get(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    if (!file) return response.writeHead(404).end();
    response.writeHead(200, { 'content-type': file.type }).end(file.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    pageUrl: `http://127.0.0.1:${port}/`,
    version,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
