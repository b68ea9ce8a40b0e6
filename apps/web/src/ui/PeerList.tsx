import { useTranslation } from 'react-i18next';
import type { PeerProgress } from '@shoal/core';
import { useFormats } from '../i18n/use-formats.ts';
import type { ConnectionRoute } from '../net/connection-route.ts';
import { peerColor, peerShortId } from './peer-label.ts';

/** What the peer list says of each route (keys under peers.); an unknown one says nothing. */
const ROUTE_LABELS = {
  direct: 'peers.direct',
  relay: 'peers.relay',
  unknown: null,
} as const satisfies Record<ConnectionRoute, string | null>;

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
  const { t } = useTranslation();
  const formats = useFormats();
  if (peers.length === 0) {
    return (
      <ul className="peers" aria-label={t('peers.label')}>
        <li className="muted">{t('peers.none')}</li>
      </ul>
    );
  }
  return (
    <ul className="peers" aria-label={t('peers.label')}>
      {peers.map((peer) => {
        const route = routes.get(peer.peerId) ?? 'unknown';
        const routeLabel = ROUTE_LABELS[route];
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
              {t('peers.peer', { id: peerShortId(peer.peerId) })}
              {routeLabel ? <span className="muted"> · {t(routeLabel)}</span> : null}
              {pieceCount > 0 && peer.pieces >= pieceCount ? (
                <span className="muted"> · {t('peers.hasEverything')}</span>
              ) : null}
            </span>
            <span className="numeric muted">
              ↓ {formats.bytes(peer.downloadedBytes)} ({formats.rate(peer.downloadRate)}) · ↑{' '}
              {formats.bytes(peer.uploadedBytes)} ({formats.rate(peer.uploadRate)})
            </span>
          </li>
        );
      })}
    </ul>
  );
}
