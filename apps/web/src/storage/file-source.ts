import type { FileSource } from '@shoal/core';

/**
 * Whether this browser's File reads fail once the file changed on disk since it
 * was chosen. Chromium's do (NotReadableError), so its sharers skip hashing each
 * piece again before serving it. Firefox (153 ESR) reads the new bytes, even at a
 * new size, so there the pieces are hashed. e2e/source-changed.spec.ts holds both
 * browsers to this. navigator.userAgentData exists only in Chromium-based browsers.
 */
export function filesFailWhenChanged(): boolean {
  const brands = (navigator as { userAgentData?: { brands?: { brand: string }[] } }).userAgentData
    ?.brands;
  return brands?.some(({ brand }) => brand === 'Chromium') ?? false;
}

/** Core's FileSource over a browser File: reads ranges with File.slice, never the whole file. */
export function fileSource(file: File, path: string): FileSource {
  return {
    path,
    size: file.size,
    mimeType: file.type,
    failsWhenChanged: filesFailWhenChanged(),
    read: async (start, end) => new Uint8Array(await file.slice(start, end).arrayBuffer()),
  };
}
