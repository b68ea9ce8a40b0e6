// The hello every connection opens with, and the honest manifest fetch a
// well-informed attacker makes before it starts lying.
import { authKeyOf, makeProof, shareIdOf, webCryptoSha256 } from '@shoal/core';
import {
  decodeManifest,
  ManifestAssembler,
  WIRE_VERSION,
  type Frame,
  type Manifest,
} from '@shoal/protocol';
import type { WireLink } from './wire-link.ts';

/** How long the sharer has to send the whole manifest. */
const MANIFEST_FETCH_TIMEOUT_MS = 15_000;

/**
 * Sends our hello. With the share id the proof is valid; without it (the
 * signaling operator knows only the room id) it is made from a key of our own.
 */
export async function sendHello(link: WireLink, shareId: Uint8Array | null): Promise<void> {
  const key = shareId ? await authKeyOf(shareId) : crypto.getRandomValues(new Uint8Array(32));
  const proof = await makeProof(webCryptoSha256, key, link.fingerprints);
  link.send({ type: 'hello', version: WIRE_VERSION, proof });
}

export interface FetchedManifest {
  bytes: Uint8Array;
  manifest: Manifest;
}

/** Asks an honest peer for the manifest, as a downloader would, and checks it against the share id. */
export async function fetchManifest(link: WireLink, shareId: Uint8Array): Promise<FetchedManifest> {
  const assembler = new ManifestAssembler();
  let whole: Uint8Array | undefined;
  let problem: string | undefined;
  const complete = link.waitFor((frame: Frame) => {
    if (frame.type !== 'manifest') return false;
    const result = assembler.accept(frame);
    if (result.ok) whole = result.value;
    else problem = result.error.message;
    return whole !== undefined || problem !== undefined;
  }, MANIFEST_FETCH_TIMEOUT_MS);
  await sendHello(link, shareId);
  link.send({ type: 'manifest-request' });
  await complete;
  if (whole === undefined) throw new Error(`bad manifest slice: ${problem}`);
  const bytes = whole;
  const hash = await shareIdOf(bytes);
  if (Buffer.compare(hash, shareId) !== 0) throw new Error('the manifest does not match the link');
  const decoded = decodeManifest(bytes);
  if (!decoded.ok) throw new Error(`the manifest does not decode: ${decoded.error.message}`);
  return { bytes, manifest: decoded.value };
}
