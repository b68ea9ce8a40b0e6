// What to tell a user whose browser cannot connect to any peer: why each
// connection attempt ended, and, from those endings, whether the network is
// to blame (ICE found no path) and whether a relay was there to try. Pure.

/** Why a connection attempt ended before its data channel was handed to the swarm. */
export type AttemptEnding =
  /** ICE found no path: the browser said 'failed', or gave up in time while checks could run. */
  | 'ice-failed'
  /** Timed out before ICE could start (no answer came), or after it connected (DTLS never did). */
  | 'timed-out'
  /** simple-peer failed for a reason other than ICE (signaling, descriptions, the data channel). */
  | 'error'
  /** The connection closed without an error: the peer hung up. */
  | 'closed'
  /** The peer left the room. */
  | 'peer-left'
  /** We refused it: a description naming more than one certificate, or DTLS accepted another. */
  | 'refused'
  /** Both sides dialled at once and the peer's offer won. */
  | 'superseded'
  /** We stopped: the share closed. */
  | 'shutdown';

/** How far ICE got in one attempt. */
export interface IceProgress {
  /** iceConnectionState was 'failed'. */
  failed: boolean;
  /** iceConnectionState reached 'connected' or 'completed'. */
  connected: boolean;
  /** Both descriptions were exchanged (a remote one was applied): ICE had what it needed to check. */
  described: boolean;
}

/** simple-peer's codes for ICE and for the whole connection failing (its index.js). */
const ICE_FAILED_CODE = 'ERR_ICE_CONNECTION_FAILURE';
const CONNECTION_FAILED_CODE = 'ERR_CONNECTION_FAILURE';

/**
 * Why an attempt that timed out, or failed with simple-peer error `code`,
 * ended. A timeout counts as ICE failing when checks could run and never
 * connected: Chromium takes longer than CONNECT_TIMEOUT_MS to say 'failed'
 * (and never does with no candidate on one side), so waiting for it would say
 * nothing for half a minute or more.
 */
export function attemptEnding(
  stop: { timedOut: true } | { errorCode: string | undefined },
  ice: IceProgress,
): AttemptEnding {
  if (ice.failed) return 'ice-failed';
  const timedOut = 'timedOut' in stop;
  if (!timedOut && stop.errorCode === ICE_FAILED_CODE) return 'ice-failed';
  const mayBeIce = timedOut || stop.errorCode === CONNECTION_FAILED_CODE;
  if (mayBeIce && ice.described && !ice.connected) return 'ice-failed';
  return timedOut ? 'timed-out' : 'error';
}

/** A reason no peer can be reached that the user should be told, worded in ui/messages.ts. */
export type ConnectivityProblem =
  /** ICE found no direct path, and the server offers no TURN relay to fall back on. */
  | 'direct-connections-blocked'
  /** ICE found no path even with the server's TURN relay. */
  | 'relay-unreachable';

export interface ConnectivityFacts {
  /** Peers in the room that we know of. */
  knownPeers: number;
  /** Data channels open and handed to the swarm. */
  openConnections: number;
  /** Attempts that ended 'ice-failed' since a connection last opened. */
  iceFailures: number;
  /** The server's ICE servers include a TURN relay (see offersRelay). */
  relayOffered: boolean;
}

/**
 * The problem to show, or null: there are peers to reach, none is connected
 * or has been since attempts started failing at ICE, and at least one has.
 * Attempts that ended otherwise (a peer that left, a refused certificate) say
 * nothing about the network.
 */
export function diagnoseConnectivity(facts: ConnectivityFacts): ConnectivityProblem | null {
  if (facts.knownPeers === 0 || facts.openConnections > 0 || facts.iceFailures === 0) return null;
  return facts.relayOffered ? 'relay-unreachable' : 'direct-connections-blocked';
}

/** True when `iceServers` name a TURN relay (a turn: or turns: URL); STUN alone relays nothing. */
export function offersRelay(iceServers: readonly { urls: string | string[] }[]): boolean {
  return iceServers.some((server) =>
    [server.urls].flat().some((url) => url.startsWith('turn:') || url.startsWith('turns:')),
  );
}
