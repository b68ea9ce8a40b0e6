// Builds a Progress snapshot from the swarm's parts.
import type { ShoalErrorCode } from './errors.ts';
import type { Download } from './download.ts';
import type { ShareLayout } from './layout.ts';
import type { Peer } from './peer.ts';
import type { Progress, SwarmState } from './progress.ts';
import type { RateMeter } from './rate-meter.ts';
import { distributedCopies } from './swarm-health.ts';

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
  const wanted = wantedSizes(layout, download);
  const remaining = wanted.bytes - wanted.verified;
  const inFlight = download === null ? [] : [...download.picker.inFlight()];
  return {
    state: parts.state,
    pausedBy: parts.pausedBy,
    verifiedBytes,
    totalBytes,
    wantedBytes: wanted.bytes,
    verifiedWantedBytes: wanted.verified,
    verifiedPieces: download?.picker.have.count ?? 0,
    pieceCount: layout?.pieceCount ?? 0,
    downloadRate,
    uploadRate: parts.up.rate(),
    downloadedBytes: parts.down.total,
    uploadedBytes: parts.up.total,
    etaSeconds: parts.state === 'downloading' && downloadRate > 0 ? remaining / downloadRate : null,
    peersConnected: peers.length,
    peersComplete: peers.filter((p) => p.has?.complete === true).length,
    peersDownloading: peers.filter((p) => p.has !== null && !p.has.complete).length,
    distributedCopies:
      layout === null || download === null
        ? 0
        : distributedCopies(
            layout.pieceCount,
            (i) => download.rarity.availability(i) + (download.picker.have.get(i) ? 1 : 0),
          ),
    peers: peers.map((peer) => ({
      peerId: peer.id,
      downloadRate: peer.down.rate(),
      uploadRate: peer.up.rate(),
      downloadedBytes: peer.down.total,
      uploadedBytes: peer.up.total,
      outstanding: download?.picker.outstanding(peer.id).size ?? 0,
      pieces: peer.has?.count ?? 0,
      snubbed: download?.isSnubbed(peer.id) ?? false,
    })),
    stored: download?.picker.have.bytes.slice() ?? new Uint8Array(0),
    wanted: download?.picker.wants.wanted.bytes.slice() ?? new Uint8Array(0),
    inFlight: inFlight.map((piece) => ({
      index: piece.index,
      receivedBytes: piece.receivedBytes,
      length: piece.length,
      peers: piece.peers(),
    })),
  };
}

/** Bytes of the wanted pieces, and of those stored; the whole share while every file is wanted. */
function wantedSizes(
  layout: ShareLayout | null,
  download: Download | null,
): { bytes: number; verified: number } {
  if (layout === null || download === null) return { bytes: 0, verified: 0 };
  const { wants, have } = download.picker;
  if (wants.files === null) return { bytes: layout.totalSize, verified: download.verifiedBytes };
  let bytes = 0;
  let verified = 0;
  for (const index of wants.wanted.indices()) {
    const length = layout.pieceLength(index);
    bytes += length;
    if (have.get(index)) verified += length;
  }
  return { bytes, verified };
}
