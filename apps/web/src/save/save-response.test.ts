import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '@shoal/protocol';
import { unzip } from '@shoal/testkit';
import { saveResponse, type SaveAnswer, type SaveStore } from './save-response.ts';

const PIECE = 64;
/** a.bin spans pieces 0-2, b.bin pieces 2-4 (piece 2 holds the end of one and the start of the other). */
const A = randomBytes(150);
const B = randomBytes(130);
const SHARE = Buffer.concat([A, B]);
const manifest: Manifest = {
  salt: new Uint8Array(32),
  pieceSize: PIECE,
  files: [
    { path: 'a.bin', size: A.length, mimeType: '' },
    { path: 'b.bin', size: B.length, mimeType: '' },
  ],
  pieceHashes: Array.from({ length: Math.ceil(SHARE.length / PIECE) }, () => new Uint8Array(32)),
};

/**
 * The share's pieces, as Blobs or as bytes (an older version's), with `missing`
 * left out. Any read after close() fails, as an IndexedDB connection's would.
 */
function store(storedAs: 'blobs' | 'bytes', missing: number[] = []) {
  const state = { closes: 0 };
  const piece = (index: number) => {
    if (state.closes > 0) throw new Error('read after close');
    if (missing.includes(index)) return undefined;
    return Uint8Array.from(SHARE.subarray(index * PIECE, (index + 1) * PIECE));
  };
  const pieces: SaveStore = {
    async get(index) {
      return piece(index);
    },
    async storedBlobs(first, last) {
      const blobs: Blob[] = [];
      for (let index = first; index <= last; index++) {
        const bytes = piece(index);
        if (bytes === undefined || storedAs === 'bytes') return undefined;
        blobs.push(new Blob([bytes]));
      }
      return blobs;
    },
    async close() {
      state.closes++;
    },
  };
  return { pieces, state };
}

function answer(overrides: Partial<SaveAnswer> & Pick<SaveAnswer, 'pieces'>): SaveAnswer {
  return {
    manifest,
    request: { shareKey: 'k', fileIndex: 0 },
    hold: (stream) => stream,
    now: new Date(2026, 0, 2),
    ...overrides,
  };
}

/** Reads `body` chunk by chunk, calling `each` after every chunk. */
async function readAll(body: ReadableStream<Uint8Array>, each: () => void): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  const reader = body.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    chunks.push(next.value);
    each();
  }
  return Buffer.concat(chunks);
}

describe('saveResponse', () => {
  it('closes the store at once for a file answered as a Blob of its pieces, which still reads whole', async () => {
    const { pieces, state } = store('blobs');
    const response = await saveResponse(
      answer({ pieces, request: { shareKey: 'k', fileIndex: 1 } }),
    );
    expect(state.closes).toBe(1);
    expect(response.headers.get('content-length')).toBe(String(B.length));
    expect(Buffer.from(await response.arrayBuffer())).toEqual(B);
  });

  it('keeps the store open while a file stored as bytes is read, and closes it at the end', async () => {
    const { pieces, state } = store('bytes');
    const response = await saveResponse(answer({ pieces }));
    const open: number[] = [];
    const bytes = await readAll(response.body!, () => open.push(state.closes));
    expect(bytes).toEqual(A);
    expect(open.length).toBeGreaterThan(1);
    expect(open.every((closes) => closes === 0)).toBe(true);
    expect(state.closes).toBe(1);
  });

  it('keeps the store open while a ZIP is read, and closes it once the whole archive is read', async () => {
    for (const storedAs of ['blobs', 'bytes'] as const) {
      const { pieces, state } = store(storedAs);
      let held = 0;
      const response = await saveResponse(
        answer({
          pieces,
          request: { shareKey: 'k', fileIndices: [0, 1], title: 'both' },
          hold: (stream) => (held++, stream),
        }),
      );
      expect(held).toBe(1);
      const open: number[] = [];
      const archive = await readAll(response.body!, () => open.push(state.closes));
      expect(open.every((closes) => closes === 0)).toBe(true);
      expect(state.closes).toBe(1);
      expect(archive.length).toBe(Number(response.headers.get('content-length')));
      const entries = await unzip(archive);
      expect(entries.map((entry) => [entry.name, entry.bytes])).toEqual([
        ['a.bin', A],
        ['b.bin', B],
      ]);
    }
  });

  it('closes the store when the reader cancels a ZIP half-way (the download was cancelled)', async () => {
    const { pieces, state } = store('bytes');
    const response = await saveResponse(
      answer({ pieces, request: { shareKey: 'k', fileIndices: [0, 1] } }),
    );
    const reader = response.body!.getReader();
    await reader.read();
    expect(state.closes).toBe(0);
    // client-zip's cancel throws the reason (here undefined) back out of its generator.
    await reader.cancel().catch(() => undefined);
    expect(state.closes).toBe(1);
  });

  it('closes the store when a body fails on a missing piece', async () => {
    const { pieces, state } = store('bytes', [1]);
    const response = await saveResponse(answer({ pieces }));
    await expect(response.arrayBuffer()).rejects.toThrow();
    expect(state.closes).toBe(1);
  });

  it('answers a file or a ZIP file the share does not have with 404, and closes the store', async () => {
    for (const request of [
      { shareKey: 'k', fileIndex: 5 },
      { shareKey: 'k', fileIndices: [0, 5] },
    ]) {
      const { pieces, state } = store('blobs');
      expect((await saveResponse(answer({ pieces, request }))).status).toBe(404);
      expect(state.closes).toBe(1);
    }
  });
});
