// The client against two servers: Shoal's own (a child process on loopback), for
// what an honest server does with what the client sends; and a scripted
// socket.io server in this process, for what a broken or hostile one may send.
import { randomBytes } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSignalServer, type RunningSignalServer } from '@shoal/testkit';
import type { ClientConfig, SignalData } from '@shoal/protocol';
import {
  ACK_TIMEOUT_MS,
  FORCED_RECONNECT_INTERVAL_MS,
  RECONNECT_DELAY_MAX_MS,
  SignalingClient,
  type SignalingEvents,
} from './signaling-client.ts';

/** A canonical room id: 43 base64url characters, the last one of the 16 that may end one. */
const roomId = (): string => `${randomBytes(32).toString('base64url').slice(0, 42)}A`;

const clients: SignalingClient[] = [];
function client(url: string): SignalingClient {
  const created = new SignalingClient(url);
  clients.push(created);
  return created;
}

/** The next `event` the client hands on. */
function next<K extends keyof SignalingEvents>(
  from: SignalingClient,
  event: K,
  where: (...args: SignalingEvents[K]) => boolean = () => true,
): Promise<SignalingEvents[K][0]> {
  return new Promise((resolve) => {
    const off = from.on(event, (...args) => {
      if (!where(...args)) return;
      off();
      resolve(args[0]);
    });
  });
}

/** Everything the client hands on for `event`, from now on. */
function record<K extends keyof SignalingEvents>(
  from: SignalingClient,
  event: K,
): SignalingEvents[K][0][] {
  const seen: SignalingEvents[K][0][] = [];
  from.on(event, (...args) => seen.push(args[0]));
  return seen;
}

async function connected(c: SignalingClient): Promise<ClientConfig> {
  return c.config ?? next(c, 'config');
}

afterEach(() => {
  for (const c of clients.splice(0)) c.close();
  vi.useRealTimers();
});

describe('SignalingClient with Shoal’s server', () => {
  let server: RunningSignalServer;
  beforeAll(async () => {
    server = await startSignalServer();
  });
  afterAll(() => server?.stop());

  it('says it is connecting, then connected, and hands on the config the server sent', async () => {
    const a = client(server.url);
    expect(a.state).toBe('connecting');
    expect(a.config).toBeNull();
    const states = record(a, 'connection');
    const config = await next(a, 'config');
    expect(a.config).toEqual(config);
    expect(config.peerId).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(states).toEqual(['connected']);
    expect(a.state).toBe('connected');
  });

  it('joins a room and learns who is there; those there hear of the joiner', async () => {
    const room = roomId();
    const a = client(server.url);
    const b = client(server.url);
    const [configA, configB] = await Promise.all([connected(a), connected(b)]);
    expect(await a.join(room)).toEqual({
      ok: true,
      value: { roomId: room, peerId: configA.peerId, peers: [] },
    });
    const heard = next(a, 'peer-joined');
    const joined = next(b, 'joined');
    const answer = await b.join(room);
    expect(answer).toEqual({
      ok: true,
      value: { roomId: room, peerId: configB.peerId, peers: [configA.peerId] },
    });
    expect(await joined).toEqual(answer.ok && answer.value);
    expect(await heard).toEqual({ roomId: room, peerId: configB.peerId });
  });

  it('relays a signal to a peer of the room, and says unknown-peer once that peer has left', async () => {
    const room = roomId();
    const a = client(server.url);
    const b = client(server.url);
    const [configA, configB] = await Promise.all([connected(a), connected(b)]);
    await a.join(room);
    await b.join(room);
    const data: SignalData = { type: 'offer', sdp: 'v=0' };
    const arrived = next(b, 'signal');
    expect((await a.signal(room, configB.peerId, data)).ok).toBe(true);
    expect(await arrived).toEqual({ roomId: room, from: configA.peerId, data });

    const left = next(a, 'peer-left');
    await b.leave(room);
    expect(await left).toEqual({ roomId: room, peerId: configB.peerId });
    const refused = await a.signal(room, configB.peerId, data);
    expect(refused.ok || refused.error.code).toBe('unknown-peer');
  });

  it('stays in a room until the last session of the tab that joined it leaves', async () => {
    const room = roomId();
    const a = client(server.url);
    const b = client(server.url);
    const [configA] = await Promise.all([connected(a), connected(b)]);
    await a.join(room);
    await a.join(room);
    await a.leave(room);
    const answer = await b.join(room);
    expect(answer.ok && answer.value.peers).toEqual([configA.peerId]);
    const left = next(b, 'peer-left');
    await a.leave(room);
    expect(await left).toEqual({ roomId: room, peerId: configA.peerId });
  });

  it('is not left in a room it leaves while its join is still unanswered', async () => {
    const room = roomId();
    const a = client(server.url);
    const b = client(server.url);
    await Promise.all([connected(a), connected(b)]);
    void a.join(room);
    await a.leave(room);
    const answer = await b.join(room);
    expect(answer.ok && answer.value.peers).toEqual([]);
  });

  it('after reconnect(), is in its rooms again under a new peer id', async () => {
    const room = roomId();
    const a = client(server.url);
    const b = client(server.url);
    const [before] = await Promise.all([connected(a), connected(b)]);
    await a.join(room);
    await b.join(room);
    const rejoined = next(a, 'joined');
    const heard = next(b, 'peer-joined');
    a.reconnect();
    const again = await rejoined;
    expect(again.roomId).toBe(room);
    expect(again.peerId).not.toBe(before.peerId);
    expect(a.config?.peerId).toBe(again.peerId);
    expect(await heard).toEqual({ roomId: room, peerId: again.peerId });
  });
});

type Handler = (payload: unknown, socket: ServerSocket) => unknown;

/**
 * A socket.io server that answers as each test scripts it: honest by default,
 * and able to send what no honest server would, or to answer nothing.
 */
class ScriptedServer extends EventEmitter {
  readonly received: { socket: string; event: string; payload: unknown }[] = [];
  readonly sockets: ServerSocket[] = [];
  /** How each request is answered; a test replaces one, and reset() makes them honest again. */
  handlers: Record<string, Handler> = honestHandlers();
  url = '';
  readonly #http: HttpServer = createServer();
  readonly #io = new Server(this.#http, { transports: ['websocket'], serveClient: false });

  async start(): Promise<this> {
    this.#io.on('connection', (socket) => {
      this.sockets.push(socket);
      socket.onAny((event: string, payload: unknown, ack?: (answer: unknown) => void) => {
        this.received.push({ socket: socket.id, event, payload });
        this.emit('received', event, payload);
        const handler = this.handlers[event];
        if (handler && ack) void Promise.resolve(handler(payload, socket)).then(ack);
      });
      socket.emit('config', honestConfig(socket.id));
      this.emit('connection', socket);
    });
    this.#http.listen(0, '127.0.0.1');
    await once(this.#http, 'listening');
    this.url = `http://127.0.0.1:${(this.#http.address() as AddressInfo).port}`;
    return this;
  }

  /** The connection made most recently. */
  get socket(): ServerSocket {
    return this.sockets.at(-1)!;
  }

  /** Resolves with the payload of the next `event` a client sends. */
  async nextReceived(event: string): Promise<unknown> {
    for (;;) {
      const [name, payload] = (await once(this, 'received')) as [string, unknown];
      if (name === event) return payload;
    }
  }

  /** What clients sent, as [event, roomId] pairs. */
  sent(event?: string): [string, string][] {
    return this.received
      .filter((r) => event === undefined || r.event === event)
      .map((r) => [r.event, roomOf(r.payload)]);
  }

  /** Answers honestly again and forgets what was received. */
  reset(): void {
    this.handlers = honestHandlers();
    this.received.length = 0;
    this.removeAllListeners();
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#io.close(() => resolve()));
  }
}

function honestHandlers(): Record<string, Handler> {
  return {
    join: (payload, socket) => ({
      ok: true,
      value: { roomId: roomOf(payload), peerId: socket.id, peers: [] },
    }),
    leave: (payload) => ({ ok: true, value: { roomId: roomOf(payload) } }),
    peers: (payload) => ({ ok: true, value: { roomId: roomOf(payload), peers: [] } }),
    signal: (payload) => ({ ok: true, value: payload }),
  };
}

const roomOf = (payload: unknown): string =>
  String((payload as { roomId?: unknown } | null)?.roomId);

function honestConfig(peerId: string): ClientConfig {
  return {
    peerId,
    iceServers: [{ urls: 'stun:127.0.0.1:3478' }],
    iceServersExpireAt: null,
    limits: { maxSignalBytes: 16_384, maxPeersPerRoom: 50, maxRoomsPerConnection: 16 },
  };
}

/** A promise the test settles: an acknowledgement held back until then. */
function held(): { promise: Promise<unknown>; answer: (value: unknown) => void } {
  let answer!: (value: unknown) => void;
  const promise = new Promise<unknown>((resolve) => (answer = resolve));
  return { promise, answer };
}

describe('SignalingClient with a scripted server', () => {
  let server: ScriptedServer;
  beforeAll(async () => {
    server = await new ScriptedServer().start();
  });
  afterAll(() => server?.close());
  afterEach(() => server.reset());

  it('keeps the config it had when the server sends one that does not decode, and takes the next good one', async () => {
    const a = client(server.url);
    const first = await connected(a);
    const configs = record(a, 'config');
    server.socket.emit('config', { ...first, peerId: 'no spaces in peer ids' } as ClientConfig);
    server.socket.emit('config', { ...first, iceServers: 'stun:everywhere' } as never);
    const good = honestConfig('second');
    server.socket.emit('config', good);
    await next(a, 'config');
    expect(configs).toEqual([good]);
    expect(a.config).toEqual(good);
  });

  it('hands on no peer-joined, peer-left or signal that fails to decode, and the good ones after them', async () => {
    const room = roomId();
    const a = client(server.url);
    await connected(a);
    await a.join(room);
    const joined = record(a, 'peer-joined');
    const left = record(a, 'peer-left');
    const signals = record(a, 'signal');
    const s = server.socket;
    s.emit('peer-joined', { roomId: room, peerId: '' });
    s.emit('peer-joined', { roomId: 'not a room', peerId: 'p1' });
    s.emit('peer-left', { roomId: room } as never);
    s.emit('signal', { roomId: room, from: 'p1', data: 'offer' } as never);
    s.emit('signal', { roomId: room, from: 'p1', data: { sdp: 'x'.repeat(64 * 1024) } });
    s.emit('peer-joined', { roomId: room, peerId: 'p1' });
    s.emit('peer-left', { roomId: room, peerId: 'p2' });
    s.emit('signal', { roomId: room, from: 'p1', data: { type: 'answer' } });
    await next(a, 'signal'); // the last event sent: everything before it has been handled
    expect(joined).toEqual([{ roomId: room, peerId: 'p1' }]);
    expect(left).toEqual([{ roomId: room, peerId: 'p2' }]);
    expect(signals).toEqual([{ roomId: room, from: 'p1', data: { type: 'answer' } }]);
  });

  it('hands on nothing about a room it is not in', async () => {
    const room = roomId();
    const elsewhere = roomId();
    const a = client(server.url);
    await connected(a);
    await a.join(room);
    const joined = record(a, 'peer-joined');
    server.socket.emit('peer-joined', { roomId: elsewhere, peerId: 'p1' });
    server.socket.emit('signal', { roomId: elsewhere, from: 'p1', data: { type: 'offer' } });
    server.socket.emit('peer-joined', { roomId: room, peerId: 'p2' });
    await next(a, 'peer-joined');
    expect(joined).toEqual([{ roomId: room, peerId: 'p2' }]);
  });

  it('answers a join whose acknowledgement does not decode with invalid-payload, and announces nothing', async () => {
    server.handlers.join = (payload) => ({
      ok: true,
      value: { roomId: roomOf(payload), peerId: 'me', peers: 'everyone' },
    });
    const a = client(server.url);
    await connected(a);
    const joined = record(a, 'joined');
    const answer = await a.join(roomId());
    expect(answer.ok || answer.error.code).toBe('invalid-payload');
    expect(joined).toEqual([]);
  });

  it('passes a refusal on with the server’s code', async () => {
    server.handlers.join = () => ({ ok: false, error: { code: 'room-full', message: 'full' } });
    const a = client(server.url);
    await connected(a);
    expect(await a.join(roomId())).toEqual({
      ok: false,
      error: { code: 'room-full', message: 'full' },
    });
  });

  it('says server-error when an acknowledgement does not come within ACK_TIMEOUT_MS', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    server.handlers.peers = () => new Promise(() => {});
    const a = client(server.url);
    await connected(a);
    let answer: unknown;
    void a.peers(roomId()).then((result) => (answer = result));
    await server.nextReceived('peers');
    await vi.advanceTimersByTimeAsync(ACK_TIMEOUT_MS - 1);
    expect(answer).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(answer).toMatchObject({ ok: false, error: { code: 'server-error' } });
  });

  it('fails peers() at once with server-error while not connected', async () => {
    const a = client(server.url);
    expect(await a.peers(roomId())).toMatchObject({ ok: false, error: { code: 'server-error' } });
  });

  it('sends one join for a room joined twice while the first is unanswered', async () => {
    const room = roomId();
    const ack = held();
    server.handlers.join = () => ack.promise;
    const a = client(server.url);
    await connected(a);
    const first = a.join(room);
    const second = a.join(room);
    await server.nextReceived('join');
    const value = { roomId: room, peerId: server.socket.id, peers: ['p1'] };
    ack.answer({ ok: true, value });
    expect(await first).toEqual({ ok: true, value });
    expect(await second).toEqual({ ok: true, value });
    expect(server.sent('join')).toEqual([['join', room]]);
  });

  it('leaves a room only once its join is answered, and announces no join of a room it left', async () => {
    const room = roomId();
    const ack = held();
    server.handlers.join = () => ack.promise;
    const a = client(server.url);
    await connected(a);
    const joined = record(a, 'joined');
    void a.join(room);
    await server.nextReceived('join');
    const leaving = a.leave(room);
    // A request after the leave shows whether it went out already (events keep their order).
    await a.peers(room);
    expect(server.sent()).toEqual([
      ['join', room],
      ['peers', room],
    ]);
    ack.answer({ ok: true, value: { roomId: room, peerId: server.socket.id, peers: [] } });
    await leaving;
    expect(server.sent()).toEqual([
      ['join', room],
      ['peers', room],
      ['leave', room],
    ]);
    expect(joined).toEqual([]);
  });

  it('stays in a room joined again while its leave waited for the first join', async () => {
    const room = roomId();
    const ack = held();
    server.handlers.join = () => ack.promise;
    const a = client(server.url);
    await connected(a);
    void a.join(room);
    await server.nextReceived('join');
    const leaving = a.leave(room);
    const again = a.join(room);
    ack.answer({ ok: true, value: { roomId: room, peerId: server.socket.id, peers: [] } });
    await Promise.all([leaving, again]);
    // A request after both shows whether a leave went out before it (events keep their order).
    await a.peers(room);
    expect(server.sent()).toEqual([
      ['join', room],
      ['peers', room],
    ]);
  });

  it('joins every room it is in again when a new connection sends a new config, and no room it left', async () => {
    const kept = roomId();
    const left = roomId();
    const a = client(server.url);
    await connected(a);
    await a.join(kept);
    await a.join(left);
    await a.leave(left);
    server.received.length = 0;
    const rejoined = next(a, 'joined');
    server.socket.emit('config', honestConfig(server.socket.id));
    expect((await rejoined).roomId).toBe(kept);
    await a.peers(kept);
    expect(server.sent()).toEqual([
      ['join', kept],
      ['peers', kept],
    ]);
  });

  it('connects again after the connection drops, and joins its rooms again', async () => {
    const room = roomId();
    const a = client(server.url);
    await connected(a);
    await a.join(room);
    const states = record(a, 'connection');
    const rejoined = next(a, 'joined');
    server.socket.conn.close(); // the connection drops, no goodbye
    expect((await rejoined).roomId).toBe(room);
    expect(states).toEqual(['disconnected', 'connecting', 'connected']);
  });

  it('after the server hangs up, connects again once RECONNECT_DELAY_MAX_MS has passed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const room = roomId();
    const a = client(server.url);
    await connected(a);
    await a.join(room);
    const connections = server.sockets.length;
    const gone = next(a, 'connection', (state) => state === 'disconnected');
    server.socket.disconnect(true);
    await gone;
    await vi.advanceTimersByTimeAsync(RECONNECT_DELAY_MAX_MS - 1);
    expect(server.sockets).toHaveLength(connections);
    const rejoined = next(a, 'joined');
    await vi.advanceTimersByTimeAsync(1);
    expect((await rejoined).roomId).toBe(room);
    expect(server.sockets).toHaveLength(connections + 1);
  });

  it('stays closed when closed while waiting to connect again after the server hung up', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const a = client(server.url);
    await connected(a);
    const connections = server.sockets.length;
    const gone = next(a, 'connection', (state) => state === 'disconnected');
    server.socket.disconnect(true);
    await gone;
    a.close();
    await vi.advanceTimersByTimeAsync(10 * RECONNECT_DELAY_MAX_MS);
    expect(a.state).toBe('disconnected');
    expect(server.sockets).toHaveLength(connections);
  });

  it('reconnect() starts a fresh connection at once, at most once per FORCED_RECONNECT_INTERVAL_MS', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const a = client(server.url);
    const first = await connected(a);
    const fresh = next(a, 'config');
    a.reconnect();
    expect(a.state).toBe('disconnected');
    expect((await fresh).peerId).not.toBe(first.peerId);
    expect(a.state).toBe('connected');

    vi.advanceTimersByTime(FORCED_RECONNECT_INTERVAL_MS - 1);
    a.reconnect();
    expect(a.state).toBe('connected');
    vi.advanceTimersByTime(1);
    const later = next(a, 'config');
    a.reconnect();
    expect(a.state).toBe('disconnected');
    await later;
  });

  it('after close(), says disconnected and connects no more', async () => {
    const a = client(server.url);
    await connected(a);
    const connections = server.sockets.length;
    const states = record(a, 'connection');
    a.close();
    expect(a.state).toBe('disconnected');
    a.reconnect();
    expect(states).toEqual(['disconnected']);
    expect(await a.peers(roomId())).toMatchObject({ ok: false, error: { code: 'server-error' } });
    expect(server.sockets).toHaveLength(connections);
  });
});
