import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame } from './frame-codec.ts';
import { MAX_BLOCK_BYTES, MAX_MANIFEST_BYTES, type ManifestFrame } from './frames.ts';
import { ManifestAssembler, splitManifest } from './manifest-assembler.ts';
import { decodeManifest, encodeManifest } from './manifest-codec.ts';
import { sampleManifest } from './sample-manifests.ts';

/** Bytes that span two and a half slices. */
function bytesOfLength(length: number): Uint8Array {
  return new Uint8Array(length).map((_, i) => (i * 13) & 0xff);
}
const BYTES = bytesOfLength(MAX_BLOCK_BYTES * 2 + MAX_BLOCK_BYTES / 2);

/** Deep equality over 160 KB is slow in Vitest; compare as Buffers. */
function isBytes(actual: Uint8Array | undefined, expected: Uint8Array): boolean {
  return actual !== undefined && Buffer.from(actual).equals(expected);
}

function assemble(frames: readonly ManifestFrame[]): Uint8Array | undefined {
  const assembler = new ManifestAssembler();
  let whole: Uint8Array | undefined;
  for (const frame of frames) {
    const result = assembler.accept(frame);
    if (!result.ok) throw new Error(result.error.message);
    whole = result.value;
  }
  return whole;
}

describe('splitManifest', () => {
  it('cuts manifest bytes into MAX_BLOCK_BYTES slices from offset 0, the last one shorter', () => {
    const frames = splitManifest(BYTES);
    expect(frames.map((f) => [f.offset, f.data.length, f.totalBytes])).toEqual([
      [0, MAX_BLOCK_BYTES, BYTES.length],
      [MAX_BLOCK_BYTES, MAX_BLOCK_BYTES, BYTES.length],
      [MAX_BLOCK_BYTES * 2, MAX_BLOCK_BYTES / 2, BYTES.length],
    ]);
    for (const frame of frames) expect(decodeFrame(encodeFrame(frame)).ok).toBe(true);
  });

  it('sends a small manifest in one frame', () => {
    expect(splitManifest(bytesOfLength(100))).toHaveLength(1);
  });

  it('refuses empty bytes and bytes over MAX_MANIFEST_BYTES', () => {
    expect(() => splitManifest(new Uint8Array(0))).toThrow(RangeError);
    expect(() => splitManifest(new Uint8Array(MAX_MANIFEST_BYTES + 1))).toThrow(RangeError);
  });
});

describe('ManifestAssembler', () => {
  it('puts slices back together in order', () => {
    expect(isBytes(assemble(splitManifest(BYTES)), BYTES)).toBe(true);
  });

  it('puts slices back together out of order, completing on the last one to arrive', () => {
    const [first, second, third] = splitManifest(BYTES);
    if (!first || !second || !third) throw new Error('expected three slices');
    const assembler = new ManifestAssembler();
    expect(assembler.accept(third)).toEqual({ ok: true, value: undefined });
    expect(assembler.accept(first)).toEqual({ ok: true, value: undefined });
    expect(assembler.received).toBe(first.data.length + third.data.length);
    const last = assembler.accept(second);
    expect(last.ok && isBytes(last.value, BYTES)).toBe(true);
  });

  it('copies slices, so the message buffers they came in may be reused', () => {
    const bytes = bytesOfLength(10);
    const [frame] = splitManifest(bytes.slice());
    if (!frame) throw new Error('expected a slice');
    const assembler = new ManifestAssembler();
    const data = frame.data.slice();
    const result = assembler.accept({ ...frame, data });
    data.fill(0);
    expect(result).toEqual({ ok: true, value: bytes });
  });

  it('carries a real manifest across the wire, through frame encoding', () => {
    const files = Array.from({ length: 3000 }, (_, i) => ({
      path: `dir/${'n'.repeat(40)}${i}`,
      size: i,
    }));
    const manifest = sampleManifest(files);
    const bytes = encodeManifest(manifest);
    expect(bytes.length).toBeGreaterThan(MAX_BLOCK_BYTES);
    const received = splitManifest(bytes)
      .map(encodeFrame)
      .reverse()
      .map((message) => {
        const decoded = decodeFrame(message);
        if (!decoded.ok || decoded.value.type !== 'manifest') throw new Error('bad frame');
        return decoded.value;
      });
    const whole = assemble(received);
    expect(whole && decodeManifest(whole).ok).toBe(true);
  });

  it('refuses a frame whose total differs from the first, and stays usable', () => {
    const frames = splitManifest(BYTES);
    const other = splitManifest(bytesOfLength(MAX_BLOCK_BYTES * 3));
    const assembler = new ManifestAssembler();
    assembler.accept(frames[0]!);
    expect(assembler.accept(other[1]!)).toMatchObject({
      ok: false,
      error: { code: 'total-mismatch' },
    });
    expect(assembler.accept(frames[1]!).ok).toBe(true);
    const last = assembler.accept(frames[2]!);
    expect(last.ok && isBytes(last.value, BYTES)).toBe(true);
  });

  it('refuses the same slice twice as duplicate-slice', () => {
    const [frame] = splitManifest(BYTES);
    const assembler = new ManifestAssembler();
    assembler.accept(frame!);
    expect(assembler.accept(frame!)).toMatchObject({
      ok: false,
      error: { code: 'duplicate-slice' },
    });
  });

  it.each<[string, ManifestFrame]>([
    [
      'an offset off a slice boundary',
      { type: 'manifest', totalBytes: 100, offset: 1, data: new Uint8Array(99) },
    ],
    [
      'an offset at the total',
      { type: 'manifest', totalBytes: 100, offset: 100, data: new Uint8Array(0) },
    ],
    ['a short slice', { type: 'manifest', totalBytes: 100, offset: 0, data: new Uint8Array(99) }],
    [
      'an overlong slice',
      { type: 'manifest', totalBytes: 100, offset: 0, data: new Uint8Array(101) },
    ],
    ['a total of 0', { type: 'manifest', totalBytes: 0, offset: 0, data: new Uint8Array(0) }],
    [
      'a total over MAX_MANIFEST_BYTES',
      {
        type: 'manifest',
        totalBytes: MAX_MANIFEST_BYTES + 1,
        offset: 0,
        data: new Uint8Array(MAX_BLOCK_BYTES),
      },
    ],
  ])('refuses %s as bad-slice', (_name, frame) => {
    expect(new ManifestAssembler().accept(frame)).toMatchObject({
      ok: false,
      error: { code: 'bad-slice' },
    });
  });

  it('refuses frames after completion as already-complete', () => {
    const [frame] = splitManifest(bytesOfLength(10));
    const assembler = new ManifestAssembler();
    expect(assembler.accept(frame!).ok).toBe(true);
    expect(assembler.accept(frame!)).toMatchObject({
      ok: false,
      error: { code: 'already-complete' },
    });
  });

  it('holds only the bytes received, not the total a peer claims', () => {
    const assembler = new ManifestAssembler();
    const data = new Uint8Array(MAX_BLOCK_BYTES);
    expect(
      assembler.accept({ type: 'manifest', totalBytes: MAX_MANIFEST_BYTES, offset: 0, data }).ok,
    ).toBe(true);
    expect(assembler.received).toBe(MAX_BLOCK_BYTES);
    expect(assembler.total).toBe(MAX_MANIFEST_BYTES);
  });
});
