// The browser's side of the signaling server: one socket.io connection, typed by
// the event maps in packages/protocol. Everything the server sends is decoded
// before use — the server is a trust boundary too. After a dropped connection,
// socket.io reconnects on its own and this client rejoins every room it was in.
import { io, type Socket } from 'socket.io-client';
import { Emitter } from '@shoal/core';
import {
  decodeAck,
  decodeClientConfig,
  decodeJoinAccepted,
  decodePeerPresence,
  decodePeersAccepted,
  decodeRelayedSignal,
  err,
  signalingError,
  type AckResult,
  type ClientConfig,
  type ClientToServerEvents,
  type JoinAccepted,
  type PeerPresence,
  type PeersAccepted,
  type RelayedSignal,
  type ServerToClientEvents,
  type SignalData,
} from '@shoal/protocol';

/** How long an acknowledgement may take before we call the request failed. */
export const ACK_TIMEOUT_MS = 10_000;

/**
 * Fewest milliseconds between reconnects forced by reconnect(): every share's
 * connector may ask at once, and one fresh socket serves them all.
 */
export const FORCED_RECONNECT_INTERVAL_MS = 10_000;

/** Longest wait between reconnect attempts: a restarted server is found within seconds. */
export const RECONNECT_DELAY_MAX_MS = 5_000;

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

export interface SignalingEvents {
  connection: [state: ConnectionState];
  config: [config: ClientConfig];
  /** A room was (re)joined: the peers already there. */
  joined: [accepted: JoinAccepted];
  'peer-joined': [presence: PeerPresence];
  'peer-left': [presence: PeerPresence];
  signal: [signal: RelayedSignal];
}

type ShoalSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * What sessions and connectors use of the signaling client: the client itself
 * in the app, a fake in unit tests.
 */
export type SignalingPort = Pick<
  SignalingClient,
  'config' | 'on' | 'join' | 'leave' | 'peers' | 'signal' | 'reconnect'
>;

export class SignalingClient extends Emitter<SignalingEvents> {
  readonly #socket: ShoalSocket;
  /** Rooms to be in, with how many sessions want each (a remounting page may overlap itself). */
  readonly #rooms = new Map<string, number>();
  /** Joins in flight, so that a reconnect during a join does not send it twice. */
  readonly #joining = new Map<string, Promise<AckResult<JoinAccepted>>>();
  #config: ClientConfig | null = null;
  #closed = false;
  #state: ConnectionState = 'connecting';
  #forcedReconnectAt = -Infinity;

  /** `url` defaults to the page's own origin, where the server also serves the app. */
  constructor(url?: string) {
    super();
    // WebSocket only: no long-polling means no sticky sessions behind a load
    // balancer, so any server process can take any reconnect.
    const options = { transports: ['websocket'], reconnectionDelayMax: RECONNECT_DELAY_MAX_MS };
    this.#socket = (url ? io(url, options) : io(options)) as ShoalSocket;
    this.#socket.on('connect', () => this.#setState('connected'));
    this.#socket.on('disconnect', (reason) => {
      this.#setState('disconnected');
      // socket.io retries on its own after a network loss, but not after the server
      // hung up on us (a restart or a drain): try again after a pause.
      if (reason === 'io server disconnect' && !this.#closed) {
        setTimeout(() => !this.#closed && this.#socket.connect(), RECONNECT_DELAY_MAX_MS);
      }
    });
    this.#socket.io.on('reconnect_attempt', () => this.#setState('connecting'));
    this.#socket.on('config', (raw) => {
      const config = decodeClientConfig(raw);
      if (!config.ok) return;
      this.#config = config.value;
      this.emit('config', config.value);
      // A new connection has a new peer id and no rooms: join them again.
      for (const roomId of this.#rooms.keys()) void this.#join(roomId);
    });
    this.#socket.on('peer-joined', (raw) => this.#forward('peer-joined', decodePeerPresence(raw)));
    this.#socket.on('peer-left', (raw) => this.#forward('peer-left', decodePeerPresence(raw)));
    this.#socket.on('signal', (raw) => this.#forward('signal', decodeRelayedSignal(raw)));
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** The last config the server sent (peer id, ICE servers), or null before the first. */
  get config(): ClientConfig | null {
    return this.#config;
  }

  /** Joins a room now (or as soon as connected) and again after every reconnect. */
  join(roomId: string): Promise<AckResult<JoinAccepted>> {
    this.#rooms.set(roomId, (this.#rooms.get(roomId) ?? 0) + 1);
    return this.#join(roomId);
  }

  async leave(roomId: string): Promise<void> {
    const holders = (this.#rooms.get(roomId) ?? 0) - 1;
    if (holders > 0) return void this.#rooms.set(roomId, holders);
    this.#rooms.delete(roomId);
    // The server handles a connection's requests side by side: a leave sent while
    // the join is unanswered is refused ('not-in-room') and the join then lands,
    // leaving a member that answers no one. So the join is let finish first.
    const joining = this.#joining.get(roomId);
    if (joining) {
      await joining;
      // Joined again meanwhile (a page that remounted): that join was this one.
      if (this.#rooms.has(roomId)) return;
    }
    if (this.#socket.connected)
      await this.#request(
        () => this.#socket.timeout(ACK_TIMEOUT_MS).emitWithAck('leave', { roomId }),
        (v) => ({ ok: true, value: v }),
      );
  }

  /** A fresh random sample of the room's peers (the server allows one per room every few seconds). */
  async peers(roomId: string): Promise<AckResult<PeersAccepted>> {
    if (!this.#socket.connected) {
      return err(signalingError('server-error', 'Not connected to the signaling server'));
    }
    return this.#request(
      () => this.#socket.timeout(ACK_TIMEOUT_MS).emitWithAck('peers', { roomId }),
      decodePeersAccepted,
    );
  }

  /**
   * Relays one simple-peer signal to `to`, who must share `roomId` with us.
   * Fails with 'unknown-peer' once `to` has left: in a large room the server
   * tells no one of a departure, so this is how a dialler finds out.
   */
  async signal(roomId: string, to: string, data: SignalData): Promise<AckResult<unknown>> {
    return this.#request(
      () => this.#socket.timeout(ACK_TIMEOUT_MS).emitWithAck('signal', { roomId, to, data }),
      (v) => ({ ok: true, value: v }),
    );
  }

  /**
   * The network under us changed (every peer connection lost its path at
   * once): a WebSocket over the old path can look open until socket.io's ping
   * timeout, most of a minute, and nothing would be relayed meanwhile. Starts a
   * fresh one at once (a new peer id; rooms are joined again), at most once per
   * FORCED_RECONNECT_INTERVAL_MS.
   */
  reconnect(): void {
    const now = Date.now();
    if (this.#closed || now - this.#forcedReconnectAt < FORCED_RECONNECT_INTERVAL_MS) return;
    this.#forcedReconnectAt = now;
    this.#socket.disconnect();
    this.#socket.connect();
  }

  close(): void {
    this.#closed = true;
    this.#rooms.clear();
    this.#socket.close();
    this.#setState('disconnected');
  }

  #join(roomId: string): Promise<AckResult<JoinAccepted>> {
    let pending = this.#joining.get(roomId);
    if (!pending) {
      pending = this.#sendJoin(roomId).finally(() => this.#joining.delete(roomId));
      this.#joining.set(roomId, pending);
    }
    return pending;
  }

  async #sendJoin(roomId: string): Promise<AckResult<JoinAccepted>> {
    const result = await this.#request(
      () => this.#socket.timeout(ACK_TIMEOUT_MS).emitWithAck('join', { roomId }),
      decodeJoinAccepted,
    );
    if (result.ok && this.#rooms.has(roomId)) this.emit('joined', result.value);
    return result;
  }

  async #request<T>(
    send: () => Promise<unknown>,
    decode: (value: unknown) => AckResult<T>,
  ): Promise<AckResult<T>> {
    try {
      return decodeAck(await send(), decode);
    } catch {
      return err(signalingError('server-error', 'The signaling server did not answer in time'));
    }
  }

  #forward<K extends 'peer-joined' | 'peer-left' | 'signal'>(
    event: K,
    decoded: { ok: true; value: SignalingEvents[K][0] } | { ok: false },
  ): void {
    if (!decoded.ok) return;
    if (!this.#rooms.has(decoded.value.roomId)) return;
    (this.emit as (e: K, v: SignalingEvents[K][0]) => void)(event, decoded.value);
  }

  #setState(state: ConnectionState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.emit('connection', state);
  }
}
