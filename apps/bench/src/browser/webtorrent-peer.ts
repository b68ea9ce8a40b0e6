// What a WebTorrent peer does inside its page: seed the chosen file, or add a
// magnet link and download it. Everything here runs in Chromium through
// page.evaluate; the functions passed in hold no named functions, because the
// bench runs through tsx, which would wrap them in helpers the page lacks.
import type { Page } from '@playwright/test';

/** The part of WebTorrent's browser API the bench uses (the bundle ships no types). */
interface Torrent {
  infoHash: string;
  magnetURI: string;
  name: string;
  length: number;
  pieceLength: number;
  progress: number;
  /** Bytes this peer has sent of the torrent. */
  uploaded: number;
  files: { arrayBuffer(): Promise<ArrayBuffer> }[];
  once(event: 'done' | 'metadata', listener: () => void): void;
  once(event: 'verified', listener: (index: number) => void): void;
  once(event: 'error', listener: (error: Error | string) => void): void;
}
interface Client {
  seed(
    file: File,
    options: { announce: string[]; name: string; pieceLength?: number },
    onSeed: (torrent: Torrent) => void,
  ): Torrent;
  add(torrentId: string, options: { announce: string[] }): Torrent;
  on(event: 'error', listener: (error: Error | string) => void): void;
}
interface ClientOptions {
  dht: boolean;
  lsd: boolean;
  utPex: boolean;
  natUpnp: boolean;
  natPmp: boolean;
  webSeeds: boolean;
  /** Bytes per second over all torrents; -1 for none. */
  uploadLimit: number;
  tracker: { rtcConfig: RTCConfiguration };
}
/** What the peer page and the steps below leave on window. */
interface PeerWindow {
  WebTorrent?: { new (options: ClientOptions): Client; VERSION: string };
  webTorrentClient?: Client;
  webTorrentTorrent?: Torrent;
}

/**
 * Options every client gets. No STUN servers: this machine reaches nothing beyond
 * loopback, and ICE gathering would wait on unreachable ones before each offer
 * (WebTorrent's default rtcConfig lists public STUN servers). DHT, local discovery,
 * PEX, NAT mapping and web seeds are off: the browser build leaves most of them
 * out anyway, and the tracker is the only way peers meet here.
 */
const CLIENT_OPTIONS: Omit<ClientOptions, 'uploadLimit'> = {
  dht: false,
  lsd: false,
  utPex: false,
  natUpnp: false,
  natPmp: false,
  webSeeds: false,
  tracker: { rtcConfig: { iceServers: [] } },
};

/** The id of the file input in webtorrent-page.html. */
const FILE_INPUT = '#webtorrent-file';

export interface Seeded {
  infoHash: string;
  magnetURI: string;
  pieceLength: number;
  length: number;
}

/** Waits for the bundle the page imports, and checks it is the version Node sees. */
export async function waitForWebTorrent(page: Page, version: string): Promise<void> {
  await page.waitForFunction(() => (window as PeerWindow).WebTorrent !== undefined);
  const loaded = await page.evaluate(() => (window as PeerWindow).WebTorrent!.VERSION);
  if (loaded !== version) throw new Error(`page runs webtorrent ${loaded}, not ${version}`);
}

/**
 * Seeds the file at `filePath` with `client.seed()`, as WebTorrent's README does
 * with a dropped file. Chromium reads the file from disk; its bytes never pass
 * through Node. Resolves once WebTorrent has hashed the file and loaded it into
 * its store: from then on every piece can be served. `pieceLength` undefined lets
 * WebTorrent choose (create-torrent's default for the size).
 */
export async function seed(
  page: Page,
  options: {
    filePath: string;
    announceUrl: string;
    name: string;
    pieceLength: number | undefined;
    uploadLimit: number | null;
    timeoutMs: number;
  },
): Promise<Seeded> {
  await page.setInputFiles(FILE_INPUT, options.filePath);
  return page.evaluate(
    ([options, clientOptions, input]) =>
      new Promise<Seeded>((resolve, reject) => {
        const peer = window as PeerWindow;
        const client = new peer.WebTorrent!({
          ...clientOptions,
          uploadLimit: options.uploadLimit ?? -1,
        });
        peer.webTorrentClient = client;
        const timer = setTimeout(
          () => reject(new Error(`seeding took over ${options.timeoutMs} ms`)),
          options.timeoutMs,
        );
        client.on('error', (error) => reject(new Error(`seeder: ${String(error)}`)));
        const file = document.querySelector<HTMLInputElement>(input)!.files![0]!;
        const seedOptions = {
          announce: [options.announceUrl],
          name: options.name,
          ...(options.pieceLength === undefined ? {} : { pieceLength: options.pieceLength }),
        };
        peer.webTorrentTorrent = client.seed(file, seedOptions, (torrent) => {
          clearTimeout(timer);
          resolve({
            infoHash: torrent.infoHash,
            magnetURI: torrent.magnetURI,
            pieceLength: torrent.pieceLength,
            length: torrent.length,
          });
        });
      }),
    [options, CLIENT_OPTIONS, FILE_INPUT] as const,
  );
}

export interface Leeched {
  /** From client.add() to the torrent's 'done', on the page's clock. */
  ms: number;
  /** From client.add() to 'metadata': the tracker, the WebRTC handshake and ut_metadata. */
  metadataMs: number;
  /** From 'metadata' to the first 'verified' piece (hashed and stored, as Shoal's first piece). */
  firstPieceMs: number;
  length: number;
  progress: number;
}

/** Adds `magnetURI` to a new client and waits for 'done': every piece verified and stored. */
export function leech(
  page: Page,
  options: { magnetURI: string; announceUrl: string; timeoutMs: number },
): Promise<Leeched> {
  return page.evaluate(
    ([options, clientOptions]) =>
      new Promise<Leeched>((resolve, reject) => {
        const peer = window as PeerWindow;
        const client = new peer.WebTorrent!({ ...clientOptions, uploadLimit: -1 });
        peer.webTorrentClient = client;
        const timer = setTimeout(
          () => reject(new Error(`the download took over ${options.timeoutMs} ms`)),
          options.timeoutMs,
        );
        client.on('error', (error) => reject(new Error(`leecher: ${String(error)}`)));
        const start = performance.now();
        let metadataMs = NaN;
        let firstPieceMs = NaN;
        const torrent = client.add(options.magnetURI, { announce: [options.announceUrl] });
        peer.webTorrentTorrent = torrent;
        torrent.once('metadata', () => (metadataMs = performance.now() - start));
        torrent.once('verified', () => (firstPieceMs = performance.now() - start - metadataMs));
        torrent.once('done', () => {
          const ms = performance.now() - start;
          clearTimeout(timer);
          resolve({
            ms,
            metadataMs,
            firstPieceMs,
            length: torrent.length,
            progress: torrent.progress,
          });
        });
      }),
    [options, CLIENT_OPTIONS] as const,
  );
}

/** Bytes the page's torrent has uploaded: which seeders a leecher drew from. */
export function uploadedBytes(page: Page): Promise<number> {
  return page.evaluate(() => (window as PeerWindow).webTorrentTorrent!.uploaded);
}

/** SHA-256 (hex) of the page's torrent, read back from WebTorrent's store. Whole in memory: call it untimed. */
export function downloadedSha256(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const torrent = (window as PeerWindow).webTorrentTorrent!;
    const digest = await crypto.subtle.digest('SHA-256', await torrent.files[0]!.arrayBuffer());
    return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join(
      '',
    );
  });
}

/** What the page's origin holds for the torrent, to tell which store WebTorrent used. */
export interface StoreProbe {
  /** WebTorrent's own test for its file-system store (lib/torrent.js, SUPPORTS_FSA). */
  fileSystemAccess: boolean;
  /** Files in the Origin Private File System directory fsa-chunk-store names after the torrent, or null if none. */
  opfsFiles: number | null;
  opfsBytes: number;
}

export function probeStore(page: Page): Promise<StoreProbe> {
  return page.evaluate(async () => {
    const torrent = (window as PeerWindow).webTorrentTorrent!;
    const fileSystemAccess = Boolean(
      typeof navigator.storage?.getDirectory === 'function' &&
      typeof FileSystemFileHandle?.prototype?.createWritable === 'function',
    );
    // fsa-chunk-store keeps each piece as a file in `${name} - ${infoHash.slice(0, 8)}`.
    const root = await navigator.storage.getDirectory();
    const directory = await root
      .getDirectoryHandle(`${torrent.name} - ${torrent.infoHash.slice(0, 8)}`)
      .catch(() => null);
    if (!directory) return { fileSystemAccess, opfsFiles: null, opfsBytes: 0 };
    let opfsFiles = 0;
    let opfsBytes = 0;
    for await (const handle of (
      directory as unknown as { values(): AsyncIterable<FileSystemHandle> }
    ).values()) {
      if (handle.kind !== 'file') continue;
      opfsFiles += 1;
      opfsBytes += (await (handle as FileSystemFileHandle).getFile()).size;
    }
    return { fileSystemAccess, opfsFiles, opfsBytes };
  });
}
