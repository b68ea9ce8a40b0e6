// The connector between a fake signaling client (the test says what the server
// said), fake simple-peer attempts (the test plays ICE, DTLS and the far peer)
// and a fake swarm, on fake timers: whom it dials and answers, and when.
import { EventEmitter, once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CONNECT_TIMEOUT_MS,
  Emitter,
  NEIGHBOUR_CHECK_MS,
  NEWCOMER_DIAL_DELAY_MS,
  REDIAL_BACKOFF_MS,
  SAMPLE_INTERVAL_MS,
  type AddPeerResult,
  type NeighbourState,
  type SwarmEvents,
  type Transport,
} from '@shoal/core';
import {
  err,
  ok,
  signalingError,
  type AckResult,
  type ClientConfig,
  type JoinAccepted,
  type PeersAccepted,
  type SignalData,
} from '@shoal/protocol';
import type { ConnectionRoute, StatsEntry } from './connection-route.ts';
import type { ConnectivityProblem } from './connectivity-diagnosis.ts';
import { PATH_LOST_MS } from './path-watch.ts';
import { RoomConnector, type PeerOptions, type SwarmPort } from './room-connector.ts';
import type { SignalingEvents, SignalingPort } from './signaling-client.ts';
import type { SimplePeerInstance } from './simple-peer.ts';
import { CHROMIUM_DIRECT, CHROMIUM_RELAY, statsReport } from './stats-fixtures.ts';

const ROOM = `${'r'.repeat(42)}A`;
const OTHER_ROOM = `${'o'.repeat(42)}A`;
/** Our own peer id: glare goes to the lower id, so peers 'a…' win and peers 'z…' lose. */
const OUR_ID = 'm';

/** An SDP with one a=fingerprint line per byte given, each that byte 32 times. */
function sdpNaming(...bytes: number[]): string {
  const lines = bytes.map((byte) => {
    const hex = byte.toString(16).padStart(2, '0').toUpperCase();
    return `a=fingerprint:sha-256 ${Array.from({ length: 32 }, () => hex).join(':')}`;
  });
  return ['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', ...lines, ''].join('\r\n');
}
const OFFER: SignalData = { type: 'offer', sdp: sdpNaming(0xbb) };
const ANSWER: SignalData = { type: 'answer', sdp: sdpNaming(0xbb) };
const CANDIDATE: SignalData = {
  candidate: { candidate: 'candidate:1 1 udp 1 192.0.2.9 9 typ host' },
};

function config(iceServers: ClientConfig['iceServers'] = []): ClientConfig {
  return {
    peerId: OUR_ID,
    iceServers,
    iceServersExpireAt: null,
    limits: { maxSignalBytes: 16_384, maxPeersPerRoom: 50, maxRoomsPerConnection: 16 },
  };
}
const TURN = [{ urls: 'turn:turn.example:3478', username: 'u', credential: 'c' }];

/** The signaling client as the connector sees it: the test says what the server said. */
class FakeSignaling extends Emitter<SignalingEvents> implements SignalingPort {
  config: ClientConfig | null = config();
  readonly sent: { roomId: string; to: string; data: SignalData }[] = [];
  /** What the server answers to each signal we send. */
  signalAnswer: (to: string) => AckResult<unknown> = () => ok({});
  /** What the server answers to a request for a fresh sample. */
  sample: string[] = [];
  samplesAsked = 0;
  reconnects = 0;

  say<K extends keyof SignalingEvents>(event: K, ...args: SignalingEvents[K]): void {
    this.emit(event, ...args);
  }

  join(roomId: string): Promise<AckResult<JoinAccepted>> {
    return Promise.resolve(ok({ roomId, peerId: OUR_ID, peers: [] }));
  }
  leave(): Promise<void> {
    return Promise.resolve();
  }
  peers(roomId: string): Promise<AckResult<PeersAccepted>> {
    this.samplesAsked += 1;
    return Promise.resolve(ok({ roomId, peers: this.sample }));
  }
  signal(roomId: string, to: string, data: SignalData): Promise<AckResult<unknown>> {
    this.sent.push({ roomId, to, data });
    return Promise.resolve(this.signalAnswer(to));
  }
  reconnect(): void {
    this.reconnects += 1;
  }
}

/** The part of an RTCPeerConnection the connector and its watches read. */
class FakePeerConnection extends EventTarget {
  iceConnectionState: RTCIceConnectionState = 'connected';
  localDescription = { type: 'offer', sdp: sdpNaming(0xaa) };
  remoteDescription = { type: 'answer', sdp: sdpNaming(0xbb) };
  /** What DTLS says it accepted; null where the browser does not say (then stats are read). */
  sctp: { transport: { getRemoteCertificates(): ArrayBuffer[] } } | null = null;
  stats: readonly StatsEntry[] = CHROMIUM_DIRECT;
  getStats(): Promise<ReturnType<typeof statsReport>> {
    return Promise.resolve(statsReport(this.stats));
  }
  become(state: RTCIceConnectionState): void {
    this.iceConnectionState = state;
    this.dispatchEvent(new Event('iceconnectionstatechange'));
  }
}

class FakeChannel extends EventTarget {
  binaryType = 'arraybuffer';
  readyState = 'open';
  bufferedAmount = 0;
  bufferedAmountLowThreshold = 0;
  onmessage: ((event: MessageEvent) => void) | null = null;
}

/** One simple-peer connection attempt: the test plays ICE, DTLS and the far peer. */
class FakePeer extends EventEmitter {
  readonly signalled: unknown[] = [];
  destroyed = false;
  readonly _pc = new FakePeerConnection();
  readonly _channel = new FakeChannel();

  constructor(
    readonly options: PeerOptions,
    /** Whom the connector dials or answers with this attempt. */
    readonly peerId: string,
  ) {
    super();
  }

  signal(data: unknown): void {
    this.signalled.push(data);
  }
  send(): void {}
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    // As simple-peer does: 'close' follows in a microtask.
    queueMicrotask(() => this.emit('close'));
  }

  /** The data channel opened. */
  opens(): void {
    this.emit('connect');
  }
  fails(code: string): void {
    this.emit('error', Object.assign(new Error(code), { code }));
  }
}

/** The swarm as the connector sees it; an accepted transport that closes is reported as the swarm would. */
class FakeSwarm extends Emitter<SwarmEvents> implements SwarmPort {
  peersWanted = 8;
  connectionLimit = 32;
  readonly banned = new Set<string>();
  neighbours: NeighbourState[] = [];
  readonly transports = new Map<string, Transport>();
  readonly removed: string[] = [];
  /** Peers whose connection the swarm turns down, and why (it closes the transport, as the real one does). */
  readonly turnDown = new Map<string, Exclude<AddPeerResult, 'accepted'>>();
  /** Connections offered and turned down, by peer id, in order. */
  readonly turnedDown: string[] = [];
  /** Woken whenever a transport is offered (accepted or turned down). */
  #onAdded: (() => void)[] = [];

  isBanned(peerId: string): boolean {
    return this.banned.has(peerId);
  }
  /** What the swarm knows of its open neighbours: the ones the test describes that are still open. */
  neighbourStates(): NeighbourState[] {
    return this.neighbours.filter((n) => this.transports.has(n.id));
  }
  addPeer(transport: Transport, peerId: string): AddPeerResult {
    const refusal = this.turnDown.get(peerId);
    if (refusal !== undefined) {
      transport.close();
      this.turnedDown.push(peerId);
      for (const wake of this.#onAdded.splice(0)) wake();
      return refusal;
    }
    this.transports.set(peerId, transport);
    transport.on('close', () => {
      this.transports.delete(peerId);
      this.emit('peer-closed', { peerId, code: null, reason: 'closed', byUs: false });
    });
    for (const wake of this.#onAdded.splice(0)) wake();
    return 'accepted';
  }
  removePeer(peerId: string): void {
    this.removed.push(peerId);
    this.transports.get(peerId)?.close();
  }
  /** Resolves once `peerId` has been handed over. */
  async added(peerId: string): Promise<Transport> {
    while (!this.transports.has(peerId)) await new Promise<void>((r) => this.#onAdded.push(r));
    return this.transports.get(peerId)!;
  }
  /** A connection the swarm held without the connector's help (a duplicate's) closed. */
  closed(peerId: string): void {
    this.emit('peer-closed', { peerId, code: null, reason: 'closed', byUs: false });
  }
  /** Resolves once `count` connections have been offered and turned down. */
  async turnedDownCount(count: number): Promise<void> {
    while (this.turnedDown.length < count) await new Promise<void>((r) => this.#onAdded.push(r));
  }
}

let signaling: FakeSignaling;
let swarm: FakeSwarm;
let peers: FakePeer[];
let connector: RoomConnector | undefined;

function connect(options: Partial<ConstructorParameters<typeof RoomConnector>[0]> = {}) {
  connector = new RoomConnector({
    signaling,
    roomId: ROOM,
    swarm,
    random: () => 0, // dial in the order heard of, so a test can name whom
    createPeer: (peerOptions, peerId) => {
      const peer = new FakePeer(peerOptions, peerId);
      peers.push(peer);
      return peer as unknown as SimplePeerInstance;
    },
    ...options,
  });
  return connector;
}

/** Attempts made to `peerId`, oldest first. */
const attemptsTo = (peerId: string): FakePeer[] => peers.filter((peer) => peer.peerId === peerId);

/** Opens the latest attempt to `peerId`, and lets the swarm turn it down. */
async function openTurnedDown(peerId: string): Promise<void> {
  const count = swarm.turnedDown.length + 1;
  attemptsTo(peerId).at(-1)!.opens();
  await swarm.turnedDownCount(count);
  await settle();
}

/** Lets promise callbacks run (signal acknowledgements, queued redials); no time passes. */
const settle = () => vi.advanceTimersByTimeAsync(0);

function joined(...ids: string[]): void {
  signaling.say('joined', { roomId: ROOM, peerId: OUR_ID, peers: ids });
}
function offerFrom(from: string, data: SignalData = OFFER): void {
  signaling.say('signal', { roomId: ROOM, from, data });
}

/** Dials `peerId` (joined) and opens the channel; resolves once the swarm has it. */
async function openConnectionTo(peerId: string): Promise<FakePeer> {
  joined(peerId);
  const [peer] = attemptsTo(peerId).slice(-1);
  peer!.opens();
  await swarm.added(peerId);
  return peer!;
}

beforeEach(() => {
  vi.useFakeTimers();
  signaling = new FakeSignaling();
  swarm = new FakeSwarm();
  peers = [];
});

afterEach(() => {
  connector?.close();
  connector = undefined;
  vi.useRealTimers();
});

describe('RoomConnector: whom it dials', () => {
  it('dials the peers the room names on joining, as the initiator, with the server’s ICE servers', () => {
    signaling.config = config(TURN);
    connect();
    joined('p1', 'p2');
    expect(attemptsTo('p1')).toHaveLength(1);
    expect(attemptsTo('p2')).toHaveLength(1);
    for (const peer of peers) {
      expect(peer.options).toMatchObject({ initiator: true, trickle: true });
      expect(peer.options.config).toEqual({ iceServers: TURN });
    }
  });

  it('pays no attention to the other rooms of the signaling connection', () => {
    connect();
    signaling.say('joined', { roomId: OTHER_ROOM, peerId: OUR_ID, peers: ['p1'] });
    signaling.say('peer-joined', { roomId: OTHER_ROOM, peerId: 'p2' });
    signaling.say('signal', { roomId: OTHER_ROOM, from: 'p3', data: OFFER });
    vi.advanceTimersByTime(NEWCOMER_DIAL_DELAY_MS);
    expect(peers).toHaveLength(0);
  });

  it('dials no more peers than the swarm wants', () => {
    swarm.peersWanted = 2;
    connect();
    joined('p1', 'p2', 'p3', 'p4');
    expect(peers).toHaveLength(2);
  });

  it('keeps open and dialled connections together within the swarm’s connection limit', async () => {
    swarm.connectionLimit = 2;
    connect();
    await openConnectionTo('p1');
    joined('p2', 'p3', 'p4');
    expect(peers).toHaveLength(2);
    expect(attemptsTo('p2')).toHaveLength(1);
  });

  it('dials a peer once, however often the room names it, and never one it is connected to', async () => {
    connect();
    joined('p1');
    joined('p1');
    signaling.say('peer-joined', { roomId: ROOM, peerId: 'p1' });
    vi.advanceTimersByTime(NEWCOMER_DIAL_DELAY_MS);
    expect(attemptsTo('p1')).toHaveLength(1);
    peers[0]!.opens();
    await swarm.added('p1');
    joined('p1');
    await settle();
    expect(attemptsTo('p1')).toHaveLength(1);
  });

  it('neither dials nor answers a peer the swarm has banned', () => {
    swarm.banned.add('bad');
    connect();
    joined('bad', 'good');
    offerFrom('bad');
    expect(attemptsTo('bad')).toHaveLength(0);
    expect(attemptsTo('good')).toHaveLength(1);
  });

  it('gives a newcomer NEWCOMER_DIAL_DELAY_MS to dial first, then dials it', () => {
    connect();
    signaling.say('peer-joined', { roomId: ROOM, peerId: 'new' });
    vi.advanceTimersByTime(NEWCOMER_DIAL_DELAY_MS - 1);
    expect(peers).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(attemptsTo('new')).toHaveLength(1);
    expect(peers[0]!.options.initiator).toBe(true);
  });

  it('does not dial a newcomer that dialled it within the delay', () => {
    connect();
    signaling.say('peer-joined', { roomId: ROOM, peerId: 'new' });
    offerFrom('new');
    vi.advanceTimersByTime(NEWCOMER_DIAL_DELAY_MS);
    expect(peers).toHaveLength(1);
    expect(peers[0]!.options.initiator).toBe(false);
  });

  it('dials again when poked once the swarm wants peers (after a resume)', () => {
    swarm.peersWanted = 0;
    connect();
    joined('p1');
    expect(peers).toHaveLength(0);
    swarm.peersWanted = 8;
    connector!.poke();
    expect(attemptsTo('p1')).toHaveLength(1);
  });

  it('asks the server for a fresh sample when it knows too few peers, and dials those', async () => {
    signaling.sample = ['s1', 's2'];
    connect();
    joined();
    await settle();
    expect(signaling.samplesAsked).toBe(1);
    expect(attemptsTo('s1')).toHaveLength(1);
    expect(attemptsTo('s2')).toHaveLength(1);
  });

  it('asks for a sample no more often than every SAMPLE_INTERVAL_MS', async () => {
    connect();
    joined();
    await settle();
    joined();
    await settle();
    expect(signaling.samplesAsked).toBe(1);
    await vi.advanceTimersByTimeAsync(SAMPLE_INTERVAL_MS);
    joined();
    await settle();
    expect(signaling.samplesAsked).toBe(2);
  });
});

describe('RoomConnector: signals', () => {
  it('sends what its attempt signals to that peer, through the server, in its room', () => {
    connect();
    joined('p1');
    peers[0]!.emit('signal', OFFER);
    expect(signaling.sent).toEqual([{ roomId: ROOM, to: 'p1', data: OFFER }]);
  });

  it('hands the peer’s answer and candidates to the attempt that dialled it', () => {
    connect();
    joined('p1');
    offerFrom('p1', ANSWER);
    offerFrom('p1', CANDIDATE);
    expect(peers[0]!.signalled).toEqual([ANSWER, CANDIDATE]);
  });

  it('answers a peer that dials it, as the non-initiator, with its offer', () => {
    connect();
    offerFrom('caller');
    expect(peers).toHaveLength(1);
    expect(peers[0]!.options.initiator).toBe(false);
    expect(peers[0]!.signalled).toEqual([OFFER]);
  });

  it('starts nothing for a candidate or an answer from a peer it is not dialling', () => {
    connect();
    offerFrom('stranger', CANDIDATE);
    offerFrom('stranger', ANSWER);
    expect(peers).toHaveLength(0);
  });

  it('refuses an offer naming more than one certificate, and drops a dial whose answer does', () => {
    connect();
    offerFrom('two-faced', { type: 'offer', sdp: sdpNaming(0xbb, 0xcc) });
    expect(peers).toHaveLength(0);
    joined('p1');
    offerFrom('p1', { type: 'answer', sdp: sdpNaming(0xbb, 0xcc) });
    expect(peers[0]!.signalled).toEqual([]);
    expect(peers[0]!.destroyed).toBe(true);
  });

  it('answers no more peers than the connection limit, whatever the server makes up', () => {
    swarm.connectionLimit = 2;
    connect();
    for (const from of ['c1', 'c2', 'c3', 'c4']) offerFrom(from);
    expect(peers).toHaveLength(2);
  });

  it('when both sides dial at once, keeps its own offer against a higher peer id', () => {
    connect();
    joined('zed');
    offerFrom('zed');
    expect(peers).toHaveLength(1);
    expect(peers[0]!.destroyed).toBe(false);
    expect(peers[0]!.signalled).toEqual([]);
  });

  it('when both sides dial at once, gives way to a lower peer id and answers its offer', () => {
    connect();
    joined('abe');
    offerFrom('abe');
    expect(peers).toHaveLength(2);
    expect(peers[0]!.destroyed).toBe(true);
    expect(peers[1]!.options.initiator).toBe(false);
    expect(peers[1]!.signalled).toEqual([OFFER]);
  });
});

describe('RoomConnector: open connections', () => {
  it('hands an opened channel to the swarm under the peer’s id, with the fingerprints both descriptions named', async () => {
    connect();
    joined('p1');
    peers[0]!.opens();
    const transport = await swarm.added('p1');
    expect(transport.fingerprints).toEqual({
      local: `sha-256 ${Array.from({ length: 32 }, () => 'AA').join(':')}`,
      remote: `sha-256 ${Array.from({ length: 32 }, () => 'BB').join(':')}`,
    });
  });

  it('refuses a connection whose DTLS certificate is not the one the description named', async () => {
    connect();
    joined('p1');
    const [peer] = peers;
    const other = new Uint8Array(64).fill(7).buffer;
    peer!._pc.sctp = { transport: { getRemoteCertificates: () => [other] } };
    peer!.opens();
    const outcome = await Promise.race([
      once(peer!, 'close').then(() => 'refused'),
      swarm.added('p1').then(() => 'handed to the swarm'),
    ]);
    expect(outcome).toBe('refused');
  });

  it('tells how an open connection is routed', async () => {
    const routes: [string, ConnectionRoute][] = [];
    connect({ onRoute: (peerId, route) => routes.push([peerId, route]) });
    joined('p1');
    peers[0]!._pc.stats = CHROMIUM_RELAY;
    peers[0]!.opens();
    await swarm.added('p1');
    await settle();
    expect(routes).toEqual([['p1', 'relay']]);
  });

  it('keeps an open connection when its peer leaves the room: the data channel outlives signaling', async () => {
    connect();
    const peer = await openConnectionTo('p1');
    signaling.say('peer-left', { roomId: ROOM, peerId: 'p1' });
    await settle();
    expect(peer.destroyed).toBe(false);
    expect(swarm.transports.has('p1')).toBe(true);
  });

  it('lets go of a neighbour useless both ways when it needs the room, never a useful one', async () => {
    swarm.connectionLimit = 3;
    connect();
    await openConnectionTo('useful');
    await openConnectionTo('useless');
    swarm.neighbours = [
      { id: 'useful', weNeed: true, theyNeed: false },
      { id: 'useless', weNeed: false, theyNeed: false },
    ];
    await vi.advanceTimersByTimeAsync(12 * NEIGHBOUR_CHECK_MS);
    expect(swarm.removed).toEqual(['useless']);
  });
});

describe('RoomConnector: redials and backoff', () => {
  it('gives up a dial that has not opened after CONNECT_TIMEOUT_MS', () => {
    connect();
    joined('p1');
    vi.advanceTimersByTime(CONNECT_TIMEOUT_MS - 1);
    expect(peers[0]!.destroyed).toBe(false);
    vi.advanceTimersByTime(1);
    expect(peers[0]!.destroyed).toBe(true);
  });

  it('redials a peer whose dial failed once REDIAL_BACKOFF_MS has passed, with nothing else happening', async () => {
    connect();
    joined('p1');
    peers[0]!.fails('ERR_DATA_CHANNEL');
    await vi.advanceTimersByTimeAsync(REDIAL_BACKOFF_MS - 1);
    expect(attemptsTo('p1')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(attemptsTo('p1')).toHaveLength(2);
  });

  it('redials a peer whose connection closed only after REDIAL_BACKOFF_MS', async () => {
    connect();
    const peer = await openConnectionTo('p1');
    peer.destroy(); // the channel dies
    await settle();
    expect(swarm.transports.has('p1')).toBe(false);
    expect(attemptsTo('p1')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(REDIAL_BACKOFF_MS);
    expect(attemptsTo('p1')).toHaveLength(2);
  });

  it('replaces a connection whose network path was lost at once, without backoff', async () => {
    connect();
    const peer = await openConnectionTo('p1');
    peer._pc.become('disconnected');
    await vi.advanceTimersByTimeAsync(PATH_LOST_MS);
    expect(peer.destroyed).toBe(true);
    expect(attemptsTo('p1')).toHaveLength(2);
  });

  it('asks for a fresh signaling socket when every open connection lost its path together', async () => {
    connect();
    const first = await openConnectionTo('p1');
    const second = await openConnectionTo('p2');
    first._pc.become('disconnected');
    second._pc.become('disconnected');
    await vi.advanceTimersByTimeAsync(PATH_LOST_MS);
    expect(signaling.reconnects).toBe(1);
  });

  it('keeps its signaling socket when only some connections lost their path', async () => {
    connect();
    const first = await openConnectionTo('p1');
    await openConnectionTo('p2');
    first._pc.become('failed');
    await settle();
    expect(first.destroyed).toBe(true);
    expect(signaling.reconnects).toBe(0);
  });

  it('gives up a dial when its peer leaves the room, and does not dial it again', async () => {
    connect();
    joined('p1');
    signaling.say('peer-left', { roomId: ROOM, peerId: 'p1' });
    expect(peers[0]!.destroyed).toBe(true);
    await vi.advanceTimersByTimeAsync(10 * REDIAL_BACKOFF_MS);
    expect(attemptsTo('p1')).toHaveLength(1);
  });

  it('holds no backoff for a peer that left the room: back again, it is dialled as a newcomer', async () => {
    connect();
    joined('p1');
    signaling.say('peer-left', { roomId: ROOM, peerId: 'p1' });
    signaling.say('peer-joined', { roomId: ROOM, peerId: 'p1' });
    await vi.advanceTimersByTimeAsync(NEWCOMER_DIAL_DELAY_MS);
    expect(attemptsTo('p1')).toHaveLength(2);
  });

  it('holds no backoff for a peer that left the room before its open connection closed', async () => {
    connect();
    const peer = await openConnectionTo('p1');
    signaling.say('peer-left', { roomId: ROOM, peerId: 'p1' });
    peer.destroy();
    await settle();
    expect(swarm.transports.has('p1')).toBe(false);
    signaling.say('peer-joined', { roomId: ROOM, peerId: 'p1' });
    await vi.advanceTimersByTimeAsync(NEWCOMER_DIAL_DELAY_MS);
    expect(attemptsTo('p1')).toHaveLength(2);
  });

  it('forgets a peer the server says is not in the room, rather than dial it after the backoff', async () => {
    signaling.signalAnswer = () => err(signalingError('unknown-peer', 'gone'));
    connect();
    joined('gone');
    peers[0]!.emit('signal', OFFER);
    await settle();
    expect(peers[0]!.destroyed).toBe(true);
    await vi.advanceTimersByTimeAsync(10 * REDIAL_BACKOFF_MS);
    expect(peers).toHaveLength(1);
  });
});

describe('RoomConnector: connections the swarm turns down', () => {
  it('never dials or answers again a peer the swarm refused as banned, not even one banned by address', async () => {
    connect();
    joined('bad');
    swarm.turnDown.set('bad', 'banned'); // by its address: swarm.isBanned('bad') stays false
    await openTurnedDown('bad');
    joined('bad');
    signaling.say('peer-joined', { roomId: ROOM, peerId: 'bad' });
    offerFrom('bad');
    await vi.advanceTimersByTimeAsync(10 * REDIAL_BACKOFF_MS);
    expect(attemptsTo('bad')).toHaveLength(1);
  });

  it.each(['banned', 'duplicate', 'full'] as const)(
    'gives the slot of a connection turned down as %s to another known peer at once',
    async (why) => {
      swarm.peersWanted = 1;
      connect();
      joined('first', 'second');
      expect(peers.map((peer) => peer.peerId)).toEqual(['first']);
      swarm.turnDown.set('first', why);
      await openTurnedDown('first');
      expect(attemptsTo('second')).toHaveLength(1);
    },
  );

  it('does not dial a peer turned down as a duplicate while the swarm’s connection to it lives, then after the backoff', async () => {
    connect();
    joined('p1');
    swarm.turnDown.set('p1', 'duplicate');
    await openTurnedDown('p1');
    joined('p1');
    connector!.poke();
    await vi.advanceTimersByTimeAsync(10 * REDIAL_BACKOFF_MS);
    expect(attemptsTo('p1')).toHaveLength(1);
    // The connection the swarm held ends: p1 is dialled again, after the backoff like any closed one.
    swarm.turnDown.delete('p1');
    swarm.closed('p1');
    await vi.advanceTimersByTimeAsync(REDIAL_BACKOFF_MS - 1);
    expect(attemptsTo('p1')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(attemptsTo('p1')).toHaveLength(2);
  });

  it('dials a peer turned down as full again once REDIAL_BACKOFF_MS has passed, not before, with nothing else happening', async () => {
    connect();
    joined('p1');
    swarm.turnDown.set('p1', 'full');
    await openTurnedDown('p1');
    swarm.turnDown.delete('p1');
    connector!.poke();
    await vi.advanceTimersByTimeAsync(REDIAL_BACKOFF_MS - 1);
    expect(attemptsTo('p1')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(attemptsTo('p1')).toHaveLength(2);
    attemptsTo('p1')[1]!.opens();
    await swarm.added('p1');
  });
});

describe('RoomConnector: what it tells the user', () => {
  it('connects to no one while Hide my address is on and the server offers no relay, and says so', () => {
    const unavailable = vi.fn();
    connect({ relayOnly: () => true, onRelayUnavailable: unavailable });
    joined('p1');
    offerFrom('caller');
    expect(peers).toHaveLength(0);
    expect(unavailable).toHaveBeenCalled();
  });

  it('gathers relay candidates only while Hide my address is on and a relay is offered', () => {
    signaling.config = config(TURN);
    const unavailable = vi.fn();
    connect({ relayOnly: () => true, onRelayUnavailable: unavailable });
    joined('p1');
    expect(peers[0]!.options.config).toMatchObject({ iceTransportPolicy: 'relay' });
    expect(unavailable).not.toHaveBeenCalled();
  });

  it.each([
    ['no relay offered', [], 'direct-connections-blocked'],
    ['a relay offered', TURN, 'relay-unreachable'],
  ] as const)(
    'says why no peer can be reached when every attempt fails at ICE (%s), until one opens',
    async (_, iceServers, problem) => {
      signaling.config = config([...iceServers]);
      const problems: (ConnectivityProblem | null)[] = [];
      connect({ onConnectivity: (p) => problems.push(p) });
      joined('p1');
      peers[0]!.fails('ERR_ICE_CONNECTION_FAILURE');
      expect(problems).toEqual([problem]);
      await vi.advanceTimersByTimeAsync(REDIAL_BACKOFF_MS);
      attemptsTo('p1')[1]!.opens();
      await swarm.added('p1');
      expect(problems).toEqual([problem, null]);
    },
  );

  it('blames no network for attempts that ended otherwise', () => {
    const problems: (ConnectivityProblem | null)[] = [];
    connect({ onConnectivity: (p) => problems.push(p) });
    joined('p1', 'p2');
    peers[0]!.fails('ERR_DATA_CHANNEL');
    signaling.say('peer-left', { roomId: ROOM, peerId: 'p2' });
    expect(problems).toEqual([]);
  });
});

describe('RoomConnector: closing', () => {
  it('ends every attempt, stops answering and dialling, and leaves no timer behind', async () => {
    connect();
    await openConnectionTo('open');
    joined('p1');
    signaling.say('peer-joined', { roomId: ROOM, peerId: 'new' });
    vi.advanceTimersByTime(NEWCOMER_DIAL_DELAY_MS - 1);
    const before = peers.length;
    connector!.close();
    await settle();
    expect(vi.getTimerCount()).toBe(0);
    // The open connection is the swarm's to close; every unfinished attempt is ended.
    expect(peers.filter((peer) => !peer.destroyed).map((peer) => peer.peerId)).toEqual(['open']);
    joined('p2');
    offerFrom('caller');
    signaling.say('peer-joined', { roomId: ROOM, peerId: 'later' });
    swarm.transports.get('open')!.close();
    await vi.advanceTimersByTimeAsync(10 * REDIAL_BACKOFF_MS);
    expect(peers).toHaveLength(before);
  });
});
