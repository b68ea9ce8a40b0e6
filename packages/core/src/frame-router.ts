// What to do with each frame from an authenticated peer. What the peer says
// about itself is recorded by the Peer (see its receive* methods); this routes
// the rest to the download, the uploader and the manifest fetcher.
import { GoodbyeCode, requestsIn, splitManifest, type BlockRange } from '@shoal/protocol';
import { ShoalError } from './errors.ts';
import type { ManifestFetcher } from './manifest-fetcher.ts';
import type { Peer } from './peer.ts';
import type { SessionFrame } from './peer-session.ts';
import type { RateMeter } from './rate-meter.ts';
import { requestProblem } from './serving.ts';
import type { OpenShare } from './share-state.ts';

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
      if (peer.receiveManifestRequest() && share !== null && peer.takeManifestRequest()) {
        peer.uploader.sendFrames(splitManifest(share.bytes));
      }
      return;
    case 'manifest':
      return void context.fetcher.slice(peer, frame).catch((error: unknown) => {
        context.onError(
          new ShoalError('store-failed', 'Could not open the share', { cause: error }),
        );
      });
    case 'bitfield': {
      const outcome = peer.receiveBitfield(frame, share?.layout.pieceCount ?? null);
      // This peer has the manifest: ask it, if not asking one that has.
      if (outcome.kind === 'early') context.fetcher.ask();
      else if (outcome.kind === 'known') download?.peerBitfield(peer, outcome.previous);
      return;
    }
    case 'have':
      if (peer.receiveHave(frame.index, share?.layout.pieceCount ?? null) === 'new') {
        download?.peerHas(peer, frame.index);
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
      peer.receiveReject(frame.index);
      return download?.withdrawn(peer, frame);
    case 'piece':
      if (download === null) return;
      context.downMeter.add(frame.data.length);
      return download.block(peer, frame.index, frame.begin, frame.data);
    case 'choke':
      peer.receiveChoke();
      return download?.withdrawn(peer);
    case 'unchoke':
      peer.receiveUnchoke();
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
