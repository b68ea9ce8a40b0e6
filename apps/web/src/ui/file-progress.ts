// How much of each file of a share is stored, from the swarm's stored-pieces
// bitfield: what the file list shows next to each file, and whether the file
// can be saved yet. A file is done when every piece it spans is stored.
import { Bitfield, ShareLayout } from '@shoal/core';
import type { Manifest } from '@shoal/protocol';

export interface FileProgress {
  /** Bytes of the file in stored pieces. */
  storedBytes: number;
  done: boolean;
}

export function fileProgress(manifest: Manifest, stored: Uint8Array): FileProgress[] {
  const layout = ShareLayout.of(manifest);
  const have = new Bitfield(layout.pieceCount, stored);
  return manifest.files.map((_, fileIndex) => {
    let storedBytes = 0;
    let done = true;
    for (const { index, start, end } of layout.filePieces(fileIndex)) {
      if (have.get(index)) storedBytes += end - start;
      else done = false;
    }
    return { storedBytes, done };
  });
}
