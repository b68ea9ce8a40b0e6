import type { PeerProgress } from '@shoal/core';
import { formatBytes, formatRate } from './format.ts';
import { peerColor, peerLabel } from './peer-label.ts';

/** Whom this browser downloads from and uploads to, and how much. */
export function PeerList({ peers, pieceCount }: { peers: PeerProgress[]; pieceCount: number }) {
  if (peers.length === 0) {
    return (
      <ul className="peers" aria-label="Peers">
        <li className="muted">No peers connected yet.</li>
      </ul>
    );
  }
  return (
    <ul className="peers" aria-label="Peers">
      {peers.map((peer) => (
        <li
          key={peer.peerId}
          data-peer-id={peer.peerId}
          data-downloaded={peer.downloadedBytes}
          data-uploaded={peer.uploadedBytes}
        >
          <span>
            <span
              className="swatch"
              style={{ background: peerColor(peer.peerId) }}
              aria-hidden="true"
            />
            {peerLabel(peer.peerId)}
            {pieceCount > 0 && peer.pieces >= pieceCount ? (
              <span className="muted"> · has everything</span>
            ) : null}
          </span>
          <span className="numeric muted">
            ↓ {formatBytes(peer.downloadedBytes)} ({formatRate(peer.downloadRate)}) · ↑{' '}
            {formatBytes(peer.uploadedBytes)} ({formatRate(peer.uploadRate)})
          </span>
        </li>
      ))}
    </ul>
  );
}
