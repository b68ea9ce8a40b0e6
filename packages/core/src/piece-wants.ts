// What a downloader wants, and what it wants first: the pieces of the files the
// user chose, and a window of pieces just ahead of where a media player reads.
// The picker asks it before starting any piece; it does no I/O.
import { Bitfield } from './bitfield.ts';
import type { ShareLayout } from './layout.ts';

/**
 * How far ahead of a reader the window reaches. A player stalls on the piece
 * it is reading, not on the rarest one: a few seconds of high-bitrate video
 * (4 MiB is ~8 s at 4 Mbit/s) fetched in order keeps it playing, while
 * everything past the window stays rarest-first for the swarm's sake.
 */
export const STREAM_WINDOW_BYTES = 4 * 1024 * 1024;

/**
 * Fewest pieces in the window, so that with large pieces the next one is on
 * its way while the current one is read. WebTorrent's critical range is 2 too.
 */
export const STREAM_WINDOW_MIN_PIECES = 2;

export class PieceWants {
  readonly #layout: ShareLayout;
  /** The chosen files, by index; null while every file is wanted. */
  #files: readonly number[] | null = null;
  /** Pieces of the chosen files (all of them while #files is null). */
  #wanted: Bitfield;
  /** Pieces to fetch first, in reading order (the reader's window). */
  #ahead: readonly number[] = [];
  /** The same pieces, for the picker's per-piece question (wants). */
  #aheadSet: ReadonlySet<number> = new Set();

  constructor(layout: ShareLayout) {
    this.#layout = layout;
    this.#wanted = Bitfield.full(layout.pieceCount);
  }

  /** The chosen files in ascending order, or null for all of them. */
  get files(): readonly number[] | null {
    return this.#files;
  }

  /** Pieces of the chosen files. */
  get wanted(): Bitfield {
    return this.#wanted;
  }

  /** The pieces a reader needs next (its window), in the order it reads them. */
  get ahead(): readonly number[] {
    return this.#ahead;
  }

  /** Whether piece `index` is worth fetching: a chosen file needs it, or a reader does. */
  wants(index: number): boolean {
    return this.#wanted.get(index) || this.#aheadSet.has(index);
  }

  /**
   * Chooses the files to download; null (or every file) for all of them. A
   * piece shared by a chosen and an unchosen file is wanted: the chosen file
   * cannot be saved without it. Indices outside the manifest are refused.
   */
  selectFiles(files: readonly number[] | null): void {
    const count = this.#layout.fileCount;
    if (files !== null) {
      for (const file of files) {
        if (!Number.isInteger(file) || file < 0 || file >= count) {
          throw new RangeError(`No file ${file} in a share of ${count}`);
        }
      }
    }
    const chosen = files === null ? null : [...new Set(files)].sort((a, b) => a - b);
    if (chosen === null || chosen.length === count) {
      this.#files = null;
      this.#wanted = Bitfield.full(this.#layout.pieceCount);
      return;
    }
    const wanted = new Bitfield(this.#layout.pieceCount);
    for (const file of chosen) {
      for (const { index } of this.#layout.filePieces(file)) wanted.set(index);
    }
    this.#files = chosen;
    this.#wanted = wanted;
  }

  /**
   * A reader is at byte `offset` of file `fileIndex` and needs what follows:
   * the window becomes the pieces from there up to STREAM_WINDOW_BYTES on (at
   * least STREAM_WINDOW_MIN_PIECES), never past the file's end.
   */
  focus(fileIndex: number, offset: number): void {
    const pieces = this.#layout.filePieces(fileIndex);
    const fileStart = this.#layout.fileOffset(fileIndex);
    if (pieces.length === 0 || fileStart === undefined) return;
    const size = this.#layout.fileSize(fileIndex);
    const from = fileStart + Math.min(Math.max(0, Math.floor(offset)), size - 1);
    const first = Math.floor(from / this.#layout.pieceSize);
    const last = pieces[pieces.length - 1]!.index;
    const span = Math.max(
      STREAM_WINDOW_MIN_PIECES,
      Math.ceil(STREAM_WINDOW_BYTES / this.#layout.pieceSize),
    );
    const next = [];
    for (let i = first; i <= last && next.length < span; i++) next.push(i);
    this.#setAhead(next);
  }

  /** No reader waits any more. */
  unfocus(): void {
    this.#setAhead([]);
  }

  /** Every wanted piece, and every piece of the window, is in `have`. */
  satisfiedBy(have: Bitfield): boolean {
    if (this.#ahead.some((index) => !have.get(index))) return false;
    if (this.#files === null) return have.complete;
    return !this.#wanted.hasAnyMissingFrom(have);
  }

  #setAhead(pieces: number[]): void {
    this.#ahead = pieces;
    this.#aheadSet = new Set(pieces);
  }

  /** Wanted pieces not in `have`. */
  missing(have: Bitfield): number {
    if (this.#files === null) return have.length - have.count;
    let missing = 0;
    for (const index of this.#wanted.indices()) if (!have.get(index)) missing++;
    return missing;
  }
}
