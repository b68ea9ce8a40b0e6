// What the hostile peer does on each connection a browser dials to it. Each
// behaviour is one way a peer can lie or abuse the wire protocol.
import { BLOCK_BYTES, MAX_QUEUED_REQUESTS } from '@shoal/core';
import {
  encodeManifest,
  MAX_BLOCK_BYTES,
  MAX_MESSAGE_BYTES,
  MAX_REQUESTS_PER_FRAME,
  PIECE_FRAME_PREFIX_BYTES,
  pieceLength,
  requestsIn,
  splitManifest,
  FRAME_TYPE_CODES,
  type Frame,
  type Manifest,
} from '@shoal/protocol';
import { sendHello, type FetchedManifest } from './proof.ts';
import type { WireLink } from './wire-link.ts';

export const HOSTILE_BEHAVIOURS = [
  /** Claims every piece and answers every request with random bytes. */
  'corrupt-pieces',
  /** Claims pieces with an out-of-range `have` and a bitfield for another piece count. */
  'bogus-have',
  /** Sends a message larger than MAX_MESSAGE_BYTES. */
  'oversized-frames',
  /** Sends a message of exactly MAX_MESSAGE_BYTES: a piece frame whose block exceeds MAX_BLOCK_BYTES. */
  'oversized-block',
  /** Once the other side has a piece, requests it many times over MAX_QUEUED_REQUESTS. */
  'request-flood',
  /** Answers manifest-request with a well-formed manifest of another share. */
  'wrong-manifest',
  /** Knows only the room id (the signaling operator): its proof is made from a wrong key. */
  'no-proof',
  /**
   * Knows only the room id, and sends back the other side's own hello: what a
   * relay that made a browser see its own certificate fingerprint as the remote
   * one needs, since that browser's proof then verifies as ours. Then asks for
   * the manifest, and claims every piece so it is asked for nothing.
   */
  'echo-hello',
] as const;

export type HostileBehaviour = (typeof HOSTILE_BEHAVIOURS)[number];

/** Behaviours that need the real manifest, fetched honestly from the sharer first. */
export const NEEDS_MANIFEST: ReadonlySet<HostileBehaviour> = new Set([
  'corrupt-pieces',
  'bogus-have',
  'request-flood',
]);

/** How many times over the cap the flood goes: far beyond, whatever the other side has served meanwhile. */
const FLOOD_FACTOR = 4;

/** How long to wait for the other side's hello before misbehaving after it. */
const HELLO_WAIT_MS = 15_000;

export interface BehaviourContext {
  /** The share id from the link; null for 'no-proof' and 'echo-hello', which never learn it. */
  shareId: Uint8Array | null;
  /** The real manifest, for behaviours in NEEDS_MANIFEST. */
  real: FetchedManifest | null;
}

/** Plays `behaviour` on a freshly connected link. */
export async function misbehave(
  link: WireLink,
  behaviour: HostileBehaviour,
  context: BehaviourContext,
): Promise<void> {
  if (behaviour === 'no-proof') return noProof(link);
  if (behaviour === 'echo-hello') return echoHello(link);
  await sendHello(link, context.shareId);
  switch (behaviour) {
    case 'corrupt-pieces':
      return corruptPieces(link, need(context.real));
    case 'bogus-have':
      return bogusHave(link, need(context.real));
    case 'oversized-frames':
      // After the other side's hello, so the test knows the handshake got that far.
      if (!link.log.received.some((f) => f.type === 'hello')) {
        await link.waitFor((frame) => frame.type === 'hello', HELLO_WAIT_MS);
      }
      return sendPieceMessage(link, 2 * MAX_MESSAGE_BYTES);
    case 'oversized-block':
      return sendPieceMessage(link, MAX_MESSAGE_BYTES);
    case 'request-flood':
      return requestFlood(link, need(context.real));
    case 'wrong-manifest':
      return wrongManifest(link);
  }
}

function need(real: FetchedManifest | null): FetchedManifest {
  if (real === null) throw new Error('this behaviour needs the real manifest');
  return real;
}

/** Serves the given manifest bytes whenever asked. */
function serveManifest(link: WireLink, bytes: Uint8Array): void {
  link.onFrame((frame) => {
    if (frame.type === 'manifest-request')
      for (const slice of splitManifest(bytes)) link.send(slice);
  });
}

function fullBitfield(pieceCount: number): Frame {
  const bits = new Uint8Array(Math.ceil(pieceCount / 8)).fill(0xff);
  const spare = bits.length * 8 - pieceCount;
  if (spare > 0) bits[bits.length - 1] = (0xff << spare) & 0xff;
  return { type: 'bitfield', pieceCount, bits };
}

async function echoHello(link: WireLink): Promise<void> {
  const hello = await link.waitForBytes((frame) => frame.type === 'hello', HELLO_WAIT_MS);
  link.sendBytes(hello);
  link.send({ type: 'manifest-request' });
}

async function noProof(link: WireLink): Promise<void> {
  await sendHello(link, null);
  // Ask for everything at once, before the other side can have checked the proof.
  link.send({ type: 'manifest-request' });
  link.send({ type: 'request', index: 0, begin: 0, length: BLOCK_BYTES });
}

function corruptPieces(link: WireLink, real: FetchedManifest): void {
  serveManifest(link, real.bytes);
  link.send(fullBitfield(real.manifest.pieceHashes.length));
  link.onFrame((frame) => {
    for (const { index, begin, length } of requestsIn(frame)) {
      const data = crypto.getRandomValues(new Uint8Array(Math.min(length, MAX_BLOCK_BYTES)));
      link.send({ type: 'piece', index, begin, data });
    }
  });
}

function bogusHave(link: WireLink, real: FetchedManifest): void {
  serveManifest(link, real.bytes);
  const pieceCount = real.manifest.pieceHashes.length;
  link.send({ type: 'have', index: pieceCount + 1000 });
  // Well encoded, but for twice as many pieces as the share has.
  link.send(fullBitfield(pieceCount * 2 + 3));
}

/** A piece frame for piece 0 of `size` bytes in all: header, then junk data. */
function sendPieceMessage(link: WireLink, size: number): void {
  const bytes = crypto.getRandomValues(new Uint8Array(size));
  bytes.fill(0, 1, PIECE_FRAME_PREFIX_BYTES);
  bytes[0] = FRAME_TYPE_CODES.piece;
  link.sendBytes(bytes);
}

function requestFlood(link: WireLink, real: FetchedManifest): void {
  const { manifest } = real;
  serveManifest(link, real.bytes);
  link.send({ type: 'bitfield', ...emptyBits(manifest.pieceHashes.length) });
  let flooded = false;
  link.onFrame((frame) => {
    if (flooded) return;
    const index = frame.type === 'have' ? frame.index : firstSet(frame);
    if (index === undefined) return;
    flooded = true;
    flood(link, manifest, index);
  });
}

function emptyBits(pieceCount: number) {
  return { pieceCount, bits: new Uint8Array(Math.ceil(pieceCount / 8)) };
}

/** The first piece a bitfield frame claims, if it is one. */
function firstSet(frame: Frame): number | undefined {
  if (frame.type !== 'bitfield') return undefined;
  const byte = frame.bits.findIndex((b) => b !== 0);
  if (byte === -1) return undefined;
  return byte * 8 + Math.clz32(frame.bits[byte]!) - 24;
}

/**
 * Requests the blocks of piece `index` over and over, all at once, in
 * `requests` frames. (Sent one message per request from Node's libwebrtc,
 * 1,024 in a burst, the data coming back to this peer stopped after ~700 KB in
 * 3 of 37 runs, goodbye included; in batches, in none of 35. The engine's own
 * tests flood both ways.)
 */
function flood(link: WireLink, manifest: Manifest, index: number): void {
  const length = pieceLength(manifest, index);
  const blocks = Math.ceil(length / BLOCK_BYTES);
  const requests = Array.from({ length: FLOOD_FACTOR * MAX_QUEUED_REQUESTS }, (_, i) => {
    const begin = (i % blocks) * BLOCK_BYTES;
    return { index, begin, length: Math.min(BLOCK_BYTES, length - begin) };
  });
  for (let at = 0; at < requests.length; at += MAX_REQUESTS_PER_FRAME) {
    link.send({ type: 'requests', requests: requests.slice(at, at + MAX_REQUESTS_PER_FRAME) });
  }
}

function wrongManifest(link: WireLink): void {
  const other = otherManifest();
  serveManifest(link, encodeManifest(other));
  // Claim every piece, so the downloader asks us for the manifest first.
  link.send(fullBitfield(other.pieceHashes.length));
}

/** A well-formed manifest of some other share: valid in every field, for the wrong link. */
export function otherManifest(): Manifest {
  const pieceSize = 256 * 1024;
  const size = 3 * pieceSize + 1234;
  return {
    salt: crypto.getRandomValues(new Uint8Array(32)),
    pieceSize,
    files: [{ path: 'not-what-you-asked-for.exe', size, mimeType: 'application/octet-stream' }],
    pieceHashes: Array.from({ length: 4 }, () => crypto.getRandomValues(new Uint8Array(32))),
  };
}
