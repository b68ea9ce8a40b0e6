// The socket.io event maps. The server types its Server with these and the web
// client its Socket, so renaming an event or changing a payload breaks the build
// on both sides. Receivers still decode every payload (see decoders.ts): types
// describe honest peers, decoders handle everyone else.
import type { Result } from '../result.ts';
import type { SignalingError } from './errors.ts';
import type { IceServer } from './ice.ts';
import type { SignalData } from './signal-data.ts';

/**
 * Every acknowledgement is a Result: `{ ok: true, value }` or
 * `{ ok: false, error: { code, message } }` with a stable error code.
 */
export type AckResult<T> = Result<T, SignalingError>;
export type Ack<T> = (result: AckResult<T>) => void;

/** Limits the server enforces, so the client can stay within them. */
export interface SignalingLimits {
  maxSignalBytes: number;
  maxPeersPerRoom: number;
  maxRoomsPerConnection: number;
}

/** Sent on connection (`config`) and in answer to `hello`. */
export interface ClientConfig {
  /** This connection's peer id, as other peers see it. */
  peerId: string;
  /** STUN/TURN servers for RTCPeerConnection; may be empty. */
  iceServers: IceServer[];
  /** Unix seconds after which TURN credentials in iceServers expire (ask `hello` again), or null. */
  iceServersExpireAt: number | null;
  limits: SignalingLimits;
}

export interface JoinRequest {
  roomId: string;
}
export interface JoinAccepted {
  roomId: string;
  /** The joiner's own peer id. */
  peerId: string;
  /** Peers already in the room, not counting the joiner. */
  peers: string[];
}

/** Asks for a fresh random sample of the room's peers (a peer that wants more neighbours). */
export interface PeersRequest {
  roomId: string;
}
export interface PeersAccepted {
  roomId: string;
  /** A random sample of the room's other peers, at most the server's sample size. */
  peers: string[];
}

export interface LeaveRequest {
  roomId: string;
}
export interface LeaveAccepted {
  roomId: string;
}

export interface SignalRequest {
  roomId: string;
  /** The peer id of the receiver, who must be in `roomId` with the sender. */
  to: string;
  data: SignalData;
}
export interface SignalAccepted {
  roomId: string;
  to: string;
}

/** A peer arrived in, or left, a room this client is in. */
export interface PeerPresence {
  roomId: string;
  peerId: string;
}

/** A signal relayed from `from`, who shares `roomId` with the receiver. */
export interface RelayedSignal {
  roomId: string;
  from: string;
  data: SignalData;
}

export interface ClientToServerEvents {
  /** Ask for the config again (for example, to refresh TURN credentials). */
  hello: (ack: Ack<ClientConfig>) => void;
  join: (request: JoinRequest, ack: Ack<JoinAccepted>) => void;
  leave: (request: LeaveRequest, ack: Ack<LeaveAccepted>) => void;
  /** A fresh sample of a room this connection is in; refused 'rate-limited' more often than the server allows. */
  peers: (request: PeersRequest, ack: Ack<PeersAccepted>) => void;
  signal: (request: SignalRequest, ack: Ack<SignalAccepted>) => void;
}

export interface ServerToClientEvents {
  config: (config: ClientConfig) => void;
  'peer-joined': (event: PeerPresence) => void;
  'peer-left': (event: PeerPresence) => void;
  signal: (event: RelayedSignal) => void;
}

/** Server processes talk through the adapter only; no custom server-to-server events. */
export type InterServerEvents = Record<string, never>;

/** What the server keeps per socket (readable across processes through fetchSockets). */
export type SocketData = Record<string, never>;

/** Every event name a client may send. */
export const CLIENT_EVENT_NAMES = [
  'hello',
  'join',
  'leave',
  'peers',
  'signal',
] as const satisfies readonly (keyof ClientToServerEvents)[];
