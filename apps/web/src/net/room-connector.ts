// Connects one swarm to the peers of its signaling room: dials peers while the
// swarm wants more, answers peers that dial us, and hands every data channel
// that opens to the swarm. The joiner dials; peers already in a room answer.
import type { AddPeerResult, Swarm } from '@shoal/core';
import type { SignalData } from '@shoal/protocol';
import type { SignalingClient } from './signaling-client.ts';
import { SimplePeer, type SimplePeerInstance, type SimplePeerSignal } from './simple-peer.ts';
import { MessageTap, SimplePeerTransport } from './simple-peer-transport.ts';

/** A dial that has not opened a data channel by then is given up. */
export const CONNECT_TIMEOUT_MS = 20_000;

/** After a failed dial, wait this long before dialling that peer again. */
export const REDIAL_BACKOFF_MS = 10_000;

/** A newcomer dials us itself; wait this long before we dial it, to avoid dialling each other. */
export const NEWCOMER_DIAL_DELAY_MS = 1_500;

export type SwarmPort = Pick<Swarm, 'addPeer' | 'peersWanted' | 'isBanned' | 'on'>;

export interface RoomConnectorOptions {
  signaling: SignalingClient;
  roomId: string;
  swarm: SwarmPort;
  /** "relay" forces TURN: used to prove the TURN path works. */
  iceTransportPolicy?: RTCIceTransportPolicy;
}

interface Attempt {
  peer: SimplePeerInstance;
  initiator: boolean;
  timer: ReturnType<typeof setTimeout>;
}

export class RoomConnector {
  readonly #options: RoomConnectorOptions;
  /** Peers in the room that we know of (excluding ourselves). */
  readonly #known = new Set<string>();
  readonly #attempts = new Map<string, Attempt>();
  readonly #connected = new Set<string>();
  readonly #retryAfter = new Map<string, number>();
  readonly #unsubscribe: (() => void)[] = [];
  #closed = false;

  constructor(options: RoomConnectorOptions) {
    this.#options = options;
    const { signaling, roomId, swarm } = options;
    this.#unsubscribe.push(
      signaling.on('joined', (accepted) => {
        if (accepted.roomId !== roomId) return;
        for (const peerId of accepted.peers) this.#known.add(peerId);
        this.#dialMore();
      }),
      signaling.on('peer-joined', ({ roomId: room, peerId }) => {
        if (room !== roomId) return;
        this.#known.add(peerId);
        setTimeout(() => this.#dialMore(), NEWCOMER_DIAL_DELAY_MS);
      }),
      signaling.on('peer-left', ({ roomId: room, peerId }) => {
        if (room !== roomId) return;
        this.#known.delete(peerId);
        // An open data channel outlives signaling; only unfinished attempts end here.
        this.#abandon(peerId);
      }),
      signaling.on('signal', ({ roomId: room, from, data }) => {
        if (room === roomId) this.#onSignal(from, data);
      }),
      swarm.on('peer-closed', ({ peerId }) => {
        this.#connected.delete(peerId);
        // A peer whose channel just died (say, it sent a message the browser refused)
        // is not dialled straight back: that would be a reconnect storm.
        this.#retryAfter.set(peerId, Date.now() + REDIAL_BACKOFF_MS);
        this.#dialMore();
      }),
    );
  }

  /** Dial known peers again if the swarm wants more (after resume, for example). */
  poke(): void {
    this.#dialMore();
  }

  close(): void {
    this.#closed = true;
    for (const off of this.#unsubscribe) off();
    for (const peerId of [...this.#attempts.keys()]) this.#abandon(peerId);
  }

  #dialMore(): void {
    if (this.#closed) return;
    const now = Date.now();
    let wanted = this.#options.swarm.peersWanted - this.#attempts.size;
    for (const peerId of this.#known) {
      if (wanted <= 0) break;
      if (this.#attempts.has(peerId) || this.#connected.has(peerId)) continue;
      if (this.#options.swarm.isBanned(peerId)) continue;
      if ((this.#retryAfter.get(peerId) ?? 0) > now) continue;
      this.#start(peerId, true);
      wanted -= 1;
    }
  }

  #onSignal(from: string, data: SignalData): void {
    if (this.#closed || this.#options.swarm.isBanned(from)) return;
    let attempt = this.#attempts.get(from);
    const isOffer = data.type === 'offer';
    if (attempt && isOffer && attempt.initiator) {
      // Both sides dialled at once: the lower peer id keeps its offer.
      const ourId = this.#options.signaling.config?.peerId ?? '';
      if (ourId < from) return;
      this.#abandon(from, false);
      attempt = undefined;
    }
    if (!attempt) {
      if (!isOffer || this.#connected.has(from)) return;
      this.#known.add(from);
      attempt = this.#start(from, false);
    }
    attempt.peer.signal(data as unknown as SimplePeerSignal);
  }

  #start(peerId: string, initiator: boolean): Attempt {
    const { signaling, roomId, iceTransportPolicy } = this.#options;
    const config: RTCConfiguration = { iceServers: signaling.config?.iceServers ?? [] };
    if (iceTransportPolicy) config.iceTransportPolicy = iceTransportPolicy;
    const peer = new SimplePeer({ initiator, trickle: true, config });
    const tap = new MessageTap(peer);
    const attempt: Attempt = {
      peer,
      initiator,
      timer: setTimeout(() => this.#abandon(peerId), CONNECT_TIMEOUT_MS),
    };
    this.#attempts.set(peerId, attempt);
    peer.on('signal', (data) => {
      void signaling.signal(roomId, peerId, data as unknown as SignalData);
    });
    peer.on('connect', () => {
      if (this.#attempts.get(peerId) !== attempt) return;
      clearTimeout(attempt.timer);
      this.#attempts.delete(peerId);
      const result: AddPeerResult = this.#options.swarm.addPeer(
        new SimplePeerTransport(peer, tap),
        peerId,
      );
      if (result === 'accepted') this.#connected.add(peerId);
    });
    const failed = () => {
      if (this.#attempts.get(peerId) === attempt) this.#abandon(peerId);
    };
    peer.on('error', failed);
    peer.on('close', failed);
    return attempt;
  }

  #abandon(peerId: string, backoff = true): void {
    const attempt = this.#attempts.get(peerId);
    if (!attempt) return;
    this.#attempts.delete(peerId);
    clearTimeout(attempt.timer);
    attempt.peer.destroy();
    if (backoff) this.#retryAfter.set(peerId, Date.now() + REDIAL_BACKOFF_MS);
    queueMicrotask(() => this.#dialMore());
  }
}
