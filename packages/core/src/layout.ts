// Where pieces fall in the files: pieces cover the concatenation of the files,
// and zero-byte files take no bytes.
import type { Manifest, ManifestFile } from '@shoal/protocol';

/** One file's share of a piece: bytes [start, end) of files[fileIndex]. */
export interface FileSpan {
  fileIndex: number;
  start: number;
  end: number;
}

export class ShareLayout {
  readonly pieceSize: number;
  readonly totalSize: number;
  readonly pieceCount: number;
  readonly #files: readonly ManifestFile[];
  /** Offset of each file's first byte in the concatenation. */
  readonly #offsets: number[];

  constructor(files: readonly Pick<ManifestFile, 'size'>[], pieceSize: number) {
    this.#files = files as ManifestFile[];
    this.pieceSize = pieceSize;
    this.#offsets = [];
    let offset = 0;
    for (const file of files) {
      this.#offsets.push(offset);
      offset += file.size;
    }
    this.totalSize = offset;
    this.pieceCount = Math.ceil(offset / pieceSize);
  }

  static of(manifest: Manifest): ShareLayout {
    return new ShareLayout(manifest.files, manifest.pieceSize);
  }

  get fileCount(): number {
    return this.#files.length;
  }

  /** Where file `fileIndex` starts in the concatenation; undefined for no such file. */
  fileOffset(fileIndex: number): number | undefined {
    return this.#offsets[fileIndex];
  }

  /** Bytes in file `fileIndex`; 0 for no such file. */
  fileSize(fileIndex: number): number {
    return this.#files[fileIndex]?.size ?? 0;
  }

  /** Bytes in piece `index`: pieceSize, except the last piece may be shorter. */
  pieceLength(index: number): number {
    if (!Number.isInteger(index) || index < 0 || index >= this.pieceCount) return 0;
    return Math.min(this.pieceSize, this.totalSize - index * this.pieceSize);
  }

  /** The file ranges that make up piece `index`, in order; zero-byte files never appear. */
  spans(index: number): FileSpan[] {
    const start = index * this.pieceSize;
    const end = start + this.pieceLength(index);
    return this.spansOfRange(start, end);
  }

  /** The pieces holding file `fileIndex`, with the byte range of each that belongs to it. */
  filePieces(fileIndex: number): { index: number; start: number; end: number }[] {
    const fileStart = this.#offsets[fileIndex];
    const file = this.#files[fileIndex];
    if (fileStart === undefined || file === undefined || file.size === 0) return [];
    const fileEnd = fileStart + file.size;
    const out = [];
    for (let p = Math.floor(fileStart / this.pieceSize); p * this.pieceSize < fileEnd; p++) {
      const pieceStart = p * this.pieceSize;
      out.push({
        index: p,
        start: Math.max(fileStart, pieceStart) - pieceStart,
        end: Math.min(fileEnd, pieceStart + this.pieceSize) - pieceStart,
      });
    }
    return out;
  }

  /** The file ranges that make up bytes [start, end) of the concatenation, in order. */
  spansOfRange(start: number, end: number): FileSpan[] {
    const out: FileSpan[] = [];
    for (let i = 0; i < this.#offsets.length; i++) {
      const fileStart = this.#offsets[i]!;
      const fileEnd = fileStart + this.#files[i]!.size;
      if (fileEnd <= start || fileStart >= end || fileEnd === fileStart) continue;
      out.push({
        fileIndex: i,
        start: Math.max(start, fileStart) - fileStart,
        end: Math.min(end, fileEnd) - fileStart,
      });
    }
    return out;
  }
}
