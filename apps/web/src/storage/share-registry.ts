// The shares this browser holds, so that a reload can resume them and the user
// can save or delete them later. Local only: nothing here is ever sent.
import { createStore, del, entries, get, set } from 'idb-keyval';
import { decodeManifest, type Manifest } from '@shoal/protocol';
import { deletePieceDatabase } from './idb-piece-store.ts';

export type ShareRole = 'sharer' | 'downloader';

export interface ShareRecord {
  /** The share id as base64url: also the link's fragment. */
  key: string;
  manifestBytes: Uint8Array;
  role: ShareRole;
  addedAt: number;
  /** The user pressed Download: after a reload, carry on without asking. */
  downloading: boolean;
  /** Every wanted piece is stored (every piece, unless `files` chooses some). */
  complete: boolean;
  /** The files the user chose, by manifest index; absent for all of them. */
  files?: number[];
  /** The user pressed Pause: after a reload, stay paused. */
  paused?: boolean;
}

export interface StoredShare extends ShareRecord {
  manifest: Manifest;
}

/**
 * A record whose manifest this version refuses (say, a file name with a
 * direction override, allowed before): it cannot be opened, but its pieces
 * still take space, so the list shows it and lets the user delete it.
 */
export interface UnreadableShare extends Omit<ShareRecord, 'manifestBytes'> {
  manifest: null;
  /** Why the manifest no longer decodes (the decoder's message). */
  problem: string;
}

interface StoredValue extends Omit<ShareRecord, 'manifestBytes'> {
  manifestBytes: ArrayBuffer;
}

const registry = createStore('shoal-shares', 'shares');

function revive(value: StoredValue): StoredShare | UnreadableShare {
  const manifestBytes = new Uint8Array(value.manifestBytes);
  const manifest = decodeManifest(manifestBytes);
  if (manifest.ok) {
    const { files, ...rest } = value;
    const chosen = chosenFiles(files, manifest.value.files.length);
    return {
      ...rest,
      ...(chosen === undefined ? {} : { files: chosen }),
      manifestBytes,
      manifest: manifest.value,
    };
  }
  // Not deleted: its pieces stay until the user says so.
  const { manifestBytes: _dropped, ...rest } = value;
  return { ...rest, manifest: null, problem: manifest.error.message };
}

/**
 * The chosen files as stored, if they make sense for a share of `count` files;
 * anything else (written by another version, or damaged) means all of them.
 */
function chosenFiles(files: unknown, count: number): number[] | undefined {
  if (!Array.isArray(files)) return undefined;
  const valid = files.every((f) => Number.isInteger(f) && f >= 0 && f < count);
  return valid ? (files as number[]) : undefined;
}

/** Every share this browser holds, newest first, including ones it can no longer open. */
export async function listShares(): Promise<(StoredShare | UnreadableShare)[]> {
  const all = await entries<string, StoredValue>(registry);
  return all.map(([, value]) => revive(value)).sort((a, b) => b.addedAt - a.addedAt);
}

/** The share stored under `key`, if there is one this version can open. */
export async function getShare(key: string): Promise<StoredShare | undefined> {
  const value = await get<StoredValue>(key, registry);
  const share = value ? revive(value) : undefined;
  return share?.manifest ? share : undefined;
}

/**
 * Where writes to the registry are announced, to this page and the browser's
 * other Shoal tabs: the stored-shares list follows them instead of showing
 * what it read when it appeared.
 */
const CHANGES_CHANNEL = 'shoal-shares-changed';

/** What a change says: which share it deleted, if it deleted one. */
interface ChangeMessage {
  deleted?: string;
}

function announceChange(message: ChangeMessage = {}): void {
  if (typeof BroadcastChannel !== 'function') return;
  // A channel object does not hear its own messages; every listener has its own.
  const channel = new BroadcastChannel(CHANGES_CHANNEL);
  channel.postMessage(message);
  channel.close();
}

/** Hears every change any tab announces; returns the unsubscribe. */
function onChange(listener: (message: ChangeMessage) => void): () => void {
  if (typeof BroadcastChannel !== 'function') return () => undefined;
  const channel = new BroadcastChannel(CHANGES_CHANNEL);
  channel.onmessage = (event: MessageEvent<unknown>) => {
    const { data } = event;
    // Same origin only, but another version of Shoal may post something else.
    listener(typeof data === 'object' && data !== null ? (data as ChangeMessage) : {});
  };
  return () => channel.close();
}

/** Calls `listener` after any tab adds, changes or deletes a stored share; returns the unsubscribe. */
export function onSharesChanged(listener: () => void): () => void {
  return onChange(() => listener());
}

/**
 * Calls `listener` when any tab (this one too) deletes the share stored under
 * `key`, its pieces with it (deleteShare); returns the unsubscribe.
 */
export function onShareDeleted(key: string, listener: () => void): () => void {
  return onChange((message) => {
    if (message.deleted === key) listener();
  });
}

export async function putShare(record: ShareRecord): Promise<void> {
  const { manifestBytes, ...rest } = record;
  await set(
    record.key,
    { ...rest, manifestBytes: manifestBytes.slice().buffer } satisfies StoredValue,
    registry,
  );
  announceChange();
}

export async function updateShare(
  key: string,
  patch: Partial<Pick<ShareRecord, 'downloading' | 'complete' | 'files' | 'paused'>>,
) {
  const current = await get<StoredValue>(key, registry);
  if (!current) return;
  const next = { ...current, ...patch };
  // `files: undefined` means every file again: drop the key rather than store undefined.
  if ('files' in patch && patch.files === undefined) delete next.files;
  await set(key, next, registry);
  announceChange();
}

/** Forgets a share and frees the space its pieces took. */
export async function deleteShare(key: string): Promise<void> {
  await deletePieceDatabase(key);
  await del(key, registry);
  announceChange({ deleted: key });
}
