// Which chunk store a WebTorrent leecher used, told from what its page holds
// afterwards rather than assumed from WebTorrent's source.
import type { StoreProbe } from './webtorrent-peer.ts';

/** Pieces WebTorrent keeps in memory in front of a store that is not memory (lib/torrent.js, storeCacheSlots). */
const CACHE_SLOTS = 20;

/**
 * Describes the store from `probe`, taken after a download of `size` bytes.
 * WebTorrent 3 picks fsa-chunk-store (package.json maps fs-chunk-store to it for
 * browsers) where the Origin Private File System has writable files, and
 * memory-chunk-store where it has not.
 */
export function describeStore(probe: StoreProbe, size: number): string {
  if (probe.fileSystemAccess && probe.opfsFiles !== null && probe.opfsBytes === size) {
    return (
      `fsa-chunk-store (WebTorrent's browser default): each piece a file in the Origin Private ` +
      `File System, ${probe.opfsFiles} files, behind a ${CACHE_SLOTS}-piece in-memory cache`
    );
  }
  if (!probe.fileSystemAccess && probe.opfsFiles === null) {
    return "memory-chunk-store (WebTorrent's browser fallback without OPFS): every piece in the page's memory";
  }
  return (
    `unknown: the Origin Private File System holds ${probe.opfsFiles ?? 'no'} files ` +
    `(${probe.opfsBytes} bytes) of a ${size}-byte torrent, file-system access ${probe.fileSystemAccess ? 'on' : 'off'}`
  );
}
