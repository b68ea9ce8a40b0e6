// One share in this tab: its swarm, its IndexedDB store, its room. The UI reads
// snapshots of it; everything with side effects lives here, not in components.
import {
  Emitter,
  roomIdOf,
  Swarm,
  toBase64url,
  type FileSource,
  type PieceStore,
  type Progress,
} from '@shoal/core';
import { GoodbyeCode, type Manifest } from '@shoal/protocol';
import type { ConnectionRoute } from '../net/connection-route.ts';
import type { ConnectivityProblem } from '../net/connectivity-diagnosis.ts';
import { RoomConnector } from '../net/room-connector.ts';
import type { SignalingPort } from '../net/signaling-client.ts';
import { keepStorageFor } from '../storage/storage-space.ts';
import type { ShareRole } from '../storage/share-registry.ts';
import { connectStreamChannel } from '../stream/stream-focus.ts';
import { mark, MARKS } from './marks.ts';
import { onSettingsChanged } from './settings-events.ts';
import { loadHideAddress, loadUploadLimit } from './settings.ts';
import { nextSnapshot, type SessionError, type SessionSnapshot } from './session-snapshot.ts';
import { browserStorage, type SessionStorage } from './session-storage.ts';

export type { SessionError, SessionPhase, SessionSnapshot } from './session-snapshot.ts';
export type { SessionStorage } from './session-storage.ts';

/** The warning code shown while "Hide my address" keeps a session from connecting. */
const RELAY_UNAVAILABLE = 'relay-unavailable';

/**
 * The error code of a session closed because its share was deleted, with its
 * pieces, by another tab (or this tab's stored-shares list).
 */
export const SHARE_DELETED = 'share-deleted';

export interface SessionEvents {
  change: [];
}

interface SessionParts {
  shareId: Uint8Array;
  role: ShareRole;
  signaling: SignalingPort;
  storage: SessionStorage;
  manifestBytes?: Uint8Array;
  sources?: FileSource[];
  /** Start downloading as soon as the manifest is here (a resumed download). */
  autoDownload: boolean;
  /** The files chosen before a reload; absent for all of them. */
  files?: number[];
  /** The user had paused before a reload. */
  paused?: boolean;
}

export class ShareSession extends Emitter<SessionEvents> {
  readonly shareKey: string;
  readonly role: ShareRole;
  readonly swarm: Swarm;
  /** Downloaders keep pieces in IndexedDB; the sharer serves from its files and stores nothing. */
  readonly #store: (PieceStore & { close(): Promise<void> }) | null;
  readonly #parts: SessionParts;
  #connector: RoomConnector | null = null;
  #roomId: string | null = null;
  #wantDownload: boolean;
  /** The user pressed Pause (not a full disk, which pauses by itself). */
  #userPaused: boolean;
  #firstPieceMarked = false;
  #warning: SessionError | null = null;
  /** Replaced, never changed in place: snapshots share it. */
  #routes: ReadonlyMap<string, ConnectionRoute> = new Map();
  #connectivity: ConnectivityProblem | null = null;
  #snapshot: SessionSnapshot;
  /** The registry writes in order (see #persist). */
  #writes: Promise<void> = Promise.resolve();
  /** The share was deleted elsewhere: its record is not written again (see #remember). */
  #deleted = false;
  readonly #stopListening: () => void;

  private constructor(parts: SessionParts) {
    super();
    this.#parts = parts;
    this.role = parts.role;
    this.shareKey = toBase64url(parts.shareId);
    this.#wantDownload = parts.autoDownload;
    this.#userPaused = parts.paused === true;
    const uploadRateLimit = loadUploadLimit();
    if (parts.sources) {
      if (!parts.manifestBytes) throw new Error('A sharer is opened with its manifest');
      // The sharer serves from its files and stores nothing.
      this.#store = null;
      this.swarm = new Swarm({
        shareId: parts.shareId,
        manifestBytes: parts.manifestBytes,
        sources: parts.sources,
        uploadRateLimit,
      });
    } else {
      this.#store = parts.storage.openStore(this.shareKey);
      this.swarm = new Swarm({
        shareId: parts.shareId,
        store: this.#store,
        manifestBytes: parts.manifestBytes,
        uploadRateLimit,
      });
    }
    this.#snapshot = this.#makeSnapshot(null);
    const stopSettings = onSettingsChanged(() => this.#onSettingsChanged());
    const stopStreams =
      this.role === 'downloader' ? connectStreamChannel(this.shareKey, this.swarm) : () => {};
    const stopDeleted = parts.storage.onDeleted(this.shareKey, () => this.#deletedElsewhere());
    this.#stopListening = () => {
      stopSettings();
      stopStreams();
      stopDeleted();
    };
    this.swarm.on('manifest', (manifest) => this.#onManifest(manifest));
    this.swarm.on('progress', (progress) => this.#update(progress));
    this.swarm.on('state', () => this.#update(this.swarm.progress()));
    this.swarm.on('piece', () => {
      if (this.role === 'downloader' && this.#wantDownload && !this.#firstPieceMarked) {
        this.#firstPieceMarked = true;
        mark(MARKS.firstPiece);
      }
    });
    this.swarm.on('complete', () => {
      if (this.role === 'downloader') mark(MARKS.downloadComplete);
      this.#persist(() => this.#storage.updateShare(this.shareKey, { complete: true }));
    });
    this.swarm.on('error', (error) =>
      this.#update(this.swarm.progress(), { code: error.code, message: error.message }),
    );
    this.swarm.on('peer-closed', ({ peerId, code, byUs, reason }) => {
      this.#setRoute(peerId, 'unknown');
      if (code !== GoodbyeCode.BadManifest || !byUs) return;
      this.#warning = { code: 'bad-manifest', message: reason };
      this.#update(this.swarm.progress());
    });
  }

  /** A share this tab just prepared from the user's files. */
  static async share(
    signaling: SignalingPort,
    built: { shareId: Uint8Array; manifestBytes: Uint8Array },
    sources: FileSource[],
    storage: SessionStorage = browserStorage,
  ) {
    const session = new ShareSession({
      ...built,
      role: 'sharer',
      signaling,
      storage,
      sources,
      autoDownload: false,
    });
    await session.#startOrClose(() =>
      storage.putShare({
        key: session.shareKey,
        manifestBytes: built.manifestBytes,
        role: 'sharer',
        addedAt: Date.now(),
        downloading: false,
        complete: true,
      }),
    );
    return session;
  }

  /** A share opened from a link: resumes from IndexedDB when this browser has seen it before. */
  static async open(
    signaling: SignalingPort,
    shareId: Uint8Array,
    storage: SessionStorage = browserStorage,
  ) {
    const stored = await storage.getShare(toBase64url(shareId));
    const session = new ShareSession({
      shareId,
      role: 'downloader',
      signaling,
      storage,
      manifestBytes: stored?.manifestBytes,
      // Pressed Download before, or finished: either way, no need to ask again.
      autoDownload: stored?.downloading === true || stored?.complete === true,
      ...(stored?.files === undefined ? {} : { files: stored.files }),
      paused: stored?.paused === true,
    });
    await session.#startOrClose();
    return session;
  }

  get snapshot(): SessionSnapshot {
    return this.#snapshot;
  }

  /** The user pressed Download, or Resume (after Pause, or a full disk). */
  download(): void {
    this.#wantDownload = true;
    this.#userPaused = false;
    const progress = this.swarm.progress();
    keepStorageFor(progress.wantedBytes - progress.verifiedWantedBytes);
    mark(MARKS.downloadStart);
    this.#persist(() =>
      this.#storage.updateShare(this.shareKey, { downloading: true, paused: false }),
    );
    this.swarm.resume();
    this.#connector?.poke();
    this.#update(this.swarm.progress(), null);
  }

  /** Stops fetching; pieces already here are still served to others. */
  pause(): void {
    if (this.role !== 'downloader' || !this.#wantDownload) return;
    this.#userPaused = true;
    this.swarm.pause();
    this.#persist(() => this.#storage.updateShare(this.shareKey, { paused: true }));
    this.#update(this.swarm.progress());
  }

  /**
   * Chooses the files to download, by manifest index (all of them: null). Kept
   * for a reload; choosing more once done downloads them too.
   */
  selectFiles(files: number[] | null): void {
    if (this.role !== 'downloader' || this.swarm.manifest === null) return;
    this.swarm.selectFiles(files);
    const chosen = this.swarm.selectedFiles;
    const complete = this.swarm.state === 'seeding';
    this.#persist(() =>
      this.#storage.updateShare(this.shareKey, {
        files: chosen === null ? undefined : [...chosen],
        complete,
      }),
    );
    this.#update(this.swarm.progress());
  }

  /**
   * A player opens file `fileIndex`: it is wanted, its start comes first (the
   * player asks for it before anything else), and the download runs.
   */
  play(fileIndex: number): void {
    if (this.role !== 'downloader' || this.swarm.manifest === null) return;
    const chosen = this.swarm.selectedFiles;
    if (chosen !== null && !chosen.includes(fileIndex)) this.selectFiles([...chosen, fileIndex]);
    this.swarm.focus(fileIndex, 0);
    if (!this.#wantDownload || this.#userPaused || this.swarm.state === 'paused') this.download();
  }

  /** The player closed: nothing is fetched ahead of it any more. */
  stopPlaying(): void {
    this.swarm.unfocus();
  }

  /**
   * The user cancelled the download. With `deleteStored`, the share is closed
   * and every stored piece deleted; without, it stays paused and can be resumed.
   */
  async cancel(deleteStored: boolean): Promise<void> {
    if (!deleteStored) {
      this.#wantDownload = false;
      this.#userPaused = false;
      this.swarm.pause();
      this.#persist(() =>
        this.#storage.updateShare(this.shareKey, { downloading: false, paused: false }),
      );
      this.#update(this.swarm.progress());
      return;
    }
    await this.close();
    await this.#writes;
    await this.#storage.deleteShare(this.shareKey);
  }

  /**
   * Stops sharing and downloading: leaves the room, closes every peer and the
   * store (stored pieces stay). Calling it again waits for the first call.
   */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  #closing: Promise<void> | null = null;
  /** The closed snapshot is published: nothing the swarm says after changes it. */
  #final = false;

  /**
   * The share was deleted, its pieces with it, by another tab: stop
   * downloading and serving, and say so. The delete closed the store already,
   * and nothing here opens it or writes the share's record again.
   */
  #deletedElsewhere(): void {
    if (this.#closing) return;
    this.#deleted = true;
    // Said first: every snapshot from here on, the closed one too, carries it.
    this.#update(this.swarm.progress(), {
      code: SHARE_DELETED,
      message: 'This share was deleted in another tab',
    });
    void this.close();
  }

  async #close(): Promise<void> {
    this.#stopListening();
    this.#connector?.close();
    // Peers and the store go first: leaving waits for the server's answer,
    // which a dead socket gives only after its timeout.
    this.swarm.destroy();
    await this.#store?.close().catch(() => undefined);
    this.#update(null);
    this.#final = true;
    if (this.#roomId) await this.#parts.signaling.leave(this.#roomId);
  }

  /**
   * Runs `before` (a registry write), then starts. A failure closes what the
   * constructor opened (swarm, store, listeners) before it is thrown on.
   */
  async #startOrClose(before?: () => Promise<void>): Promise<void> {
    try {
      await before?.();
      await this.#start();
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  get #storage(): SessionStorage {
    return this.#parts.storage;
  }

  async #start(): Promise<void> {
    await this.swarm.start();
    const roomId = await roomIdOf(this.#parts.shareId);
    // Closed while starting (its share deleted meanwhile): join nothing.
    if (this.#closing) return;
    this.#roomId = roomId;
    this.#connector = new RoomConnector({
      signaling: this.#parts.signaling,
      roomId,
      swarm: this.swarm,
      relayOnly: loadHideAddress,
      onRelayUnavailable: () => this.#relayUnavailable(),
      onRoute: (peerId, route) => this.#setRoute(peerId, route),
      onConnectivity: (problem) => {
        this.#connectivity = problem;
        this.#update(this.swarm.progress());
      },
    });
    void this.#parts.signaling.join(roomId);
    this.#update(this.swarm.progress());
  }

  #onSettingsChanged(): void {
    this.swarm.setUploadRateLimit(loadUploadLimit());
    // Turning "Hide my address" off lets a session that was held back connect now.
    if (this.#warning?.code === RELAY_UNAVAILABLE && !loadHideAddress()) {
      this.#warning = null;
      this.#update(this.swarm.progress());
    }
    this.#connector?.poke();
  }

  /** The user hides their address, and the server offers no relay: say so, once. */
  #relayUnavailable(): void {
    if (this.#warning?.code === RELAY_UNAVAILABLE) return;
    this.#warning = {
      code: RELAY_UNAVAILABLE,
      message: 'Hide my address is on, and this server offers no relay',
    };
    this.#update(this.swarm.progress());
  }

  /** Records how a peer is routed; 'unknown' forgets it (the peer closed, or ICE has not said). */
  #setRoute(peerId: string, route: ConnectionRoute): void {
    if ((this.#routes.get(peerId) ?? 'unknown') === route) return;
    const routes = new Map(this.#routes);
    if (route === 'unknown') routes.delete(peerId);
    else routes.set(peerId, route);
    this.#routes = routes;
    this.#update(this.swarm.progress());
  }

  #onManifest(manifest: Manifest): void {
    // Called before the swarm starts requesting: holding here means nothing is
    // fetched until the user has seen the files and pressed Download, and only
    // the files chosen before a reload are.
    if (this.role === 'downloader' && this.#parts.files !== undefined) {
      this.swarm.selectFiles(this.#parts.files);
    }
    if (this.role === 'downloader' && (!this.#wantDownload || this.#userPaused)) this.swarm.pause();
    if (this.role === 'downloader') this.#persist(() => this.#remember());
    this.#update(this.swarm.progress(), undefined, manifest);
  }

  /**
   * Runs registry writes one after another: "remember this share" and "the user
   * pressed Download" must not interleave, or a reload would forget the press.
   */
  #persist(write: () => Promise<void>): void {
    this.#writes = this.#writes.then(write).catch(() => undefined);
  }

  async #remember(): Promise<void> {
    const stored = await this.#storage.getShare(this.shareKey);
    // Deleted meanwhile by another tab: stays deleted. (updateShare writes only
    // a record that is there.)
    if (stored || this.#deleted) return;
    const manifestBytes = this.swarm.manifestBytes;
    if (!manifestBytes) return;
    await this.#storage.putShare({
      key: this.shareKey,
      manifestBytes,
      role: 'downloader',
      addedAt: Date.now(),
      downloading: this.#wantDownload,
      complete: false,
    });
  }

  #update(progress: Progress | null, error?: SessionError | null, manifest?: Manifest): void {
    if (this.#final) return;
    this.#snapshot = this.#makeSnapshot(progress, error, manifest);
    this.emit('change');
  }

  #makeSnapshot(
    progress: Progress | null,
    error?: SessionError | null,
    manifest?: Manifest,
  ): SessionSnapshot {
    return nextSnapshot(this.#snapshot as SessionSnapshot | undefined, {
      shareKey: this.shareKey,
      role: this.role,
      swarmState: this.swarm.state,
      wantDownload: this.#wantDownload,
      progress,
      error,
      manifest: manifest ?? this.swarm.manifest ?? null,
      warning: this.#warning,
      routes: this.#routes,
      connectivity: this.#connectivity,
      chosenFiles: this.swarm.selectedFiles,
    });
  }
}
