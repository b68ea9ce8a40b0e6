// Opening thousands of socket.io clients from one process: WebSocket only, a
// bounded number in flight at once, each connected and joined to its room before
// it counts. Rooms are spread over the servers, so with two servers about half of
// each room sits on the other process.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import type {
  ClientConfig,
  ClientToServerEvents,
  RelayedSignal,
  ServerToClientEvents,
} from '@shoal/protocol';
import { LatencyRecorder, type LatencySummary } from './latency.ts';

export type BenchSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** How long one client may take to connect and receive the server's `config`. */
const CONNECT_TIMEOUT_MS = 20_000;
/** How long one join may wait for its ack (with Redis it asks every process twice). */
const JOIN_TIMEOUT_MS = 20_000;
/** Stop opening connections after this many failures: the run is invalid anyway. */
const MAX_OPEN_FAILURES = 20;
/** Error messages kept for the report. */
const MAX_KEPT_ERRORS = 5;

export interface BenchClient {
  index: number;
  socket: BenchSocket;
  peerId: string;
  serverIndex: number;
  room: Room;
}

export interface Room {
  roomId: string;
  members: BenchClient[];
}

export interface OpenPlan {
  /** Server URLs; client i connects to urls[i % urls.length]. */
  urls: readonly string[];
  count: number;
  roomSize: number;
  concurrency: number;
  signal: AbortSignal;
  onSignal(receiver: BenchClient, event: RelayedSignal): void;
  onDisconnect(client: BenchClient, reason: string): void;
}

export interface OpenResult {
  clients: BenchClient[];
  rooms: Room[];
  failures: number;
  errors: string[];
  /** From the first connect to the last join ack. */
  elapsedMs: number;
  /** Per client: connect, config, join ack. */
  perClient: LatencySummary | null;
}

/** Every socket this pool ever created, so that close() reaches the failed ones too. */
export class ClientPool {
  private readonly sockets: BenchSocket[] = [];

  create(url: string): BenchSocket {
    const socket: BenchSocket = io(url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: CONNECT_TIMEOUT_MS,
    });
    this.sockets.push(socket);
    return socket;
  }

  get size(): number {
    return this.sockets.length;
  }

  close(): void {
    for (const socket of this.sockets.splice(0)) {
      socket.removeAllListeners();
      socket.disconnect();
    }
  }
}

function awaitConfig(socket: BenchSocket, signal: AbortSignal): Promise<ClientConfig> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.off('config', onConfig);
      socket.off('connect_error', onError);
    };
    const onConfig = (config: ClientConfig) => {
      done();
      resolve(config);
    };
    const onError = (error: Error) => {
      done();
      reject(new Error(`connect_error: ${error.message}`));
    };
    const onAbort = () => {
      done();
      reject(new Error('aborted'));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`no config within ${CONNECT_TIMEOUT_MS} ms`));
    }, CONNECT_TIMEOUT_MS);
    socket.once('config', onConfig);
    socket.once('connect_error', onError);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

async function join(socket: BenchSocket, roomId: string): Promise<void> {
  const result = await socket.timeout(JOIN_TIMEOUT_MS).emitWithAck('join', { roomId });
  if (!result.ok) throw new Error(`join refused: ${result.error.code} (${result.error.message})`);
}

/**
 * Opens `count` clients with at most `concurrency` in flight, each in room
 * floor(i / roomSize). Stops early on abort or after MAX_OPEN_FAILURES failures.
 */
export async function openClients(pool: ClientPool, plan: OpenPlan): Promise<OpenResult> {
  const roomCount = Math.ceil(plan.count / plan.roomSize);
  const rooms: Room[] = Array.from({ length: roomCount }, () => ({
    // 32 random bytes in unpadded base64url: a canonical room id, as the web client makes.
    roomId: randomBytes(32).toString('base64url'),
    members: [],
  }));
  const clients: BenchClient[] = [];
  const errors: string[] = [];
  const perClient = new LatencyRecorder(plan.count);
  let failures = 0;
  let next = 0;
  const started = performance.now();

  const openOne = async (index: number) => {
    const begin = performance.now();
    const serverIndex = index % plan.urls.length;
    const room = rooms[Math.floor(index / plan.roomSize)] as Room;
    const socket = pool.create(plan.urls[serverIndex] as string);
    const config = await awaitConfig(socket, plan.signal);
    const client: BenchClient = { index, socket, peerId: config.peerId, serverIndex, room };
    socket.on('signal', (event) => plan.onSignal(client, event));
    socket.on('disconnect', (reason) => plan.onDisconnect(client, reason));
    await join(socket, room.roomId);
    room.members.push(client);
    clients.push(client);
    perClient.record(performance.now() - begin);
  };

  const worker = async () => {
    while (next < plan.count && failures < MAX_OPEN_FAILURES && !plan.signal.aborted) {
      const index = next++;
      try {
        await openOne(index);
      } catch (error) {
        failures++;
        if (errors.length < MAX_KEPT_ERRORS) errors.push(`client ${index}: ${String(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(plan.concurrency, plan.count) }, worker));

  return {
    clients,
    rooms,
    failures,
    errors,
    elapsedMs: performance.now() - started,
    perClient: perClient.summary(),
  };
}
