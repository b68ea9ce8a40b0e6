// What a save ticket asks the service worker for, and the check of a ticket read
// back from IndexedDB: the worker acts only on a value of the right shape.

/** One file of a share, saved as itself. */
export interface FileSave {
  shareKey: string;
  fileIndex: number;
}

/** Files of a share, saved as one ZIP archive. */
export interface ZipSave {
  shareKey: string;
  fileIndices: number[];
  /**
   * What the archive is named after, in the page's language ("photos und 3
   * weitere"); the service worker has no translations. Absent: its English title.
   */
  title?: string;
}

export type SaveRequest = FileSave | ZipSave;

export type SaveTicket = SaveRequest & { createdAt: number };

/**
 * Most files in one ZIP. client-zip 2.5 writes a Zip64 end record only when a
 * file or an offset passes 4 GiB, so the plain end record's 16-bit entry count
 * is all an archive of small files has; with more entries it says 65,535, and
 * readers that trust it (yauzl, for one) silently list only that many.
 */
export const MAX_ZIP_FILES = 0xffff;

/** Longest title a ticket may carry; a share's title is a file name and a few words. */
export const MAX_ZIP_TITLE_CHARACTERS = 300;

const isIndex = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** `value` as a SaveTicket if it is one: a file index, or 1 to MAX_ZIP_FILES distinct ones. */
export function readSaveTicket(value: unknown): SaveTicket | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { shareKey, createdAt, fileIndex, fileIndices, title } = value as Record<string, unknown>;
  if (typeof shareKey !== 'string' || typeof createdAt !== 'number' || !Number.isFinite(createdAt))
    return undefined;
  if (fileIndices === undefined)
    return isIndex(fileIndex) ? { shareKey, fileIndex, createdAt } : undefined;
  if (
    fileIndex !== undefined ||
    !Array.isArray(fileIndices) ||
    fileIndices.length === 0 ||
    fileIndices.length > MAX_ZIP_FILES ||
    !fileIndices.every(isIndex) ||
    new Set(fileIndices).size !== fileIndices.length
  )
    return undefined;
  if (title === undefined) return { shareKey, fileIndices: [...fileIndices], createdAt };
  if (typeof title !== 'string' || title.length === 0 || title.length > MAX_ZIP_TITLE_CHARACTERS)
    return undefined;
  return { shareKey, fileIndices: [...fileIndices], title, createdAt };
}
