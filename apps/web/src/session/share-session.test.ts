// Sessions on real swarms joined by in-memory links, with the registry and the
// piece stores in memory and a signaling client the test speaks for. The clock
// is the real one: every wait is for something the session says (a change of
// its snapshot) or a write it makes, never for time to pass.
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  buildManifest,
  Emitter,
  StoreError,
  realClock,
  roomIdOf,
  webCryptoSha256,
  type BuiltShare,
} from '@shoal/core';
import {
  connectRawPeer,
  connectSwarms,
  MemoryFileSource,
  MemoryPieceStore,
} from '@shoal/core/testing';
import {
  ok,
  splitManifest,
  type AckResult,
  type ClientConfig,
  type JoinAccepted,
  type PeersAccepted,
} from '@shoal/protocol';
import type { SignalingEvents, SignalingPort } from '../net/signaling-client.ts';
import type { ShareRecord } from '../storage/share-registry.ts';
import { settingsChanged } from './settings-events.ts';
import { saveHideAddress } from './settings.ts';
import {
  SHARE_DELETED,
  ShareSession,
  type SessionSnapshot,
  type SessionStorage,
} from './share-session.ts';

const KiB = 1024;

/**
 * IndexedDB's part, in memory: what a reload would find is what is left here.
 * Shared by the browser's tabs, as IndexedDB is: deleteShare called by the test
 * is a delete from another tab (the stored-shares list), and does what the
 * browser's does: closes the share's open store, drops it and the record, and
 * tells every tab.
 */
class MemoryStorage implements SessionStorage {
  readonly records = new Map<string, ShareRecord>();
  readonly stores = new Map<string, ClosableStore>();
  /** Every openStore call, by share key. */
  readonly opened: string[] = [];
  /** Quota of the next store opened (null: none). */
  quota: number | null = null;
  /** While set, getShare answers only once it resolves. */
  gate: Promise<void> | null = null;
  readonly #writes = new EventTarget();
  readonly #deletions = new EventTarget();

  async getShare(key: string): Promise<ShareRecord | undefined> {
    await this.gate;
    const record = this.records.get(key);
    return record && { ...record };
  }
  async putShare(record: ShareRecord): Promise<void> {
    this.records.set(record.key, { ...record });
    this.#writes.dispatchEvent(new Event('write'));
  }
  async updateShare(key: string, patch: Partial<ShareRecord>): Promise<void> {
    const current = this.records.get(key);
    if (!current) return;
    const next = { ...current, ...patch };
    if ('files' in patch && patch.files === undefined) delete next.files;
    this.records.set(key, next);
    this.#writes.dispatchEvent(new Event('write'));
  }
  async deleteShare(key: string): Promise<void> {
    // Deleting the database closes every connection to it first (versionchange).
    await this.stores.get(key)?.close();
    this.records.delete(key);
    this.stores.delete(key);
    this.#writes.dispatchEvent(new Event('write'));
    this.#deletions.dispatchEvent(new CustomEvent('deleted', { detail: key }));
  }
  onDeleted(key: string, listener: () => void): () => void {
    const onDeleted = (event: Event) => {
      if ((event as CustomEvent<string>).detail === key) listener();
    };
    this.#deletions.addEventListener('deleted', onDeleted);
    return () => this.#deletions.removeEventListener('deleted', onDeleted);
  }
  openStore(shareKey: string): ClosableStore {
    this.opened.push(shareKey);
    let store = this.stores.get(shareKey);
    if (!store) {
      store = new ClosableStore({ quota: this.quota });
      this.stores.set(shareKey, store);
    }
    store.closed = false;
    return store;
  }

  /** Resolves once the record of `key` satisfies `holds` (at once if it does already). */
  async until(key: string, holds: (record: ShareRecord | undefined) => boolean): Promise<void> {
    while (!holds(this.records.get(key))) {
      await new Promise((resolve) =>
        this.#writes.addEventListener('write', resolve, { once: true }),
      );
    }
  }
}

/** A piece store that, like a closed IndexedDB connection, refuses pieces once closed. */
class ClosableStore extends MemoryPieceStore {
  closed = false;
  closes = 0;
  override async get(index: number): Promise<Uint8Array | undefined> {
    if (this.closed) throw new StoreError('store-failed', 'The database connection is closed');
    return super.get(index);
  }
  override async put(index: number, data: Uint8Array): Promise<void> {
    if (this.closed) throw new StoreError('store-failed', 'The database connection is closed');
    return super.put(index, data);
  }
  async close(): Promise<void> {
    this.closed = true;
    this.closes += 1;
  }
}

/** The signaling client: records what sessions ask of it, and says what the test says the server said. */
class FakeSignaling extends Emitter<SignalingEvents> implements SignalingPort {
  config: ClientConfig | null = {
    peerId: 'me',
    iceServers: [{ urls: 'stun:stun.example:3478' }],
    iceServersExpireAt: null,
    limits: { maxSignalBytes: 16_384, maxPeersPerRoom: 50, maxRoomsPerConnection: 16 },
  };
  readonly joins: string[] = [];
  readonly leaves: string[] = [];

  say<K extends keyof SignalingEvents>(event: K, ...args: SignalingEvents[K]): void {
    this.emit(event, ...args);
  }
  join(roomId: string): Promise<AckResult<JoinAccepted>> {
    this.joins.push(roomId);
    return Promise.resolve(ok({ roomId, peerId: 'me', peers: [] }));
  }
  async leave(roomId: string): Promise<void> {
    this.leaves.push(roomId);
  }
  peers(roomId: string): Promise<AckResult<PeersAccepted>> {
    return Promise.resolve(ok({ roomId, peers: [] }));
  }
  signal(): Promise<AckResult<unknown>> {
    return Promise.resolve(ok({}));
  }
  reconnect(): void {}
}

/** Resolves with the snapshot once it satisfies `holds`, checking after every change. */
function until(
  session: ShareSession,
  holds: (snapshot: SessionSnapshot) => boolean,
): Promise<SessionSnapshot> {
  return new Promise((resolve) => {
    const check = () => {
      if (!holds(session.snapshot)) return;
      off();
      resolve(session.snapshot);
    };
    const off = session.on('change', check);
    check();
  });
}

const files = () => [
  MemoryFileSource.generated('clip.bin', 700 * KiB, 1),
  MemoryFileSource.generated('notes.txt', 100 * KiB, 2),
];
let built: BuiltShare;
let sharer: ShareSession;
/** The sharer's browser. */
let sharerStorage: MemoryStorage;
/** The downloader's browser. */
let storage: MemoryStorage;
let signaling: FakeSignaling;
const sessions: ShareSession[] = [];

beforeAll(async () => {
  built = await buildManifest(files(), { pieceSize: 256 * KiB });
});

beforeEach(async () => {
  sharerStorage = new MemoryStorage();
  storage = new MemoryStorage();
  signaling = new FakeSignaling();
  sharer = await ShareSession.share(signaling, built, files(), sharerStorage);
  sessions.push(sharer);
});

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.close()));
  vi.unstubAllGlobals();
});

/** A downloader's session, as opened from the link (or after a reload, from what storage holds). */
async function openDownloader(store: MemoryStorage = storage): Promise<ShareSession> {
  const session = await ShareSession.open(signaling, built.shareId, store);
  sessions.push(session);
  return session;
}

/** Joins a downloader to the sharer as the connector would, over an in-memory link. */
function linkToSharer(session: ShareSession): void {
  const links = connectSwarms(
    { swarm: sharer.swarm, id: 'sharer' },
    { swarm: session.swarm, id: `downloader-${sessions.indexOf(session)}` },
    { clock: realClock },
  );
  expect(links.results).toEqual(['accepted', 'accepted']);
}

describe('ShareSession for the sharer', () => {
  it('remembers the share, joins its room and is complete from the start', async () => {
    expect(sharer.snapshot).toMatchObject({
      role: 'sharer',
      phase: 'complete',
      manifest: built.manifest,
      error: null,
      warning: null,
    });
    expect(sharerStorage.records.get(sharer.shareKey)).toMatchObject({
      role: 'sharer',
      complete: true,
      downloading: false,
    });
    expect(signaling.joins).toEqual([await roomIdOf(built.shareId)]);
  });

  it('cannot be paused: it serves from the files', () => {
    sharer.pause();
    expect(sharer.snapshot.phase).toBe('complete');
  });
});

describe('ShareSession for a downloader', () => {
  it('looks for peers, then waits for Download once the manifest is here, fetching nothing', async () => {
    const session = await openDownloader();
    expect(session.snapshot).toMatchObject({
      role: 'downloader',
      phase: 'finding',
      manifest: null,
    });
    expect(signaling.joins).toContain(await roomIdOf(built.shareId));
    linkToSharer(session);
    const ready = await until(session, (s) => s.phase === 'ready');
    expect(ready.manifest).toEqual(built.manifest);
    await storage.until(session.shareKey, (r) => r !== undefined);
    expect(storage.records.get(session.shareKey)).toMatchObject({
      role: 'downloader',
      downloading: false,
      complete: false,
    });
    expect(storage.stores.get(session.shareKey)!.putLog).toEqual([]);
  });

  it('downloads every piece after Download, shows its progress, and remembers it is complete', async () => {
    const session = await openDownloader();
    linkToSharer(session);
    await until(session, (s) => s.phase === 'ready');
    session.download();
    expect(session.snapshot.phase).toBe('downloading');
    const done = await until(session, (s) => s.phase === 'complete');
    expect(done.progress).toMatchObject({
      verifiedBytes: 800 * KiB,
      totalBytes: 800 * KiB,
      verifiedPieces: 4,
    });
    await storage.until(session.shareKey, (r) => r?.complete === true);
    expect(storage.records.get(session.shareKey)).toMatchObject({ downloading: true });
    expect(await storage.stores.get(session.shareKey)!.list()).toHaveLength(4);
  });

  it('publishes a new snapshot on every change and never changes one it published', async () => {
    const session = await openDownloader();
    linkToSharer(session);
    const ready = await until(session, (s) => s.phase === 'ready');
    session.download();
    expect(session.snapshot).not.toBe(ready);
    expect(ready.phase).toBe('ready');
    expect(ready.progress?.verifiedBytes).toBe(0);
  });

  it('stays paused after Pause, also after a reload, and finishes after Resume', async () => {
    const session = await openDownloader();
    linkToSharer(session);
    await until(session, (s) => s.phase === 'ready');
    session.download();
    session.pause();
    expect(session.snapshot.phase).toBe('paused');
    await storage.until(session.shareKey, (r) => r?.paused === true);
    await session.close();

    const reloaded = await openDownloader();
    expect(reloaded.snapshot.phase).toBe('paused');
    linkToSharer(reloaded);
    reloaded.download();
    await until(reloaded, (s) => s.phase === 'complete');
    await storage.until(reloaded.shareKey, (r) => r?.paused === false && r.complete);
  });

  it('carries on downloading after a reload once Download was pressed, without asking again', async () => {
    const session = await openDownloader();
    linkToSharer(session);
    await until(session, (s) => s.phase === 'ready');
    session.download();
    await session.close();
    await storage.until(session.shareKey, (r) => r?.downloading === true);

    const reloaded = await openDownloader();
    expect(reloaded.snapshot.manifest).toEqual(built.manifest);
    expect(reloaded.snapshot.phase).toBe('downloading');
  });

  it('asks again after a reload when Download was never pressed', async () => {
    const session = await openDownloader();
    linkToSharer(session);
    await until(session, (s) => s.phase === 'ready');
    await storage.until(session.shareKey, (r) => r !== undefined);
    await session.close();

    const reloaded = await openDownloader();
    expect(reloaded.snapshot.phase).toBe('ready');
  });

  it('keeps the files chosen for download across a reload', async () => {
    const session = await openDownloader();
    linkToSharer(session);
    await until(session, (s) => s.phase === 'ready');
    session.selectFiles([1]);
    expect(session.snapshot.chosenFiles).toEqual([1]);
    await storage.until(session.shareKey, (r) => r?.files?.[0] === 1);
    await session.close();

    const reloaded = await openDownloader();
    expect(reloaded.snapshot.chosenFiles).toEqual([1]);
    linkToSharer(reloaded);
    reloaded.download();
    const done = await until(reloaded, (s) => s.phase === 'complete');
    // notes.txt (700 to 800 KiB) lies in the last two pieces: the third one in full, 32 KiB of the fourth.
    expect(done.progress).toMatchObject({ verifiedPieces: 2, wantedBytes: 288 * KiB });
  });

  it('pauses with quota-exceeded when the disk is full, and clears the error when Download is pressed again', async () => {
    storage.quota = 2 * 256 * KiB;
    const session = await openDownloader();
    linkToSharer(session);
    await until(session, (s) => s.phase === 'ready');
    session.download();
    const full = await until(session, (s) => s.error !== null);
    expect(full.error?.code).toBe('quota-exceeded');
    expect(full.phase).toBe('paused');

    storage.stores.get(session.shareKey)!.quota = null;
    session.download();
    expect(session.snapshot.error).toBeNull();
    await until(session, (s) => s.phase === 'complete');
  });

  it('warns when a peer sends files that do not match the link, and goes on without it', async () => {
    const session = await openDownloader();
    const liar = await connectRawPeer(session.swarm, 'liar', {
      clock: realClock,
      sha256: webCryptoSha256,
      shareId: built.shareId,
    });
    await new Promise<void>((resolve) => {
      const asked = () => liar.received.some((frame) => frame.type === 'manifest-request');
      if (asked()) return resolve();
      liar.transport.on('data', () => asked() && resolve());
    });
    const other = await buildManifest([MemoryFileSource.generated('x', 10, 3)]);
    for (const frame of splitManifest(other.manifestBytes)) liar.send(frame);
    const warned = await until(session, (s) => s.warning !== null);
    expect(warned.warning?.code).toBe('bad-manifest');
    expect(warned.manifest).toBeNull();

    linkToSharer(session);
    await until(session, (s) => s.phase === 'ready');
    session.download();
    const done = await until(session, (s) => s.phase === 'complete');
    expect(done.warning?.code).toBe('bad-manifest');
  });

  it('says once that Hide my address keeps it from connecting, until the setting is turned off', async () => {
    const settings = new Map<string, string>();
    vi.stubGlobal('localStorage', {
      getItem: (key: string) => settings.get(key) ?? null,
      setItem: (key: string, value: string) => settings.set(key, value),
      removeItem: (key: string) => settings.delete(key),
    });
    saveHideAddress(true);
    const session = await openDownloader();
    const roomId = await roomIdOf(built.shareId);
    const changes: SessionSnapshot[] = [];
    session.on('change', () => changes.push(session.snapshot));
    signaling.say('joined', { roomId, peerId: 'me', peers: ['p1'] });
    signaling.say('peer-joined', { roomId, peerId: 'p2' });
    expect(session.snapshot.warning?.code).toBe('relay-unavailable');
    expect(changes.filter((s) => s.warning !== null)).toHaveLength(1);

    // Gone before the setting changes: with it off, the session would dial them.
    signaling.say('peer-left', { roomId, peerId: 'p1' });
    signaling.say('peer-left', { roomId, peerId: 'p2' });
    saveHideAddress(false);
    settingsChanged();
    expect(session.snapshot.warning).toBeNull();
  });
});

describe('ShareSession: cancelling and closing', () => {
  it('cancel without deleting stops fetching and forgets Download, keeping the pieces', async () => {
    const session = await openDownloader();
    linkToSharer(session);
    await until(session, (s) => s.phase === 'ready');
    session.download();
    await session.cancel(false);
    expect(session.snapshot.phase).toBe('ready');
    await storage.until(session.shareKey, (r) => r?.downloading === false);
    expect(storage.stores.has(session.shareKey)).toBe(true);
  });

  it('cancel with delete closes the session, leaves the room and deletes the share with its pieces', async () => {
    const session = await openDownloader();
    linkToSharer(session);
    await until(session, (s) => s.phase === 'ready');
    session.download();
    const store = storage.stores.get(session.shareKey)!;
    await session.cancel(true);
    expect(session.snapshot.phase).toBe('closed');
    expect(store.closed).toBe(true);
    expect(signaling.leaves).toEqual([await roomIdOf(built.shareId)]);
    expect(storage.records.has(session.shareKey)).toBe(false);
    expect(storage.stores.has(session.shareKey)).toBe(false);
  });

  it('closes once however often it is asked: leaves the room once, closes the store once', async () => {
    const session = await openDownloader();
    linkToSharer(session);
    await until(session, (s) => s.phase === 'ready');
    const first = session.close();
    const second = session.close();
    expect(second).toBe(first);
    await first;
    await session.close();
    expect(signaling.leaves).toEqual([await roomIdOf(built.shareId)]);
    expect(storage.stores.get(session.shareKey)!.closes).toBe(1);
    expect(session.swarm.state).toBe('destroyed');
    // The last progress stays on show, and the share stays stored.
    expect(session.snapshot.phase).toBe('closed');
    expect(session.snapshot.progress?.totalBytes).toBe(800 * KiB);
    expect(storage.records.has(session.shareKey)).toBe(true);
  });

  it('drops its peers and closes its store without waiting for the server to answer the leave', async () => {
    const session = await openDownloader();
    linkToSharer(session);
    await until(session, (s) => s.phase === 'ready');
    // A dead socket: the leave is not answered until the test says so.
    let answer = () => {};
    const answered = signaling.leave.bind(signaling);
    signaling.leave = (roomId) => {
      signaling.leaves.push(roomId);
      return new Promise((resolve) => (answer = resolve));
    };
    const sharerSawGoodbye = new Promise((resolve) => sharer.swarm.on('peer-closed', resolve));
    let closed = false;
    const closing = session.close().then(() => (closed = true));
    await until(session, (s) => s.phase === 'closed');
    expect(session.swarm.state).toBe('destroyed');
    expect(storage.stores.get(session.shareKey)!.closed).toBe(true);
    await sharerSawGoodbye;
    expect(sharer.swarm.peerIds).toEqual([]);
    expect(signaling.leaves).toEqual([await roomIdOf(built.shareId)]);
    expect(closed).toBe(false);
    answer();
    await closing;
    signaling.leave = answered;
  });

  it('closes what it opened when it cannot start, and says why', async () => {
    // What a reload finds is a manifest that is not this share's.
    const other = await buildManifest([MemoryFileSource.generated('x.bin', 1 * KiB, 9)]);
    await storage.putShare({
      key: sharer.shareKey,
      manifestBytes: other.manifestBytes,
      role: 'downloader',
      addedAt: 0,
      downloading: true,
      complete: false,
    });
    await expect(ShareSession.open(signaling, built.shareId, storage)).rejects.toMatchObject({
      code: 'bad-manifest',
    });
    expect(storage.stores.get(sharer.shareKey)!.closed).toBe(true);
    // Only the sharer joined the room: the failed session never did.
    expect(signaling.joins).toEqual([await roomIdOf(built.shareId)]);
  });
});

describe('ShareSession: its share deleted in another tab', () => {
  /** Resolves once the sharer has said goodbye to every peer it served. */
  const sharerServesNoOne = () =>
    new Promise<void>((resolve) => {
      const check = () => sharer.swarm.peerIds.length === 0 && resolve();
      sharer.swarm.on('peer-closed', check);
      check();
    });

  it.each(['downloading', 'complete'] as const)(
    'a downloader %s stops, says so, and opens nothing of the share again',
    async (phase) => {
      const session = await openDownloader();
      linkToSharer(session);
      await until(session, (s) => s.phase === 'ready');
      session.download();
      // Listed in the other tab: the record is there.
      await storage.until(session.shareKey, (r) => r?.downloading === true);
      if (phase === 'complete') {
        await until(session, (s) => s.phase === 'complete');
        await storage.until(session.shareKey, (r) => r?.complete === true);
      }
      expect(session.snapshot.phase).toBe(phase);

      await storage.deleteShare(session.shareKey);
      const closed = await until(session, (s) => s.phase === 'closed');
      expect(closed.error?.code).toBe(SHARE_DELETED);
      expect(session.swarm.state).toBe('destroyed');
      await sharerServesNoOne();
      await vi.waitFor(async () =>
        expect(signaling.leaves).toEqual([await roomIdOf(built.shareId)]),
      );
      // Its pieces stay deleted: no store opened again, no record written again.
      expect(storage.opened).toEqual([session.shareKey]);
      expect(storage.stores.has(session.shareKey)).toBe(false);
      expect(storage.records.has(session.shareKey)).toBe(false);
    },
  );

  it('a downloader that has no record yet writes none once its share is deleted', async () => {
    const session = await openDownloader();
    // The manifest arrives; the session asks whether the share is stored, and
    // the answer comes only after another tab deleted the share.
    let answer = () => {};
    storage.gate = new Promise((resolve) => (answer = resolve));
    linkToSharer(session);
    await until(session, (s) => s.phase === 'ready');
    await storage.deleteShare(session.shareKey);
    await until(session, (s) => s.phase === 'closed');
    answer();
    storage.gate = null;
    // What the session would write next (the record) has had every chance to.
    await session.close();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(storage.records.has(session.shareKey)).toBe(false);
  });

  it('a session whose share is deleted while it starts joins no room', async () => {
    const subscribe = storage.onDeleted.bind(storage);
    storage.onDeleted = (key, listener) => {
      const off = subscribe(key, listener);
      queueMicrotask(() => void storage.deleteShare(key));
      return off;
    };
    const session = await openDownloader();
    expect(session.snapshot).toMatchObject({ phase: 'closed', error: { code: SHARE_DELETED } });
    // Only the sharer's join: the session's own never happened.
    expect(signaling.joins).toEqual([await roomIdOf(built.shareId)]);
  });

  it('the sharer stops serving and says so', async () => {
    const session = await openDownloader();
    linkToSharer(session);
    await until(session, (s) => s.phase === 'ready');
    const downloaderSawGoodbye = new Promise((resolve) => session.swarm.on('peer-closed', resolve));
    await sharerStorage.deleteShare(sharer.shareKey);
    const closed = await until(sharer, (s) => s.phase === 'closed');
    expect(closed.error?.code).toBe(SHARE_DELETED);
    await sharerServesNoOne();
    await downloaderSawGoodbye;
    expect(session.swarm.peerIds).toEqual([]);
  });

  it('a session that deletes its own share is not told it was deleted elsewhere', async () => {
    const session = await openDownloader();
    linkToSharer(session);
    await until(session, (s) => s.phase === 'ready');
    await session.cancel(true);
    expect(session.snapshot).toMatchObject({ phase: 'closed', error: null });
  });

  it('pays no attention to the deletion of another share', async () => {
    const session = await openDownloader();
    linkToSharer(session);
    await until(session, (s) => s.phase === 'ready');
    await storage.deleteShare('another-share');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(session.snapshot.phase).toBe('ready');
  });
});
