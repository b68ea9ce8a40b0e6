// Moving the canonical manifest over the wire: cut into manifest frames, put back
// together on the other side. Slices are canonical (see manifestSliceLength), so the
// assembler only has to count them; a hostile peer cannot make it track intervals.
import { MAX_BLOCK_BYTES, MAX_MANIFEST_BYTES, type ManifestFrame } from './frames.ts';
import { manifestSliceLength } from './frame-rules.ts';
import { err, ok, type Result } from '../result.ts';

/**
 * Cuts canonical manifest bytes into manifest frames of at most MAX_BLOCK_BYTES each.
 * The frames' data are views into `bytes`. Throws RangeError for empty bytes or bytes
 * over MAX_MANIFEST_BYTES (encodeManifest never makes those).
 */
export function splitManifest(bytes: Uint8Array): ManifestFrame[] {
  if (bytes.length < 1 || bytes.length > MAX_MANIFEST_BYTES) {
    throw new RangeError(`splitManifest: ${bytes.length} bytes, not 1..${MAX_MANIFEST_BYTES}`);
  }
  const frames: ManifestFrame[] = [];
  for (let offset = 0; offset < bytes.length; offset += MAX_BLOCK_BYTES) {
    frames.push({
      type: 'manifest',
      totalBytes: bytes.length,
      offset,
      data: bytes.subarray(offset, offset + MAX_BLOCK_BYTES),
    });
  }
  return frames;
}

export const ASSEMBLY_ERROR_CODES = [
  /** A frame names a different totalBytes than the first one did. */
  'total-mismatch',
  /** Offset or length is not a canonical slice of totalBytes (or total is out of range). */
  'bad-slice',
  /** The same slice arrived twice. */
  'duplicate-slice',
  /** A frame arrived after the manifest was complete. */
  'already-complete',
] as const;
export type AssemblyErrorCode = (typeof ASSEMBLY_ERROR_CODES)[number];

export interface AssemblyError {
  code: AssemblyErrorCode;
  message: string;
}

const fail = (code: AssemblyErrorCode, message: string): Result<never, AssemblyError> =>
  err({ code, message });

/**
 * Collects the manifest frames of one peer, in any order. Memory grows only with the
 * bytes actually received (never with the totalBytes a peer claims) and is capped at
 * MAX_MANIFEST_BYTES. A refused frame leaves the assembler as it was; the caller
 * should still treat it as a protocol error. The result is only bytes: check their
 * hash against the share id, then decodeManifest.
 */
export class ManifestAssembler {
  private totalBytes: number | undefined;
  private readonly slices = new Map<number, Uint8Array>();
  private receivedBytes = 0;
  private done = false;

  /**
   * Takes one frame. Returns the whole manifest (a fresh buffer) once the last slice is
   * in, undefined while slices are missing, or an error for a frame that does not fit.
   */
  accept(frame: ManifestFrame): Result<Uint8Array | undefined, AssemblyError> {
    if (this.done) return fail('already-complete', 'manifest is already complete');
    const length = manifestSliceLength(frame.totalBytes, frame.offset);
    if (typeof length === 'string') return fail('bad-slice', length);
    if (frame.data.length !== length) {
      return fail(
        'bad-slice',
        `slice at ${frame.offset} is ${frame.data.length} bytes, not ${length}`,
      );
    }
    if (this.totalBytes !== undefined && frame.totalBytes !== this.totalBytes) {
      return fail('total-mismatch', `total ${frame.totalBytes} after ${this.totalBytes}`);
    }
    if (this.slices.has(frame.offset)) {
      return fail('duplicate-slice', `slice at ${frame.offset} arrived twice`);
    }
    this.totalBytes = frame.totalBytes;
    // Copied: the frame's data may be a view into a message buffer the caller reuses.
    this.slices.set(frame.offset, frame.data.slice());
    this.receivedBytes += length;
    if (this.receivedBytes < frame.totalBytes) return ok(undefined);
    this.done = true;
    const whole = new Uint8Array(frame.totalBytes);
    for (const [offset, slice] of this.slices) whole.set(slice, offset);
    this.slices.clear();
    return ok(whole);
  }

  /** Bytes received so far, for progress. */
  get received(): number {
    return this.receivedBytes;
  }

  /** The totalBytes the first frame named, or undefined before any frame. */
  get total(): number | undefined {
    return this.totalBytes;
  }
}
