// The hostile peer's side of the signaling server: one socket.io connection that
// joins one room and relays WebRTC signals, exactly as a browser's does.
import { io, type Socket } from 'socket.io-client';
import {
  decodeAck,
  decodeJoinAccepted,
  decodePeerPresence,
  decodeRelayedSignal,
  type ClientToServerEvents,
  type JoinAccepted,
  type PeerPresence,
  type RelayedSignal,
  type ServerToClientEvents,
  type SignalData,
} from '@shoal/protocol';

/** How long the server has to accept our connection and our join. */
const JOIN_TIMEOUT_MS = 10_000;

export interface RoomClient {
  /** Our peer id, as other peers in the room see it. */
  readonly peerId: string;
  /** Peers that were in the room when we joined. */
  readonly peersAtJoin: readonly string[];
  onSignal(listener: (signal: RelayedSignal) => void): void;
  onPeerJoined(listener: (presence: PeerPresence) => void): void;
  signal(to: string, data: SignalData): void;
  close(): void;
}

type ShoalSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Connects to the server at `url` (WebSocket only, like the app) and joins `roomId`. */
export async function joinRoom(url: string, roomId: string): Promise<RoomClient> {
  const socket = io(url, { transports: ['websocket'], reconnection: false }) as ShoalSocket;
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const raw: unknown = await socket.timeout(JOIN_TIMEOUT_MS).emitWithAck('join', { roomId });
    const joined = decodeAck(raw, decodeJoinAccepted);
    if (!joined.ok) throw new Error(`join refused: ${joined.error.code} ${joined.error.message}`);
    return roomClient(socket, roomId, joined.value);
  } catch (error) {
    socket.close();
    throw error;
  }
}

function roomClient(socket: ShoalSocket, roomId: string, joined: JoinAccepted): RoomClient {
  return {
    peerId: joined.peerId,
    peersAtJoin: joined.peers,
    onSignal(listener) {
      socket.on('signal', (raw) => {
        const decoded = decodeRelayedSignal(raw);
        if (decoded.ok && decoded.value.roomId === roomId) listener(decoded.value);
      });
    },
    onPeerJoined(listener) {
      socket.on('peer-joined', (raw) => {
        const decoded = decodePeerPresence(raw);
        if (decoded.ok && decoded.value.roomId === roomId) listener(decoded.value);
      });
    },
    signal(to, data) {
      void socket
        .timeout(JOIN_TIMEOUT_MS)
        .emitWithAck('signal', { roomId, to, data })
        .catch(() => undefined);
    },
    close() {
      socket.close();
    },
  };
}
