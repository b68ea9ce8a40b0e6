import type { Manifest } from '@shoal/protocol';
import { describe, expect, it } from 'vitest';
import { StoreGoneError, streamResponse, type StreamRequest } from './stream-response.ts';

const PIECE = 16;
/** a.txt is bytes 0..9, clip.webm bytes 10..59 of the share: pieces 0..3. */
const SHARE = Uint8Array.from({ length: 60 }, (_, i) => i);
const manifest: Manifest = {
  salt: new Uint8Array(16),
  pieceSize: PIECE,
  files: [
    { path: 'a.txt', size: 10, mimeType: 'text/plain' },
    { path: 'clip.webm', size: 50, mimeType: '' },
    { path: 'empty.webm', size: 0, mimeType: '' },
  ],
  pieceHashes: Array.from({ length: 4 }, () => new Uint8Array(32)),
};
const CLIP = SHARE.subarray(10, 60);

/** A store holding `indices`, to which the test adds pieces later. */
function store(indices: number[]) {
  const held = new Set(indices);
  return {
    held,
    get: async (index: number) =>
      held.has(index) ? SHARE.slice(index * PIECE, (index + 1) * PIECE) : undefined,
  };
}

function request(overrides: Partial<StreamRequest>): StreamRequest {
  return {
    manifest,
    fileIndex: 1,
    range: null,
    pieces: store([0, 1, 2, 3]),
    waitForPiece: () => new Promise(() => {}),
    ...overrides,
  };
}

const body = async (response: Response) => new Uint8Array(await response.arrayBuffer());

describe('streamResponse', () => {
  it('answers a range with 206 and exactly those bytes of the file', async () => {
    const response = streamResponse(request({ range: 'bytes=5-40' }));
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe('bytes 5-40/50');
    expect(response.headers.get('content-length')).toBe('36');
    expect(response.headers.get('content-type')).toBe('video/webm');
    expect(await body(response)).toEqual(CLIP.slice(5, 41));
  });

  it('answers no range with 200 and the whole file, and says ranges are accepted', async () => {
    const response = streamResponse(request({}));
    expect(response.status).toBe(200);
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(await body(response)).toEqual(CLIP);
  });

  it('waits for a missing piece, telling where the reader is, then sends it', async () => {
    const pieces = store([0, 1, 3]);
    const waits: [number, number][] = [];
    let arrive = () => {};
    const response = streamResponse(
      request({
        range: 'bytes=20-',
        pieces,
        waitForPiece: (index, offset) => {
          waits.push([index, offset]);
          return new Promise((resolve) => (arrive = resolve));
        },
      }),
    );
    const reading = body(response);
    await new Promise((resolve) => setTimeout(resolve, 10));
    // Clip bytes 20-21 are share bytes 30-31, the end of piece 1; piece 2 (clip byte 22 on) is missing.
    expect(waits).toEqual([[2, 22]]);
    pieces.held.add(2);
    arrive();
    expect(await reading).toEqual(CLIP.slice(20));
  });

  it('stops waiting and says so when the player cancels', async () => {
    let aborted = false;
    let done = 0;
    const response = streamResponse(
      request({
        pieces: store([]),
        waitForPiece: (_index, _offset, signal) =>
          new Promise((resolve) =>
            signal.addEventListener('abort', () => {
              aborted = true;
              resolve();
            }),
          ),
        done: () => done++,
      }),
    );
    const reader = response.body!.getReader();
    const read = reader.read();
    await new Promise((resolve) => setTimeout(resolve, 10));
    await reader.cancel();
    await read.catch(() => undefined);
    expect(aborted).toBe(true);
    expect(done).toBe(1);
  });

  it('says it is done once the body has been read to its end, and not before', async () => {
    let done = 0;
    const response = streamResponse(request({ range: 'bytes=5-40', done: () => done++ }));
    expect(done).toBe(0);
    const reader = response.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    expect(done).toBe(0);
    while (!(await reader.read()).done);
    expect(done).toBe(1);
  });

  it('fails at once, and says it is done, when the store goes while it waits for a piece', async () => {
    const gone = new AbortController();
    let waiting!: () => void;
    const waited = new Promise<void>((resolve) => (waiting = resolve));
    let done = 0;
    const response = streamResponse(
      request({
        pieces: store([]),
        gone: gone.signal,
        // Like PieceArrivals: wakes when the signal aborts (else only when the piece comes).
        waitForPiece: (_index, _offset, signal) => {
          waiting();
          return new Promise((resolve) => signal.addEventListener('abort', () => resolve()));
        },
        done: () => done++,
      }),
    );
    const read = response.body!.getReader().read();
    await waited;
    expect(done).toBe(0);
    gone.abort();
    await expect(read).rejects.toBeInstanceOf(StoreGoneError);
    expect(done).toBe(1);
  });

  it('fails, and says it is done, when reading the store fails', async () => {
    let done = 0;
    const response = streamResponse(
      request({
        pieces: { get: () => Promise.reject(new Error('InvalidStateError')) },
        done: () => done++,
      }),
    );
    await expect(response.body!.getReader().read()).rejects.toThrow('InvalidStateError');
    expect(done).toBe(1);
  });

  it('refuses a range past the end with 416 and the size', () => {
    const response = streamResponse(request({ range: 'bytes=50-' }));
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe('bytes */50');
  });

  it('sends a zero-byte file as an empty 200, and a missing file as 404', async () => {
    const empty = streamResponse(request({ fileIndex: 2 }));
    expect(empty.status).toBe(200);
    expect((await body(empty)).length).toBe(0);
    let done = 0;
    expect(streamResponse(request({ fileIndex: 7, done: () => done++ })).status).toBe(404);
    expect(done).toBe(1);
  });

  it('never lets the bytes run as a page: nosniff, a sandbox, and no type it could sniff into', () => {
    const text = streamResponse(request({ fileIndex: 0 }));
    expect(text.headers.get('content-type')).toBe('application/octet-stream');
    expect(text.headers.get('x-content-type-options')).toBe('nosniff');
    expect(text.headers.get('content-security-policy')).toMatch(/^sandbox/);
  });
});
