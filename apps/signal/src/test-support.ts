// Helpers for the server's tests: real servers on ephemeral loopback ports and
// real socket.io-client peers. Not part of the built server.
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientConfig, ClientToServerEvents, ServerToClientEvents } from '@shoal/protocol';
import { parseConfig, type Config, type Env } from './config.ts';
import type { RandomBelow } from './memory-room-directory.ts';
import { createServer, type RunningServer, type ServerOptions } from './server.ts';
import type { RedisCommandClient } from './redis.ts';
import type { ShoalSocket } from './types.ts';

export type TestClient = Socket<ServerToClientEvents, ClientToServerEvents>;
/** The same socket without event typing, to send what a hostile client would. */
export type RawClient = Socket;

/** How long a test waits for one event or acknowledgement. */
export const EVENT_TIMEOUT_MS = 3_000;

export const randomRoomId = (): string => randomBytes(32).toString('base64url');

/** A config for an in-process server: loopback, any free port, quiet, and STUN off unless `env` sets STUN_PORT. */
export function testConfig(env: Env = {}): Config {
  const parsed = parseConfig({
    LOG_LEVEL: 'silent',
    PORT: '0',
    HOST: '127.0.0.1',
    STUN_PORT: 'off',
    ...env,
  });
  if (!parsed.ok) throw new Error(parsed.error.join('; '));
  return parsed.value;
}

/** Tracks servers and clients so that afterEach can close every one of them. */
export class Harness {
  private readonly servers: RunningServer[] = [];
  private readonly clients: Socket[] = [];

  async server(env: Env = {}, options: ServerOptions = {}): Promise<RunningServer> {
    const server = await createServer(testConfig(env), options);
    this.servers.push(server);
    return server;
  }

  /**
   * Connects a client over WebSocket and resolves once the server's config has arrived.
   * `headers` go on the handshake, to claim an Origin or a Host as a browser would send them.
   */
  async client(
    url: string,
    headers: Record<string, string> = {},
  ): Promise<{ socket: TestClient; config: ClientConfig }> {
    const socket: TestClient = connect(url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: headers,
    });
    this.clients.push(socket);
    const config = await new Promise<ClientConfig>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no config from server')), EVENT_TIMEOUT_MS);
      socket.once('config', (value) => {
        clearTimeout(timer);
        resolve(value);
      });
      socket.once('connect_error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    return { socket, config };
  }

  /** Like client(), but resolves 'connected' or the refusal's message instead of throwing; the socket stays open. */
  attempt(url: string, headers: Record<string, string> = {}): Promise<'connected' | string> {
    return this.client(url, headers).then(
      () => 'connected',
      (error: Error) => error.message,
    );
  }

  async close(): Promise<void> {
    for (const client of this.clients.splice(0)) client.disconnect();
    await Promise.all(this.servers.splice(0).map((server) => server.close()));
  }
}

/** Resolves with the next `event` on `socket`, or rejects after EVENT_TIMEOUT_MS. */
export function nextEvent<T = unknown>(
  socket: Socket | TestClient,
  event: string,
  timeoutMs = EVENT_TIMEOUT_MS,
): Promise<T> {
  const raw = socket as Socket;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      raw.off(event, listener);
      reject(new Error(`no "${event}" within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (value: T) => {
      clearTimeout(timer);
      resolve(value);
    };
    raw.once(event, listener);
  });
}

/**
 * Records every `event` on `socket` from now on, to assert what did not arrive. A
 * negative cannot be observed, so the test sends a barrier: a message the server
 * must write to the same connection after the one that must not come. A connection
 * delivers in order, so what had arrived once the barrier has is all that ever came
 * before it. The barrier is either another `event` (until()) or the answer to a
 * request sent after the forbidden message was written (roundTrip()).
 */
export class EventLog<T = unknown> {
  readonly events: T[] = [];
  readonly #socket: Socket;
  readonly #event: string;
  readonly #listener = (value: T) => this.events.push(value);

  constructor(socket: Socket | TestClient, event: string) {
    this.#socket = socket as Socket;
    this.#event = event;
    this.#socket.on(event, this.#listener);
  }

  /**
   * Resolves with the events that came before the first one `isBarrier` accepts, once
   * that one has come; rejects after `timeoutMs`.
   */
  async until(isBarrier: (value: T) => boolean, timeoutMs = EVENT_TIMEOUT_MS): Promise<T[]> {
    const index = () => this.events.findIndex(isBarrier);
    if (index() < 0) {
      await new Promise<void>((resolve, reject) => {
        const check = () => {
          if (index() < 0) return;
          clearTimeout(timer);
          this.#socket.off(this.#event, check);
          resolve();
        };
        const timer = setTimeout(() => {
          this.#socket.off(this.#event, check);
          reject(new Error(`no barrier "${this.#event}" within ${timeoutMs} ms`));
        }, timeoutMs);
        this.#socket.on(this.#event, check);
      });
    }
    return this.events.slice(0, index());
  }
}

/**
 * A request and its answer ('hello'): the server answers it after everything it had
 * written to this connection before it read the request, and the client hands events
 * to listeners in the order they arrived, so once this resolves every such event has
 * been heard.
 */
export async function roundTrip(socket: Socket | TestClient): Promise<void> {
  await (socket as Socket).timeout(EVENT_TIMEOUT_MS).emitWithAck('hello');
}

/**
 * The server's end of `client`'s connection. Ask while the client is connected:
 * socket.io forgets a socket once it has disconnected.
 */
export function serverSocketOf(server: RunningServer, client: Socket | TestClient): ShoalSocket {
  const socket = client.id === undefined ? undefined : server.io.of('/').sockets.get(client.id);
  if (!socket) throw new Error(`the server has no socket ${String(client.id)}`);
  return socket;
}

/**
 * Resolves once the server has closed its end of `client`'s connection (engine.io's
 * 'close' on the server side), or rejects after `timeoutMs`. By then the server has
 * handled every packet it read from that connection: socket.io hands each decoded
 * packet on in a process.nextTick, and the close comes from a later I/O event. None is
 * read after it. Call it while the client is connected (serverSocketOf).
 */
export function closedOnServer(
  server: RunningServer,
  client: Socket | TestClient,
  timeoutMs = EVENT_TIMEOUT_MS,
): Promise<void> {
  const { conn } = serverSocketOf(server, client);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      conn.off('close', listener);
      reject(new Error(`the server did not close ${String(client.id)} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = () => {
      clearTimeout(timer);
      resolve();
    };
    conn.once('close', listener);
  });
}

/**
 * Does now what Redis does once `key`'s TTL has run out: checks that the key is set to
 * expire within `ttlMs`, so it would lapse by itself, then deletes it. Redis counts TTLs
 * on the wall clock, which tests do not wait for.
 */
export async function lapse(client: RedisCommandClient, key: string, ttlMs: number): Promise<void> {
  const left = await client.pTTL(key);
  if (!(left > 0 && left <= ttlMs)) {
    throw new Error(`${key} is not set to expire within ${ttlMs} ms (PTTL ${left})`);
  }
  await client.del(key);
}

/** Emits any event with any arguments and waits for the acknowledgement. */
export function rawEmitWithAck(
  socket: Socket | TestClient,
  event: string,
  ...args: unknown[]
): Promise<unknown> {
  return (socket as Socket).timeout(EVENT_TIMEOUT_MS).emitWithAck(event, ...args);
}

/** Resolves when the socket disconnects (with the reason), or rejects after `timeoutMs`. */
export function disconnected(
  socket: Socket | TestClient,
  timeoutMs = EVENT_TIMEOUT_MS,
): Promise<string> {
  if (!socket.connected) return Promise.resolve('already disconnected');
  return nextEvent<string>(socket, 'disconnect', timeoutMs);
}

/**
 * Sends a WebSocket handshake to socket.io's path with `headers` and resolves with the
 * server's answer: 101 when it accepted (the socket is closed at once), otherwise the
 * status and the body, which is all a refused client is told.
 */
export function upgradeRequest(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({
      hostname: hostname.replace(/^\[|\]$/g, ''),
      port,
      path: '/socket.io/?EIO=4&transport=websocket',
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': randomBytes(16).toString('base64'),
        ...headers,
      },
    });
    req.on('upgrade', (_res, socket) => {
      socket.destroy();
      resolve({ status: 101, body: '' });
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The value of one sample line of /metrics text (`name` with its labels), or undefined. */
export function metricValue(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

/**
 * An address of this machine that is not loopback (IPv4 first), for connecting to a
 * server on every interface as a client on the network would; undefined if it has none.
 */
export function nonLoopbackAddress(): string | undefined {
  const addresses = Object.values(networkInterfaces()).flatMap((list) => list ?? []);
  const usable = addresses.filter((a) => !a.internal && !a.address.startsWith('fe80:'));
  const chosen = usable.find((a) => a.family === 'IPv4') ?? usable[0];
  return chosen?.address;
}

/** http://address:port for an IPv4 or IPv6 address. */
export const urlFor = (address: string, port: number): string =>
  `http://${address.includes(':') ? `[${address}]` : address}:${port}`;

/** A seeded random source (mulberry32), so the statistics below cannot flake. */
export function seeded(seed: number): RandomBelow & { draws: number } {
  let state = seed >>> 0;
  const next = ((bound: number) => {
    next.draws += 1;
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * bound);
  }) as RandomBelow & { draws: number };
  next.draws = 0;
  return next;
}
