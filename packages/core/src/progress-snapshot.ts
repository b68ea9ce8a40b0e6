// Builds a Progress snapshot from the swarm's parts.
import type { ShoalErrorCode } from './errors.ts';
import type { Download } from './download.ts';
import type { ShareLayout } from './layout.ts';
import type { Peer } from './peer.ts';
import type { Progress, SwarmState } from './progress.ts';
import type { RateMeter } from './rate-meter.ts';

export function snapshot(parts: {
  state: SwarmState;
  pausedBy: ShoalErrorCode | null;
  layout: ShareLayout | null;
  download: Download | null;
  peers: Iterable<Peer>;
  down: RateMeter;
  up: RateMeter;
}): Progress {
  const { layout, download } = parts;
  const peers = [...parts.peers].filter((p) => p.open);
  const downloadRate = parts.down.rate();
  const totalBytes = layout?.totalSize ?? 0;
  const verifiedBytes = download?.verifiedBytes ?? 0;
  const remaining = totalBytes - verifiedBytes;
  const inFlight = download === null ? [] : [...download.picker.inFlight()];
  return {
    state: parts.state,
    pausedBy: parts.pausedBy,
    verifiedBytes,
    totalBytes,
    verifiedPieces: download?.picker.have.count ?? 0,
    pieceCount: layout?.pieceCount ?? 0,
    downloadRate,
    uploadRate: parts.up.rate(),
    downloadedBytes: parts.down.total,
    uploadedBytes: parts.up.total,
    etaSeconds: parts.state === 'downloading' && downloadRate > 0 ? remaining / downloadRate : null,
    peersConnected: peers.length,
    peers: peers.map((peer) => ({
      peerId: peer.id,
      downloadRate: peer.down.rate(),
      uploadRate: peer.up.rate(),
      downloadedBytes: peer.down.total,
      uploadedBytes: peer.up.total,
      outstanding: download?.picker.outstanding(peer.id).size ?? 0,
      pieces: peer.has?.count ?? 0,
      snubbed: peer.snubbed,
    })),
    stored: download?.picker.have.bytes.slice() ?? new Uint8Array(0),
    inFlight: inFlight.map((piece) => ({
      index: piece.index,
      receivedBytes: piece.receivedBytes,
      length: piece.length,
      peers: piece.peers(),
    })),
  };
}
