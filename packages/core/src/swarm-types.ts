// What a Swarm is built from and what it reports: options, events, results.
import type { Manifest } from '@shoal/protocol';
import type { ShoalError } from './errors.ts';
import type { Clock, FileSource, PieceStore, Sha256 } from './interfaces.ts';
import type { SessionClosed } from './peer-session.ts';
import type { Progress, SwarmState } from './progress.ts';

/** Peers a downloader wants connected at once: WebTorrent's default is 55, but browsers cap data channels and memory sooner. */
export const DEFAULT_MAX_PEERS = 8;

/** Most connections a swarm accepts in all, dialled or incoming: a sharer serves several waves of downloaders. */
export const DEFAULT_MAX_CONNECTIONS = 32;

/** What every swarm is built from, sharer or downloader. */
interface CommonSwarmOptions {
  /** The 32-byte share id from the link. */
  shareId: Uint8Array;
  sha256?: Sha256;
  clock?: Clock;
  /** Aborting destroys the swarm. */
  signal?: AbortSignal;
  maxPeers?: number;
  maxConnections?: number;
  /** Peers uploaded to at once besides the optimistic one (see Choker); UPLOAD_SLOTS if absent. */
  uploadSlots?: number;
  /** False to show every downloader all our pieces from the start (see SuperSeeder); on by default. */
  superSeed?: boolean;
  /** Bytes per second across all peers; null or absent for no limit. */
  uploadRateLimit?: number | null;
  /** Tie-breaks between equally rare pieces; tests pass a seeded one. */
  random?: () => number;
  requestTimeoutMs?: number;
}

/** The sharer: every piece is in its files, so it stores none. */
export interface SharerSwarmOptions extends CommonSwarmOptions {
  /** The canonical manifest (from buildManifest). */
  manifestBytes: Uint8Array;
  /** The files in manifest order; pieces are served from them, hashed first. */
  sources: readonly FileSource[];
  store?: never;
}

/** A downloader: keeps every verified piece in its store, and serves from it. */
export interface DownloaderSwarmOptions extends CommonSwarmOptions {
  store: PieceStore;
  /** The manifest, when known from an earlier visit (a reload resumes); else peers send it. */
  manifestBytes?: Uint8Array;
  sources?: never;
}

export type SwarmOptions = SharerSwarmOptions | DownloaderSwarmOptions;

export interface PeerClosedEvent extends SessionClosed {
  peerId: string;
}

export interface SwarmEvents {
  state: [state: SwarmState];
  /** The manifest is known (at start for the sharer; from a peer for a downloader). */
  manifest: [manifest: Manifest];
  /** One more piece verified and stored. */
  piece: [index: number];
  progress: [progress: Progress];
  /** Every wanted piece is in (every piece, unless files were chosen); the swarm keeps serving. */
  complete: [];
  'peer-open': [peerId: string];
  'peer-closed': [event: PeerClosedEvent];
  /** Store failures (the swarm pauses), files that changed under the sharer. */
  error: [error: ShoalError];
}

/**
 * What addPeer did with a Transport. Anything but 'accepted' closes it:
 * 'not-started' means start() has not resolved yet.
 */
export type AddPeerResult =
  'accepted' | 'duplicate' | 'banned' | 'full' | 'not-started' | 'destroyed';
