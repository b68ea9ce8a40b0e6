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

interface StoredValue extends Omit<ShareRecord, 'manifestBytes'> {
  manifestBytes: ArrayBuffer;
}

const registry = createStore('shoal-shares', 'shares');

function revive(value: StoredValue): StoredShare | undefined {
  const manifestBytes = new Uint8Array(value.manifestBytes);
  const manifest = decodeManifest(manifestBytes);
  // A record that no longer decodes is skipped, not deleted: its pieces stay.
  return manifest.ok ? { ...value, manifestBytes, manifest: manifest.value } : undefined;
}

export async function listShares(): Promise<StoredShare[]> {
  const all = await entries<string, StoredValue>(registry);
  return all
    .map(([, value]) => revive(value))
    .filter((share): share is StoredShare => share !== undefined)
    .sort((a, b) => b.addedAt - a.addedAt);
}

export async function getShare(key: string): Promise<StoredShare | undefined> {
  const value = await get<StoredValue>(key, registry);
  return value ? revive(value) : undefined;
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
