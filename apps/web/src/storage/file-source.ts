import type { FileSource } from '@shoal/core';

/** Core's FileSource over a browser File: reads ranges with File.slice, never the whole file. */
export function fileSource(file: File, path: string): FileSource {
  return {
    path,
    size: file.size,
    mimeType: file.type,
    read: async (start, end) => new Uint8Array(await file.slice(start, end).arrayBuffer()),
  };
}
