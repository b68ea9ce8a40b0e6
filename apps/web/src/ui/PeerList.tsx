import type { PeerProgress } from '@shoal/core';
import type { ConnectionRoute } from '../net/connection-route.ts';
import { formatBytes, formatRate } from './format.ts';
import { peerColor, peerLabel } from './peer-label.ts';

/** What the peer list says of each route; an unknown one says nothing. */
const ROUTE_LABELS: Readonly<Record<ConnectionRoute, string | null>> = {
  direct: 'direct',
  relay: 'via relay',
  unknown: null,
};

/** Whom this browser downloads from and uploads to, how much, and whether through a relay. */
export function PeerList({
  peers,
  pieceCount,
  routes,
}: {
  peers: PeerProgress[];
  pieceCount: number;
  routes: ReadonlyMap<string, ConnectionRoute>;
}) {
  if (peers.length === 0) {
    return (
      <ul className="peers" aria-label="Peers">
        <li className="muted">No peers connected yet.</li>
      </ul>
    );
  }
  return (
    <ul className="peers" aria-label="Peers">
      {peers.map((peer) => {
        const route = routes.get(peer.peerId) ?? 'unknown';
        return (
          <li
            key={peer.peerId}
            data-peer-id={peer.peerId}
            data-downloaded={peer.downloadedBytes}
            data-uploaded={peer.uploadedBytes}
            data-route={route === 'unknown' ? undefined : route}
          >
            <span>
              <span
                className="swatch"
                style={{ background: peerColor(peer.peerId) }}
                aria-hidden="true"
              />
              {peerLabel(peer.peerId)}
              {ROUTE_LABELS[route] ? <span className="muted"> · {ROUTE_LABELS[route]}</span> : null}
              {pieceCount > 0 && peer.pieces >= pieceCount ? (
                <span className="muted"> · has everything</span>
              ) : null}
            </span>
            <span className="numeric muted">
              ↓ {formatBytes(peer.downloadedBytes)} ({formatRate(peer.downloadRate)}) · ↑{' '}
              {formatBytes(peer.uploadedBytes)} ({formatRate(peer.uploadRate)})
            </span>
          </li>
        );
      })}
    </ul>
  );
}
