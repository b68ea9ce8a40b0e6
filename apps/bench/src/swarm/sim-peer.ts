// One browser of a simulated crowd: a Swarm, the uplink all its connections
// share, and what the web app's RoomConnector does around it
// (apps/web/src/net/room-connector.ts), decided by the same core
// NeighbourPolicy: whom to dial, when to ask the server for more, whom to let
// go. Signaling and connection setup take simulated time; a dial the far end
// does not answer (it is full, or gone) fails only when it times out.
import {
  CONNECT_TIMEOUT_MS,
  connectionsWanted,
  NEIGHBOUR_CHECK_MS,
  NeighbourPolicy,
  NEWCOMER_DIAL_DELAY_MS,
  TRANSPORT_LOW_WATER_MARK,
  type Swarm,
} from '@shoal/core';
import { createTransportPair, UploadShaper, type SimulatedClock } from '@shoal/core/testing';
import type { SamplingServer } from './sampling-server.ts';

/** The simulated network a peer lives in. */
export interface SimNet {
  clock: SimulatedClock;
  server: SamplingServer;
  /** A peer still in the room, by id. */
  peer(id: string): SimPeer | undefined;
  /** Browser to signaling server, one way, ms. */
  signalMs: number;
  /** Between two browsers, one way, ms. */
  linkLatencyMs: number;
  /** Peers told a departure when the room is at most this large (the server's bounded peer-left). */
  peerLeftToRoomUpTo: number;
}

interface Attempt {
  initiator: boolean;
  /** The dial's timeout (initiator) or the channel opening (answerer). */
  timer: unknown;
}

export class SimPeer {
  readonly id: string;
  readonly swarm: Swarm;
  readonly uplink: UploadShaper;
  readonly #net: SimNet;
  readonly #policy: NeighbourPolicy;
  readonly #attempts = new Map<string, Attempt>();
  readonly #connected = new Set<string>();
  #redialTimer: unknown;
  #checkTimer: unknown;
  #left = false;

  constructor(
    net: SimNet,
    id: string,
    swarm: Swarm,
    uploadBytesPerSecond: number,
    random: () => number,
  ) {
    this.#net = net;
    this.id = id;
    this.swarm = swarm;
    this.uplink = new UploadShaper(net.clock, uploadBytesPerSecond);
    this.#policy = new NeighbourPolicy({ clock: net.clock, random });
    swarm.on('peer-closed', ({ peerId }) => {
      this.#connected.delete(peerId);
      if (this.#left) return;
      this.#policy.ended(peerId);
      this.#dialMore();
    });
  }

  get left(): boolean {
    return this.#left;
  }

  get openConnections(): number {
    return this.#connected.size;
  }

  /** Joins the room: hears of a sample, and a sample hears of it. */
  join(): void {
    const { server, clock, signalMs } = this.#net;
    const answer = server.join(this.id);
    clock.setTimeout(() => {
      if (this.#left) return;
      this.#policy.learned(answer.sample);
      this.#dialMore();
    }, 2 * signalMs);
    for (const id of answer.announced) {
      clock.setTimeout(
        () => SimPeer.#reach(this.#net, id, (p) => p.#heardOf(this.id)),
        2 * signalMs,
      );
    }
    this.#scheduleCheck();
  }

  /** Leaves the room and closes every connection, as closing the tab does. */
  leave(): void {
    if (this.#left) return;
    this.#left = true;
    const { server, clock } = this.#net;
    server.leave(this.id);
    // The server tells the room only while that is cheap; others find out when
    // their connections close, or when a signal to us is refused.
    if (server.size <= this.#net.peerLeftToRoomUpTo) {
      for (const id of server.members()) {
        clock.setTimeout(
          () => SimPeer.#reach(this.#net, id, (p) => p.#peerLeft(this.id)),
          this.#net.signalMs,
        );
      }
    }
    for (const attempt of this.#attempts.values()) clock.clearTimeout(attempt.timer);
    this.#attempts.clear();
    clock.clearTimeout(this.#redialTimer);
    clock.clearTimeout(this.#checkTimer);
    this.swarm.destroy();
  }

  /** Delivers to peer `id` if it is still in the room. */
  static #reach(net: SimNet, id: string, deliver: (peer: SimPeer) => void): void {
    const peer = net.peer(id);
    if (peer !== undefined) deliver(peer);
  }

  #heardOf(newcomer: string): void {
    if (this.#left) return;
    this.#policy.learned([newcomer]);
    this.#net.clock.setTimeout(() => this.#dialMore(), NEWCOMER_DIAL_DELAY_MS);
  }

  #peerLeft(id: string): void {
    this.#policy.forget(id);
    this.#abandon(id, false);
  }

  #counts(): { attempts: number; connected: number } {
    return { attempts: this.#attempts.size, connected: this.#connected.size };
  }

  #isBusy = (id: string): boolean =>
    this.#attempts.has(id) || this.#connected.has(id) || this.swarm.isBanned(id);

  #dialMore(): void {
    if (this.#left) return;
    const { clock } = this.#net;
    const wanted = connectionsWanted(this.swarm, this.#counts());
    const { dial, wakeAt } = this.#policy.dials(wanted, this.#isBusy);
    for (const id of dial) this.#dial(id);
    if (wakeAt !== null) {
      clock.clearTimeout(this.#redialTimer);
      this.#redialTimer = clock.setTimeout(() => this.#dialMore(), wakeAt - clock.now());
    }
    if (this.#policy.shouldSample(wanted, dial.length)) this.#sample();
  }

  #sample(): void {
    const { clock, server, signalMs } = this.#net;
    clock.setTimeout(() => {
      const sample = server.refresh(this.id, clock.now());
      clock.setTimeout(() => {
        if (this.#left || sample === null) return;
        this.#policy.learned(sample);
        this.#dialMore();
      }, signalMs);
    }, signalMs);
  }

  #scheduleCheck(): void {
    this.#checkTimer = this.#net.clock.setTimeout(() => {
      if (this.#left) return;
      this.#letUselessGo();
      this.#scheduleCheck();
    }, NEIGHBOUR_CHECK_MS);
  }

  #letUselessGo(): void {
    for (const id of this.#policy.letGo(this.swarm, this.#counts(), this.#isBusy)) {
      this.swarm.removePeer(id);
    }
  }

  /** Sends an offer through the server; it reaches `to` after two signaling hops. */
  #dial(to: string): void {
    const { clock, server, signalMs } = this.#net;
    const attempt: Attempt = {
      initiator: true,
      timer: clock.setTimeout(() => this.#abandon(to, true), CONNECT_TIMEOUT_MS),
    };
    this.#attempts.set(to, attempt);
    clock.setTimeout(() => {
      if (this.#attempts.get(to) !== attempt) return;
      if (!server.has(to)) {
        // The server answers 'unknown-peer': forget it rather than dial it again.
        clock.setTimeout(() => {
          this.#policy.forget(to);
          this.#abandon(to, false);
        }, signalMs);
        return;
      }
      clock.setTimeout(
        () => SimPeer.#reach(this.#net, to, (p) => p.#onOffer(this, attempt)),
        signalMs,
      );
    }, signalMs);
  }

  /** An offer from `from` arrived; answer it unless full, already connected, or dialling it ourselves with the winning id. */
  #onOffer(from: SimPeer, theirs: Attempt): void {
    if (this.#left || this.swarm.isBanned(from.id) || this.#connected.has(from.id)) return;
    const ours = this.#attempts.get(from.id);
    if (ours?.initiator === true) {
      // Both dialled at once: the lower peer id keeps its offer.
      if (this.id < from.id) return;
      this.#abandon(from.id, false);
    } else if (ours !== undefined) return;
    if (this.#attempts.size + this.#connected.size >= this.swarm.connectionLimit) return;
    this.#policy.learned([from.id]);
    const { clock, signalMs, linkLatencyMs } = this.#net;
    // The answer goes back through the server, then ICE checks, DTLS and SCTP
    // take about three round trips on the link before the channel opens.
    const attempt: Attempt = {
      initiator: false,
      timer: clock.setTimeout(
        () => this.#open(from, theirs, attempt),
        2 * signalMs + 6 * linkLatencyMs,
      ),
    };
    this.#attempts.set(from.id, attempt);
  }

  /** The channel between dialler `from` and us is open: both swarms get their end. */
  #open(from: SimPeer, theirs: Attempt, ours: Attempt): void {
    if (this.#attempts.get(from.id) !== ours) return;
    this.#attempts.delete(from.id);
    if (from.#left || from.#attempts.get(this.id) !== theirs) return;
    from.#attempts.delete(this.id);
    this.#net.clock.clearTimeout(theirs.timer);
    const [mine, fromEnd] = createTransportPair({
      clock: this.#net.clock,
      latency: this.#net.linkLatencyMs,
      lowWaterMark: TRANSPORT_LOW_WATER_MARK,
      uplinks: [this.uplink, from.uplink],
      fingerprints: [`fp-${this.id}`, `fp-${from.id}`],
    });
    if (from.swarm.addPeer(fromEnd, this.id) === 'accepted') from.#connected.add(this.id);
    if (this.swarm.addPeer(mine, from.id) === 'accepted') this.#connected.add(from.id);
  }

  #abandon(id: string, backoff: boolean): void {
    const attempt = this.#attempts.get(id);
    if (attempt === undefined) return;
    this.#attempts.delete(id);
    this.#net.clock.clearTimeout(attempt.timer);
    if (backoff) this.#policy.ended(id);
    queueMicrotask(() => this.#dialMore());
  }
}
