// Keeps telling how an open connection is routed: the candidate pair in use
// can change while it is open (an ICE restart, a network change), so its
// stats are read again every few seconds until the connection closes.
import { connectionRoute, type ConnectionRoute, type StatsReportLike } from './connection-route.ts';

/**
 * How often an open connection's stats are read again. A route changes rarely;
 * 5 s shows a change while the user still looks, for one getStats() per peer.
 */
export const ROUTE_POLL_INTERVAL_MS = 5_000;

/** The part of an RTCPeerConnection a watch reads. */
export interface StatsSource {
  getStats(): Promise<StatsReportLike>;
}

/**
 * Reads `connection`'s route now and every ROUTE_POLL_INTERVAL_MS, and calls
 * `onRoute` each time it differs from the last one reported (it starts as
 * 'unknown'). Stops, leaving no timer, when `signal` aborts; a read in flight
 * then reports nothing. A failed read (a closing connection) is skipped.
 */
export function watchRoute(
  connection: StatsSource,
  onRoute: (route: ConnectionRoute) => void,
  signal: AbortSignal,
): void {
  let last: ConnectionRoute = 'unknown';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const read = async () => {
    const route = await connection.getStats().then(connectionRoute, () => last);
    if (signal.aborted) return;
    if (route !== last) onRoute((last = route));
    timer = setTimeout(() => void read(), ROUTE_POLL_INTERVAL_MS);
  };
  if (signal.aborted) return;
  signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  void read();
}
