// Helpers for abuse.test.ts: hostile socket.io-client connections against a spawned
// server process, a catalogue of malformed requests with the error code each must
// get, and readers for the process's memory and /metrics. Not part of the built server.
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientConfig, SignalingErrorCode } from '@shoal/protocol';
import { randomRoomId } from './test-support.ts';

/** Generous: the machine running this may be busy with browsers and benchmarks. */
export const SLOW_MS = 15_000;

export type Code = SignalingErrorCode | 'ok';

export interface Attacker {
  socket: Socket;
  config: ClientConfig;
  /** Resolves with the disconnect reason. */
  gone: Promise<string>;
}

/** Every socket opened by an attack, so that afterAll can close stragglers. */
export const opened = new Set<Socket>();

export function connectAttacker(url: string): Promise<Attacker> {
  const socket = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true });
  opened.add(socket);
  const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no config within SLOW_MS')), SLOW_MS);
    socket.once('config', (config: ClientConfig) => {
      clearTimeout(timer);
      resolve({ socket, config, gone });
    });
    socket.once('connect_error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

export const codeOf = (ack: unknown): Code =>
  (ack as { ok: boolean; error?: { code: SignalingErrorCode } }).error?.code ?? 'ok';

/** Emits `event` with `args` and an ack; resolves with the ack's code, rejects after `ms`. */
export function ackCode(socket: Socket, event: string, args: unknown[], ms = SLOW_MS) {
  return socket
    .timeout(ms)
    .emitWithAck(event, ...args)
    .then(codeOf);
}

/**
 * Emits every request at once and resolves with the code of each ack, in order.
 * A refused connection is cut right after the last refusal's ack, so every ack
 * still arrives; a missing one rejects after SLOW_MS.
 */
export function burst(socket: Socket, requests: readonly Request[]): Promise<Code[]> {
  return Promise.all(requests.map((request) => ackCode(socket, request.event, request.args)));
}

/** Resolves with the disconnect reason, or rejects if the connection is still up after `ms`. */
export function cutOff(attacker: Attacker, ms = SLOW_MS): Promise<string> {
  return Promise.race([
    attacker.gone,
    new Promise<string>((_resolve, reject) =>
      setTimeout(() => reject(new Error('connection was not cut off')), ms).unref(),
    ),
  ]);
}

export function close(attacker: Attacker): void {
  attacker.socket.disconnect();
  opened.delete(attacker.socket);
}

export interface Request {
  event: string;
  args: unknown[];
  expect: Code;
}

/** A random peer id (the shape of a socket.io socket id) that belongs to nobody. */
export const strangerId = () => randomBytes(15).toString('base64url');

const offer = { type: 'offer', sdp: 'v=0\r\n' };

/** Deeper than MAX_SIGNAL_DEPTH (8). */
function deep(levels: number): unknown {
  let value: unknown = { end: true };
  for (let i = 0; i < levels; i++) value = { next: value };
  return value;
}

/**
 * Malformed requests of every shape: wrong types, missing fields, huge strings,
 * non-object signals, bad room ids, unknown and reserved-looking event names. Each
 * carries the code the README documents for it. `roomId` is a room the sender is in
 * and `to` a peer in it, so the malformed field is the only thing wrong.
 */
export function malformedCatalogue(roomId: string, to: string): Request[] {
  const join = (payload: unknown, expect: Code): Request => ({
    event: 'join',
    args: [payload],
    expect,
  });
  const signal = (payload: unknown, expect: Code = 'invalid-payload'): Request => ({
    event: 'signal',
    args: [payload],
    expect,
  });
  return [
    ...[42, 'room', null, [], [roomId], true, 0.5].map((p) => join(p, 'invalid-payload')),
    ...[
      {},
      { roomId: 7 },
      { roomId: roomId.slice(1) },
      { roomId: `${roomId}A` },
      { roomId: `${roomId.slice(0, 42)}=` },
      { roomId: `${roomId.slice(0, 42)}B` },
      { roomId: 'é'.repeat(43) },
      { roomId: 'x'.repeat(30_000) },
      { roomId: { id: roomId } },
      { roomId: [roomId] },
      { roomID: roomId },
    ].map((p) => join(p, 'invalid-room-id')),
    { event: 'join', args: [], expect: 'invalid-payload' },
    { event: 'leave', args: [[roomId]], expect: 'invalid-payload' },
    { event: 'leave', args: [{ roomId: 'x'.repeat(30_000) }], expect: 'invalid-room-id' },
    { event: 'leave', args: [], expect: 'invalid-payload' },
    signal('signal'),
    signal({ roomId, to }),
    signal({ roomId, data: offer }),
    signal({ to, data: offer }, 'invalid-room-id'),
    signal({ roomId: 'nope', to, data: offer }, 'invalid-room-id'),
    signal({ roomId, to: 'x'.repeat(20_000), data: offer }),
    signal({ roomId, to: `room:${roomId}`, data: offer }),
    signal({ roomId, to: 42, data: offer }),
    signal({ roomId, to, data: 'v=0' }),
    signal({ roomId, to, data: ['offer'] }),
    signal({ roomId, to, data: null }),
    signal({ roomId, to, data: 12 }),
    signal({ roomId, to, data: Buffer.from('binary') }),
    signal({ roomId, to, data: { nested: Buffer.from('binary') } }),
    signal({ roomId, to, data: deep(20) }),
    signal([roomId, to, offer]),
    { event: 'signal', args: [], expect: 'invalid-payload' },
    { event: 'admin', args: [{ all: true }], expect: 'unknown-event' },
    { event: 'x'.repeat(10_000), args: [], expect: 'unknown-event' },
    { event: '__proto__', args: [{}], expect: 'unknown-event' },
    { event: 'constructor', args: [], expect: 'unknown-event' },
    { event: 'toString', args: [], expect: 'unknown-event' },
    { event: 'error', args: [new Error('x')], expect: 'unknown-event' },
    { event: 'peer-joined', args: [{ roomId, peerId: to }], expect: 'unknown-event' },
    { event: 'config', args: [{}], expect: 'unknown-event' },
    { event: 'JOIN', args: [{ roomId }], expect: 'unknown-event' },
  ];
}

/** Signals over MAX_SIGNAL_BYTES (16 KiB by default) that still fit in one packet (64 KiB). */
export function oversizedCatalogue(roomId: string, to: string, maxSignalBytes: number): Request[] {
  const signal = (data: unknown): Request => ({
    event: 'signal',
    args: [{ roomId, to, data }],
    expect: 'payload-too-large',
  });
  const keys = Object.fromEntries(Array.from({ length: 3_000 }, (_, i) => [`k${i}`, i])) as Record<
    string,
    number
  >;
  return [
    signal({ sdp: 'x'.repeat(maxSignalBytes + 1) }),
    signal({ sdp: 'x'.repeat(60_000) }),
    // Fewer UTF-16 units than the cap, more UTF-8 bytes: the byte count must catch it.
    signal({ sdp: 'é'.repeat(Math.ceil(maxSignalBytes / 2) + 16) }),
    signal({ candidates: Array.from({ length: maxSignalBytes }, () => 0) }),
    signal(keys),
    signal({ a: { b: { c: ['y'.repeat(maxSignalBytes)] } } }),
  ];
}

/** Signals and leaves naming rooms the sender is not in, or peers who share no room with it. */
export function strangerCatalogue(
  own: { roomId: string; peerId: string },
  victim: { roomId: string; peerId: string },
  otherVictim: string,
): Request[] {
  const signal = (roomId: string, to: string, expect: Code): Request => ({
    event: 'signal',
    args: [{ roomId, to, data: offer }],
    expect,
  });
  return [
    signal(victim.roomId, victim.peerId, 'not-in-room'),
    signal(victim.roomId, otherVictim, 'not-in-room'),
    signal(randomRoomId(), victim.peerId, 'not-in-room'),
    signal(own.roomId, victim.peerId, 'unknown-peer'),
    signal(own.roomId, otherVictim, 'unknown-peer'),
    signal(own.roomId, strangerId(), 'unknown-peer'),
    signal(own.roomId, own.peerId, 'unknown-peer'),
    { event: 'leave', args: [{ roomId: victim.roomId }], expect: 'not-in-room' },
  ];
}

/** `count` requests drawn round-robin from `catalogue`, starting at `offset`. */
export function cycle(catalogue: readonly Request[], count: number, offset: number): Request[] {
  return Array.from(
    { length: count },
    (_, i) => catalogue[(offset + i) % catalogue.length] as Request,
  );
}

/**
 * Raw socket.io packets (engine.io message payloads) that the socket.io parser
 * rejects: the server closes the connection without reaching our handlers.
 */
export const UNDECODABLE_PACKETS: readonly (string | Buffer)[][] = [
  ['2not json'],
  ['2{"event":"join"}'],
  ['2[]'],
  ['2["disconnect"]'],
  ['2["newListener","x"]'],
  ['9'],
  ['x'],
  ['21000000-["signal",{}]'],
  ['51000000-["signal",{"_placeholder":true,"num":0}]'],
  ['5x-["signal",{}]'],
  ['51-["signal",{"_placeholder":true,"num":7}]', Buffer.from('attachment')],
  [Buffer.from('binary without a header')],
  ['2/admin,["join",{}]'],
  ['0'],
];

/** Runs `tasks` with at most `lanes` at once. */
export async function pool<T>(tasks: (() => Promise<T>)[], lanes: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < tasks.length) {
        const index = next++;
        results[index] = await (tasks[index] as () => Promise<T>)();
      }
    }),
  );
  return results;
}

/** Counts values into a plain record, for readable assertion failures. */
export function tally(into: Record<string, number>, values: Iterable<string>): void {
  for (const value of values) into[value] = (into[value] ?? 0) + 1;
}

/** Resident set size of a process, in bytes, from /proc (Linux). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

export const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

export interface MetricsSnapshot {
  refusals: Record<string, number>;
  abusiveDisconnects: number;
  connections: number;
  relayed: number;
}

export async function readMetrics(url: string): Promise<MetricsSnapshot> {
  const text = await (
    await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(SLOW_MS) })
  ).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1]);
  const refusals: Record<string, number> = {};
  for (const match of text.matchAll(/^shoal_signal_refusals_total\{reason="([a-z-]+)"\} (\d+)$/gm))
    refusals[match[1] as string] = Number(match[2]);
  return {
    refusals,
    abusiveDisconnects: value('shoal_signal_abusive_disconnects_total'),
    connections: value('shoal_signal_connections_total'),
    relayed: value('shoal_signal_signals_relayed_total'),
  };
}

export async function readHealth(
  url: string,
): Promise<{ status: string; redis: string; connectedClients: number; rooms: number }> {
  const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(SLOW_MS) });
  return (await response.json()) as Awaited<ReturnType<typeof readHealth>>;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
