// What to do with each frame from an authenticated peer. Frames about pieces
// that arrive before we know the manifest are remembered on the Peer.
import {
  GoodbyeCode,
  MAX_PIECE_COUNT,
  requestsIn,
  splitManifest,
  type BlockRange,
} from '@shoal/protocol';
import { ShoalError } from './errors.ts';
import type { ManifestFetcher } from './manifest-fetcher.ts';
import type { Peer } from './peer.ts';
import type { SessionFrame } from './peer-session.ts';
import type { RateMeter } from './rate-meter.ts';
import { requestProblem } from './serving.ts';
import type { OpenShare } from './share-state.ts';

/**
 * Times one peer may ask for the manifest. A one-byte request costs us up to
 * 16 MiB of upload, so a peer asking over and over is an amplification attack;
 * an honest peer asks once, or again after a reconnect (a new session).
 */
export const MAX_MANIFEST_REQUESTS = 2;

export interface RouterContext {
  /** Null until the manifest is known. */
  share: OpenShare | null;
  fetcher: ManifestFetcher;
  /** Swarm-wide download meter. */
  downMeter: RateMeter;
  onError: (error: ShoalError) => void;
}

export function routeFrame(context: RouterContext, peer: Peer, frame: SessionFrame): void {
  const { share } = context;
  const download = share?.download ?? null;
  switch (frame.type) {
    case 'manifest-request':
      if (++peer.manifestRequests > MAX_MANIFEST_REQUESTS) {
        return peer.session.goodbye(GoodbyeCode.Flooding, 'asked for the manifest again and again');
      }
      if (share === null) peer.wantsManifest = true;
      else peer.uploader.sendFrames(splitManifest(share.bytes));
      return;
    case 'manifest':
      return void context.fetcher.slice(peer, frame).catch((error: unknown) => {
        context.onError(
          new ShoalError('store-failed', 'Could not open the share', { cause: error }),
        );
      });
    case 'bitfield':
      // Each side sends its bitfield once; a second would make us redo the rarity map.
      if (peer.bitfieldSeen) {
        return peer.session.goodbye(GoodbyeCode.ProtocolError, 'second bitfield');
      }
      peer.bitfieldSeen = true;
      if (download === null) {
        peer.early = { pieceCount: frame.pieceCount, bits: frame.bits.slice() };
        context.fetcher.ask(); // this peer has the manifest: ask it, if not asking one that has
      } else if (frame.pieceCount !== share!.layout.pieceCount) {
        peer.session.goodbye(GoodbyeCode.ProtocolError, 'bitfield does not match the manifest');
      } else {
        download.peerBitfield(peer, frame.bits);
      }
      return;
    case 'have':
      if (download === null) {
        if (peer.earlyHaves.length < MAX_PIECE_COUNT) peer.earlyHaves.push(frame.index);
      } else if (frame.index >= share!.layout.pieceCount) {
        peer.session.goodbye(GoodbyeCode.ProtocolError, 'have beyond the last piece');
      } else {
        download.peerHas(peer, frame.index);
      }
      return;
    case 'request':
    case 'requests':
      for (const request of requestsIn(frame)) {
        if (!serveRequest(share, peer, request)) return;
      }
      return;
    case 'cancel':
      return peer.uploader.cancel(frame);
    case 'reject':
      peer.rejected.add(frame.index);
      return download?.withdrawn(peer, frame);
    case 'piece':
      if (download === null) return;
      context.downMeter.add(frame.data.length);
      return download.block(peer, frame.index, frame.begin, frame.data);
    case 'choke':
      peer.choked = true;
      return download?.withdrawn(peer);
    case 'unchoke':
      peer.choked = false;
      return download?.fill(peer);
  }
}

/**
 * Queues one request, rejects it when we lack the piece, or drops the peer for
 * a request no honest peer sends (see requestProblem) or for too many queued.
 * Returns false once the peer was told goodbye: the rest of its batch is moot.
 */
function serveRequest(share: OpenShare | null, peer: Peer, request: BlockRange): boolean {
  const { index, begin, length } = request;
  // Before the manifest we cannot tell a good request from a bad one: just say no.
  const problem = share === null ? undefined : requestProblem(share.layout, request);
  if (problem !== undefined) {
    peer.session.goodbye(GoodbyeCode.ProtocolError, problem);
    return false;
  }
  if (share === null || !share.download.picker.have.get(index)) {
    peer.session.send({ type: 'reject', index, begin, length });
    return true;
  }
  if (peer.uploader.enqueue({ index, begin, length })) return true;
  peer.session.goodbye(GoodbyeCode.Flooding, 'too many queued requests');
  return false;
}
