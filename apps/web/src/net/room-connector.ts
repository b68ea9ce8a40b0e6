// Connects one swarm to the peers of its signaling room: dials peers while the
// swarm wants more, answers peers that dial us, and hands every data channel
// that opens to the swarm. The joiner dials; peers already in a room answer.
// The signaling server is not trusted: a description naming more than one
// certificate, or a connection whose certificate is not the one named, is
// dropped, and no more connections are kept in flight than the swarm takes.
// A connection the swarm turns down is not dialled straight back: a peer it
// refuses (banned, by id or by address) never again in this room, one it already
// holds not while that connection lives, and one it has no room for only after
// the redial backoff; the slot goes to another peer at once.
// It also says what happened: how each open connection is routed, and, when
// no peer can be reached, whether ICE found no path (see connectivity-diagnosis).
import {
  CONNECT_TIMEOUT_MS,
  connectionsWanted,
  NEIGHBOUR_CHECK_MS,
  NeighbourPolicy,
  NEWCOMER_DIAL_DELAY_MS,
  realClock,
  type AddPeerResult,
  type Swarm,
} from '@shoal/core';
import { sdpFingerprint, type SignalData } from '@shoal/protocol';
import type { ConnectionRoute } from './connection-route.ts';
import {
  attemptEnding,
  diagnoseConnectivity,
  offersRelay,
  type AttemptEnding,
  type ConnectivityProblem,
  type IceProgress,
} from './connectivity-diagnosis.ts';
import { inspectConnection } from './negotiated-connection.ts';
import { PATH_LOST_MS, watchPath } from './path-watch.ts';
import { watchRoute } from './route-watch.ts';
import type { SignalingPort } from './signaling-client.ts';
import { SimplePeer, type SimplePeerInstance, type SimplePeerSignal } from './simple-peer.ts';
import { MessageTap, peerConnectionOf, SimplePeerTransport } from './simple-peer-transport.ts';

export type SwarmPort = Pick<
  Swarm,
  | 'addPeer'
  | 'removePeer'
  | 'peersWanted'
  | 'connectionLimit'
  | 'isBanned'
  | 'neighbourStates'
  | 'on'
>;

/** What a connection attempt is made with: simple-peer's options. */
export type PeerOptions = NonNullable<ConstructorParameters<typeof SimplePeer>[0]>;

export interface RoomConnectorOptions {
  signaling: SignalingPort;
  roomId: string;
  swarm: SwarmPort;
  /**
   * True while the user wants their address hidden from peers: connect only
   * through a TURN relay, and not at all when the server offers none (then
   * `onRelayUnavailable` is called). Read before every dial and answer.
   */
  relayOnly?: () => boolean;
  onRelayUnavailable?: () => void;
  /** How an open connection to `peerId` is routed: once it is known, and on every change. */
  onRoute?: (peerId: string, route: ConnectionRoute) => void;
  /** What keeps us from reaching any peer, or null once nothing does: called on every change. */
  onConnectivity?: (problem: ConnectivityProblem | null) => void;
  /** Makes one connection attempt to `peerId`: simple-peer by default; unit tests pass a fake. */
  createPeer?: (options: PeerOptions, peerId: string) => SimplePeerInstance;
  /** Orders the dials (see NeighbourPolicy): Math.random by default; tests pass a fixed one. */
  random?: () => number;
}

interface Attempt {
  peer: SimplePeerInstance;
  initiator: boolean;
  timer: ReturnType<typeof setTimeout>;
  ice: IceProgress;
}

export class RoomConnector {
  readonly #options: RoomConnectorOptions;
  /** Which known peers to dial and when, which to let go: decided in core, carried out here. */
  readonly #policy: NeighbourPolicy;
  readonly #attempts = new Map<string, Attempt>();
  readonly #connected = new Set<string>();
  /**
   * Peers whose connection the swarm refused as banned: never dialled or answered
   * again in this room. The swarm's own isBanned knows only ids; this also covers a
   * peer refused for its address.
   */
  readonly #refused = new Set<string>();
  readonly #unsubscribe: (() => void)[] = [];
  /** Watches of open connections (route, path), stopped when each closes. */
  readonly #connectionWatches = new Set<AbortController>();
  /** Open connections whose path was lost, by when: being replaced. */
  readonly #pathLost = new Map<string, number>();
  /** Attempts that ended 'ice-failed' since a connection last opened. */
  #iceFailures = 0;
  #problem: ConnectivityProblem | null = null;
  /** Dials again once the earliest backoff ends, when nothing else would. */
  #redialTimer: ReturnType<typeof setTimeout> | undefined;
  /** Dials due once newcomers had their NEWCOMER_DIAL_DELAY_MS, cleared on close. */
  readonly #newcomerTimers = new Set<ReturnType<typeof setTimeout>>();
  readonly #neighbourTimer: ReturnType<typeof setInterval>;
  #sampling = false;
  #closed = false;

  constructor(options: RoomConnectorOptions) {
    this.#options = options;
    this.#policy = new NeighbourPolicy({ clock: realClock, random: options.random ?? Math.random });
    const { signaling, roomId, swarm } = options;
    this.#unsubscribe.push(
      signaling.on('joined', (accepted) => {
        if (accepted.roomId !== roomId) return;
        this.#policy.learned(accepted.peers);
        this.#dialMore();
        this.#reportConnectivity();
      }),
      signaling.on('peer-joined', ({ roomId: room, peerId }) => {
        if (room !== roomId) return;
        this.#policy.learned([peerId]);
        const timer = setTimeout(() => {
          this.#newcomerTimers.delete(timer);
          this.#dialMore();
        }, NEWCOMER_DIAL_DELAY_MS);
        this.#newcomerTimers.add(timer);
        this.#reportConnectivity();
      }),
      signaling.on('peer-left', ({ roomId: room, peerId }) => {
        if (room !== roomId) return;
        this.#policy.forget(peerId);
        // An open data channel outlives signaling; only unfinished attempts end here.
        this.#abandon(peerId, 'peer-left');
        this.#reportConnectivity();
      }),
      signaling.on('signal', ({ roomId: room, from, data }) => {
        if (room === roomId) this.#onSignal(from, data);
      }),
      signaling.on('config', () => this.#reportConnectivity()),
      swarm.on('peer-closed', ({ peerId }) => {
        this.#connected.delete(peerId);
        this.#backOff(peerId, { pathLost: this.#pathLost.delete(peerId) });
        this.#dialMore();
        this.#reportConnectivity();
      }),
    );
    this.#neighbourTimer = setInterval(() => this.#letUselessGo(), NEIGHBOUR_CHECK_MS);
  }

  /** Dial known peers again if the swarm wants more (after resume, for example). */
  poke(): void {
    this.#dialMore();
  }

  close(): void {
    this.#closed = true;
    for (const off of this.#unsubscribe) off();
    for (const peerId of [...this.#attempts.keys()]) this.#abandon(peerId, 'shutdown');
    for (const watch of this.#connectionWatches) watch.abort();
    clearTimeout(this.#redialTimer);
    for (const timer of this.#newcomerTimers) clearTimeout(timer);
    clearInterval(this.#neighbourTimer);
  }

  /** Connections in flight or open: what the swarm's connection limit caps. */
  get #inFlight(): number {
    return this.#attempts.size + this.#connected.size;
  }

  /** False when we must not connect at all: the user hides their address and there is no relay. */
  #mayConnect(): boolean {
    if (this.#options.relayOnly?.() !== true || this.#relayOffered()) return true;
    this.#options.onRelayUnavailable?.();
    return false;
  }

  #relayOffered(): boolean {
    return offersRelay(this.#options.signaling.config?.iceServers ?? []);
  }

  /** Tells onConnectivity when what keeps us from every peer changes. */
  #reportConnectivity(): void {
    if (this.#closed) return;
    const problem = diagnoseConnectivity({
      knownPeers: this.#policy.knownCount,
      openConnections: this.#connected.size,
      iceFailures: this.#iceFailures,
      relayOffered: this.#relayOffered(),
    });
    if (problem === this.#problem) return;
    this.#problem = problem;
    this.#options.onConnectivity?.(problem);
  }

  #counts(): { attempts: number; connected: number } {
    return { attempts: this.#attempts.size, connected: this.#connected.size };
  }

  #isBusy = (peerId: string): boolean =>
    this.#attempts.has(peerId) || this.#connected.has(peerId) || this.#isRefused(peerId);

  #isRefused(peerId: string): boolean {
    return this.#refused.has(peerId) || this.#options.swarm.isBanned(peerId);
  }

  /**
   * Holds `peerId` back before it is dialled again (see NeighbourPolicy.ended).
   * Only a peer still known: one forgotten (gone from the room) has no dial to
   * hold back, and an entry for it would never be cleared.
   */
  #backOff(peerId: string, options?: { pathLost?: boolean }): void {
    if (this.#policy.knows(peerId)) this.#policy.ended(peerId, options);
  }

  #dialMore(): void {
    if (this.#closed) return;
    const wanted = connectionsWanted(this.#options.swarm, this.#counts());
    if (wanted > 0 && !this.#mayConnect()) return;
    const { dial, wakeAt } = this.#policy.dials(wanted, this.#isBusy);
    for (const peerId of dial) this.#start(peerId, true);
    // A peer we gave up on is dialled again when its backoff ends, not only when
    // something else happens in the room (its attempt failing is the last event).
    if (wakeAt !== null) {
      clearTimeout(this.#redialTimer);
      this.#redialTimer = setTimeout(() => this.#dialMore(), wakeAt - Date.now());
    }
    if (this.#policy.shouldSample(wanted, dial.length)) void this.#sample();
  }

  /** Asks the server for a fresh sample of the room, and dials from it. */
  async #sample(): Promise<void> {
    if (this.#sampling) return;
    this.#sampling = true;
    try {
      const answer = await this.#options.signaling.peers(this.#options.roomId);
      if (this.#closed || !answer.ok) return;
      this.#policy.learned(answer.value.peers);
      this.#reportConnectivity();
      this.#dialMore();
    } finally {
      this.#sampling = false;
    }
  }

  /**
   * Lets go of neighbours that need nothing of us and have nothing we need,
   * when room is needed: better peers wait to be dialled while we are full, or
   * we are at the connection limit and turn newcomers away.
   */
  #letUselessGo(): void {
    if (this.#closed) return;
    const { swarm } = this.#options;
    for (const peerId of this.#policy.letGo(swarm, this.#counts(), this.#isBusy)) {
      swarm.removePeer(peerId);
    }
  }

  #onSignal(from: string, data: SignalData): void {
    if (this.#closed || this.#isRefused(from)) return;
    let attempt = this.#attempts.get(from);
    const isOffer = data.type === 'offer';
    if (attempt && isOffer && attempt.initiator) {
      // Both sides dialled at once: the lower peer id keeps its offer.
      const ourId = this.#options.signaling.config?.peerId ?? '';
      if (ourId < from) return;
      this.#abandon(from, 'superseded', false);
      attempt = undefined;
    }
    const description = isOffer || data.type === 'answer';
    // One certificate, named once: what the proof will be bound to (see sdpFingerprint).
    if (description && !sdpFingerprint(String(data.sdp)).ok) {
      if (attempt) this.#abandon(from, 'refused');
      return;
    }
    if (!attempt) {
      if (!isOffer || this.#connected.has(from)) return;
      // A hostile server can make up offers from ids of its choosing: answer no
      // more than the swarm would take.
      if (this.#inFlight >= this.#options.swarm.connectionLimit || !this.#mayConnect()) return;
      this.#policy.learned([from]);
      attempt = this.#start(from, false);
    }
    // Recorded here, not read off the connection when the attempt ends: simple-peer
    // drops its RTCPeerConnection as it reports 'Connection failed'.
    if (description) attempt.ice.described = true;
    attempt.peer.signal(data as unknown as SimplePeerSignal);
  }

  #start(peerId: string, initiator: boolean): Attempt {
    const { signaling, roomId } = this.#options;
    const config: RTCConfiguration = { iceServers: signaling.config?.iceServers ?? [] };
    // Only relay candidates are gathered, so no address of ours reaches the server or peers.
    if (this.#options.relayOnly?.() === true) config.iceTransportPolicy = 'relay';
    const peerOptions: PeerOptions = { initiator, trickle: true, config };
    const peer = this.#options.createPeer?.(peerOptions, peerId) ?? new SimplePeer(peerOptions);
    const tap = new MessageTap(peer);
    const attempt: Attempt = {
      peer,
      initiator,
      timer: setTimeout(() => this.#end(peerId, attempt, { timedOut: true }), CONNECT_TIMEOUT_MS),
      ice: { failed: false, connected: false, described: false },
    };
    this.#attempts.set(peerId, attempt);
    peer.on('signal', (data) => {
      void signaling.signal(roomId, peerId, data as unknown as SignalData).then((sent) => {
        if (sent.ok || sent.error.code !== 'unknown-peer') return;
        // Gone from the room: forget it rather than dial it again after the backoff.
        this.#policy.forget(peerId);
        if (this.#attempts.get(peerId) === attempt) this.#abandon(peerId, 'peer-left', false);
      });
    });
    peer.on('iceStateChange', (state: RTCIceConnectionState) => {
      if (state === 'failed') attempt.ice.failed = true;
      if (state === 'connected' || state === 'completed') attempt.ice.connected = true;
    });
    peer.on('connect', () => void this.#onChannelOpen(peerId, attempt, tap));
    peer.on('error', (error: Error & { code?: string }) =>
      this.#end(peerId, attempt, { errorCode: error.code }),
    );
    peer.on('close', () => {
      if (this.#attempts.get(peerId) === attempt) this.#abandon(peerId, 'closed');
    });
    return attempt;
  }

  /** An attempt timed out or failed: find out whether at ICE, and give it up. */
  #end(peerId: string, attempt: Attempt, stop: Parameters<typeof attemptEnding>[0]): void {
    if (this.#attempts.get(peerId) !== attempt) return;
    this.#abandon(peerId, attemptEnding(stop, attempt.ice));
  }

  /** The data channel opened: check what was negotiated, then hand it to the swarm. */
  async #onChannelOpen(peerId: string, attempt: Attempt, tap: MessageTap): Promise<void> {
    if (this.#attempts.get(peerId) !== attempt) return;
    const pc = peerConnectionOf(attempt.peer);
    const inspection = pc
      ? await inspectConnection(pc).catch((error: unknown) => ({
          ok: false as const,
          problem: String(error),
        }))
      : { ok: false as const, problem: 'no peer connection' };
    if (this.#attempts.get(peerId) !== attempt) return;
    if (!pc || !inspection.ok) return this.#abandon(peerId, 'refused');
    clearTimeout(attempt.timer);
    this.#attempts.delete(peerId);
    const transport = new SimplePeerTransport(attempt.peer, tap, inspection.connection);
    const admitted = this.#options.swarm.addPeer(transport, peerId);
    if (admitted !== 'accepted') return this.#turnedDown(peerId, admitted);
    this.#connected.add(peerId);
    this.#iceFailures = 0;
    this.#reportConnectivity();
    this.#watchConnection(peerId, attempt.peer, pc, transport);
  }

  /**
   * The swarm turned down a connection that opened (and closed it). Whom not to
   * dial again, and for how long, depends on why; any slot it leaves free is
   * offered to another peer at once.
   */
  #turnedDown(peerId: string, result: Exclude<AddPeerResult, 'accepted'>): void {
    switch (result) {
      case 'banned':
        // Refused for what it did, by id or by address: never again in this room.
        this.#refused.add(peerId);
        this.#policy.forget(peerId);
        break;
      case 'duplicate':
        // The swarm holds a connection to it already: count that one as ours, so
        // it is not dialled while it lives; its peer-closed backs it off and dials again.
        this.#connected.add(peerId);
        break;
      case 'full':
      case 'not-started':
        // No room now: try it again after the backoff, others before that.
        this.#backOff(peerId);
        break;
      case 'destroyed':
        return; // the session is closing, and this connector with it
    }
    this.#reportConnectivity();
    queueMicrotask(() => this.#dialMore());
  }

  /** Reports how an open connection is routed, and replaces it if its path is lost, until it closes. */
  #watchConnection(
    peerId: string,
    peer: SimplePeerInstance,
    pc: RTCPeerConnection,
    transport: SimplePeerTransport,
  ): void {
    const watch = new AbortController();
    this.#connectionWatches.add(watch);
    transport.on('close', () => {
      watch.abort();
      this.#connectionWatches.delete(watch);
    });
    const { onRoute } = this.#options;
    if (onRoute) watchRoute(pc, (route) => onRoute(peerId, route), watch.signal);
    watchPath(pc, () => this.#onPathLost(peerId, peer), watch.signal);
  }

  /**
   * An open connection's path is gone: drop it (peer-closed then dials again
   * without backoff). When every open connection lost its path together, it is
   * our own network that changed, and the signaling socket went with it.
   */
  #onPathLost(peerId: string, peer: SimplePeerInstance): void {
    const now = Date.now();
    this.#pathLost.set(peerId, now);
    const together = [...this.#connected].every(
      (id) => now - (this.#pathLost.get(id) ?? -Infinity) <= PATH_LOST_MS,
    );
    if (together) this.#options.signaling.reconnect();
    peer.destroy();
  }

  #abandon(peerId: string, ending: AttemptEnding, backoff = true): void {
    const attempt = this.#attempts.get(peerId);
    if (!attempt) return;
    this.#attempts.delete(peerId);
    clearTimeout(attempt.timer);
    attempt.peer.destroy();
    if (backoff) this.#backOff(peerId);
    if (ending === 'ice-failed') this.#iceFailures += 1;
    this.#reportConnectivity();
    queueMicrotask(() => this.#dialMore());
  }
}
