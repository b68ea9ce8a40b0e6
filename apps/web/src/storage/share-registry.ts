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
  complete: boolean;
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
  if (manifest.ok) return { ...value, manifestBytes, manifest: manifest.value };
  // Not deleted: its pieces stay until the user says so.
  const { manifestBytes: _dropped, ...rest } = value;
  return { ...rest, manifest: null, problem: manifest.error.message };
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

export async function putShare(record: ShareRecord): Promise<void> {
  const { manifestBytes, ...rest } = record;
  await set(
    record.key,
    { ...rest, manifestBytes: manifestBytes.slice().buffer } satisfies StoredValue,
    registry,
  );
}

export async function updateShare(
  key: string,
  patch: Partial<Pick<ShareRecord, 'downloading' | 'complete'>>,
) {
  const current = await get<StoredValue>(key, registry);
  if (current) await set(key, { ...current, ...patch }, registry);
}

/** Forgets a share and frees the space its pieces took. */
export async function deleteShare(key: string): Promise<void> {
  await deletePieceDatabase(key);
  await del(key, registry);
}
