// Validating decoders for every signaling payload, both directions. They take
// `unknown` (whatever JSON the far side sent) and return a Result; they never throw.
import { err, ok, type Result } from '../result.ts';
import { isSignalingErrorCode, signalingError, type SignalingError } from './errors.ts';
import type {
  AckResult,
  ClientConfig,
  JoinAccepted,
  JoinRequest,
  LeaveAccepted,
  LeaveRequest,
  PeersAccepted,
  PeersRequest,
  PeerPresence,
  RelayedSignal,
  SignalAccepted,
  SignalRequest,
} from './events.ts';
import { decodeIceServers } from './ice.ts';
import { decodePeerId, isPeerId } from './peer-id.ts';
import { decodeRoomId } from './room-id.ts';
import { isPlainObject, ownField } from './shape.ts';
import { DEFAULT_MAX_SIGNAL_BYTES, decodeSignalData } from './signal-data.ts';

type Decoded<T> = Result<T, SignalingError>;

const invalid = (message: string) => err(signalingError('invalid-payload', message));

/** Longest error message kept from a server acknowledgement. */
const MAX_ERROR_MESSAGE_LENGTH = 1024;

/**
 * Most peers accepted in one join acknowledgement. Servers default to 50 per
 * room; 1000 bounds what a broken or hostile server can make a client allocate.
 */
export const MAX_PEERS_IN_ACK = 1000;

export function decodeJoinRequest(value: unknown): Decoded<JoinRequest> {
  if (!isPlainObject(value)) return invalid('join expects { roomId }');
  const roomId = decodeRoomId(ownField(value, 'roomId'));
  return roomId.ok ? ok({ roomId: roomId.value }) : roomId;
}

export function decodeLeaveRequest(value: unknown): Decoded<LeaveRequest> {
  if (!isPlainObject(value)) return invalid('leave expects { roomId }');
  const roomId = decodeRoomId(ownField(value, 'roomId'));
  return roomId.ok ? ok({ roomId: roomId.value }) : roomId;
}

export function decodePeersRequest(value: unknown): Decoded<PeersRequest> {
  if (!isPlainObject(value)) return invalid('peers expects { roomId }');
  const roomId = decodeRoomId(ownField(value, 'roomId'));
  return roomId.ok ? ok({ roomId: roomId.value }) : roomId;
}

export function decodeSignalRequest(
  value: unknown,
  maxSignalBytes: number = DEFAULT_MAX_SIGNAL_BYTES,
): Decoded<SignalRequest> {
  if (!isPlainObject(value)) return invalid('signal expects { roomId, to, data }');
  const roomId = decodeRoomId(ownField(value, 'roomId'));
  if (!roomId.ok) return roomId;
  const to = decodePeerId(ownField(value, 'to'));
  if (!to.ok) return to;
  const data = decodeSignalData(ownField(value, 'data'), maxSignalBytes);
  if (!data.ok) return data;
  return ok({ roomId: roomId.value, to: to.value, data: data.value });
}

// ---- Server to client: the web client decodes these before use. ----

export function decodePeerPresence(value: unknown): Decoded<PeerPresence> {
  if (!isPlainObject(value)) return invalid('peer event expects { roomId, peerId }');
  const roomId = decodeRoomId(ownField(value, 'roomId'));
  if (!roomId.ok) return roomId;
  const peerId = decodePeerId(ownField(value, 'peerId'));
  if (!peerId.ok) return peerId;
  return ok({ roomId: roomId.value, peerId: peerId.value });
}

export function decodeRelayedSignal(
  value: unknown,
  maxSignalBytes: number = DEFAULT_MAX_SIGNAL_BYTES,
): Decoded<RelayedSignal> {
  if (!isPlainObject(value)) return invalid('signal event expects { roomId, from, data }');
  const roomId = decodeRoomId(ownField(value, 'roomId'));
  if (!roomId.ok) return roomId;
  const from = decodePeerId(ownField(value, 'from'));
  if (!from.ok) return from;
  const data = decodeSignalData(ownField(value, 'data'), maxSignalBytes);
  if (!data.ok) return data;
  return ok({ roomId: roomId.value, from: from.value, data: data.value });
}

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value > 0;

export function decodeClientConfig(value: unknown): Decoded<ClientConfig> {
  if (!isPlainObject(value)) return invalid('config must be an object');
  const peerId = decodePeerId(ownField(value, 'peerId'));
  if (!peerId.ok) return peerId;
  const iceServers = decodeIceServers(ownField(value, 'iceServers'));
  if (!iceServers.ok) return iceServers;
  const expireAt = ownField(value, 'iceServersExpireAt');
  if (expireAt !== null && !isCount(expireAt)) {
    return invalid('config.iceServersExpireAt must be unix seconds or null');
  }
  const limits = ownField(value, 'limits');
  if (!isPlainObject(limits)) return invalid('config.limits must be an object');
  const maxSignalBytes = ownField(limits, 'maxSignalBytes');
  const maxPeersPerRoom = ownField(limits, 'maxPeersPerRoom');
  const maxRoomsPerConnection = ownField(limits, 'maxRoomsPerConnection');
  if (!isCount(maxSignalBytes) || !isCount(maxPeersPerRoom) || !isCount(maxRoomsPerConnection)) {
    return invalid('config.limits must hold positive integers');
  }
  return ok({
    peerId: peerId.value,
    iceServers: iceServers.value,
    iceServersExpireAt: expireAt,
    limits: { maxSignalBytes, maxPeersPerRoom, maxRoomsPerConnection },
  });
}

/**
 * Decodes an acknowledgement: a server refusal comes back as that error, and a
 * malformed acknowledgement as 'invalid-payload'. Either way the caller gets one Result.
 */
export function decodeAck<T>(
  value: unknown,
  decodeValue: (value: unknown) => Decoded<T>,
): AckResult<T> {
  if (!isPlainObject(value)) return invalid('acknowledgement must be an object');
  const flag = ownField(value, 'ok');
  if (flag === true) return decodeValue(ownField(value, 'value'));
  if (flag !== false) return invalid('acknowledgement must have ok: true or false');
  const error = ownField(value, 'error');
  if (!isPlainObject(error)) return invalid('refusal must carry an error');
  const code = ownField(error, 'code');
  const message = ownField(error, 'message');
  if (!isSignalingErrorCode(code)) return invalid('refusal has an unknown error code');
  return err(
    signalingError(
      code,
      typeof message === 'string' ? message.slice(0, MAX_ERROR_MESSAGE_LENGTH) : '',
    ),
  );
}

export function decodeJoinAccepted(value: unknown): Decoded<JoinAccepted> {
  if (!isPlainObject(value)) return invalid('join acknowledgement must be an object');
  const roomId = decodeRoomId(ownField(value, 'roomId'));
  if (!roomId.ok) return roomId;
  const peerId = decodePeerId(ownField(value, 'peerId'));
  if (!peerId.ok) return peerId;
  const peers = ownField(value, 'peers');
  if (!Array.isArray(peers) || peers.length > MAX_PEERS_IN_ACK || !peers.every(isPeerId)) {
    return invalid(`join acknowledgement peers must be at most ${MAX_PEERS_IN_ACK} peer ids`);
  }
  return ok({ roomId: roomId.value, peerId: peerId.value, peers: [...(peers as string[])] });
}

export function decodePeersAccepted(value: unknown): Decoded<PeersAccepted> {
  if (!isPlainObject(value)) return invalid('peers acknowledgement must be an object');
  const roomId = decodeRoomId(ownField(value, 'roomId'));
  if (!roomId.ok) return roomId;
  const peers = ownField(value, 'peers');
  if (!Array.isArray(peers) || peers.length > MAX_PEERS_IN_ACK || !peers.every(isPeerId)) {
    return invalid(`peers acknowledgement peers must be at most ${MAX_PEERS_IN_ACK} peer ids`);
  }
  return ok({ roomId: roomId.value, peers: [...(peers as string[])] });
}

export function decodeLeaveAccepted(value: unknown): Decoded<LeaveAccepted> {
  if (!isPlainObject(value)) return invalid('leave acknowledgement must be an object');
  const roomId = decodeRoomId(ownField(value, 'roomId'));
  return roomId.ok ? ok({ roomId: roomId.value }) : roomId;
}

export function decodeSignalAccepted(value: unknown): Decoded<SignalAccepted> {
  if (!isPlainObject(value)) return invalid('signal acknowledgement must be an object');
  const roomId = decodeRoomId(ownField(value, 'roomId'));
  if (!roomId.ok) return roomId;
  const to = decodePeerId(ownField(value, 'to'));
  if (!to.ok) return to;
  return ok({ roomId: roomId.value, to: to.value });
}
