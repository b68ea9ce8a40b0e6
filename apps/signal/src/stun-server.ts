// The embedded STUN server: one UDP socket that answers binding requests with the
// requester's address (XOR-MAPPED-ADDRESS), so that browsers behind home NAT
// routers learn their public address from the server they already trust, and no
// third-party STUN server is needed. stun-message.ts decides what is answered;
// this file owns the socket, the rate limits and the counters.
import { createSocket, type Socket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { addressKey, normalizeAddress } from './client-address.ts';
import type { Logger } from './log.ts';
import type { Metrics } from './metrics.ts';
import { KeyedTokenBuckets, TokenBucket } from './rate-limit.ts';
import type { Now } from './clock.ts';
import { bindingResponse, sizeProblem } from './stun-message.ts';

export interface StunLimits {
  /** Token bucket per source (IPv4 address, or IPv6 /64): sustained requests per second. */
  perAddressPerSecond: number;
  perAddressBurst: number;
  /** Token bucket over every source together: bounds what the server sends in all. */
  globalPerSecond: number;
  globalBurst: number;
  /** Sources with a bucket at once; beyond it the least recently seen is forgotten. */
  maxTrackedAddresses: number;
}

/**
 * A browser sends a binding request per STUN server, local interface and peer
 * connection while it gathers candidates (resent a few times if lost), then
 * keepalives every several seconds: a sharer opening 50 connections on two
 * interfaces sends about 100 at once, and everyone behind one NAT address adds
 * theirs. 50/s with a burst of 200 per address covers a busy office; a forged
 * source address gets at most 50 × 44 bytes ≈ 2 KiB/s reflected at it.
 * Globally 10,000/s (keepalives from some 10,000 connected tabs) caps what the
 * server sends at ~440 KiB/s whatever the flood. 10,000 tracked sources hold
 * about 2 MiB.
 */
export const DEFAULT_STUN_LIMITS: StunLimits = {
  perAddressPerSecond: 50,
  perAddressBurst: 200,
  globalPerSecond: 10_000,
  globalBurst: 20_000,
  maxTrackedAddresses: 10_000,
};

export interface StunServerOptions {
  /** UDP port; 0 means any free port. */
  port: number;
  /** Address to bind; undefined means every interface (IPv6 and IPv4 on one socket where the host has IPv6). */
  host: string | undefined;
  metrics: Metrics;
  logger: Logger;
  now?: Now;
  limits?: StunLimits;
}

export interface RunningStunServer {
  /** The UDP port bound. */
  port: number;
  /** The address bound, as the socket reports it ('::' for every interface). */
  address: string;
  /** Stops listening. Safe to call twice. */
  close(): Promise<void>;
}

export type StunListenErrorCode = 'STUN_PORT_IN_USE' | 'STUN_PORT_FORBIDDEN' | 'STUN_LISTEN_FAILED';

/** The STUN port could not be bound; the message names STUN_PORT and what to do. */
export class StunListenError extends Error {
  override readonly name = 'StunListenError';

  constructor(
    readonly code: StunListenErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Errors that mean "this host has no IPv6", after which every interface means IPv4's. */
const NO_IPV6 = new Set(['EAFNOSUPPORT', 'EADDRNOTAVAIL', 'EPROTONOSUPPORT']);

function bind(socket: Socket, port: number, address: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const failed = (error: Error) => {
      socket.close();
      reject(error);
    };
    socket.once('error', failed);
    socket.bind(port, address, () => {
      socket.off('error', failed);
      resolve(socket);
    });
  });
}

/** A UDP socket bound where `host` says: one dual-stack udp6 socket for every interface. */
async function bound(port: number, host: string | undefined): Promise<Socket> {
  if (host === undefined || host === '::') {
    try {
      return await bind(createSocket({ type: 'udp6', ipv6Only: false }), port, '::');
    } catch (error) {
      if (!NO_IPV6.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
    }
    return bind(createSocket('udp4'), port, '0.0.0.0');
  }
  const address = isIP(host) !== 0 ? host : (await lookup(host)).address;
  return bind(createSocket(isIP(address) === 6 ? 'udp6' : 'udp4'), port, address);
}

function listenError(error: NodeJS.ErrnoException, port: number, host: string | undefined) {
  const where = `UDP port ${port} on ${host ?? 'every interface'}`;
  if (error.code === 'EADDRINUSE') {
    return new StunListenError(
      'STUN_PORT_IN_USE',
      `STUN_PORT=${port}: ${where} is already in use (another STUN or TURN server, such as coturn?). ` +
        'Set STUN_PORT to a free port, or STUN_PORT=off to run without the embedded STUN server.',
    );
  }
  if (error.code === 'EACCES') {
    return new StunListenError(
      'STUN_PORT_FORBIDDEN',
      `STUN_PORT=${port}: not allowed to listen on ${where} (ports below 1024 need privileges). ` +
        'Set STUN_PORT to a port from 1024 up, or STUN_PORT=off.',
    );
  }
  return new StunListenError(
    'STUN_LISTEN_FAILED',
    `STUN_PORT=${port}: cannot listen on ${where}: ${error.message}`,
  );
}

/** Binds the STUN port and answers binding requests until close(). */
export async function startStunServer(options: StunServerOptions): Promise<RunningStunServer> {
  const { metrics, logger } = options;
  const now = options.now ?? Date.now;
  const limits = options.limits ?? DEFAULT_STUN_LIMITS;
  const perAddress = new KeyedTokenBuckets(
    limits.perAddressPerSecond,
    limits.perAddressBurst,
    limits.maxTrackedAddresses,
    now,
  );
  const global = new TokenBucket(limits.globalPerSecond, limits.globalBurst, now);

  let socket: Socket;
  try {
    socket = await bound(options.port, options.host);
  } catch (error) {
    throw listenError(error as NodeJS.ErrnoException, options.port, options.host);
  }
  socket.on('error', (error) => logger.warn('stun-error', { error: String(error) }));
  socket.on('message', (datagram, source) => {
    metrics.stunDatagramsTotal++;
    // Cheap checks and the rate limits come before any parsing, so a flood costs little.
    const tooBig = sizeProblem(datagram);
    if (tooBig) return metrics.stunDropped(tooBig);
    const key = addressKey(normalizeAddress(source.address) ?? source.address);
    if (!perAddress.take(key)) return metrics.stunDropped('rate-limited-address');
    if (!global.take()) return metrics.stunDropped('rate-limited-global');
    const answer = bindingResponse(datagram, source);
    if (!answer.ok) return metrics.stunDropped(answer.reason);
    metrics.stunResponsesTotal++;
    socket.send(answer.response, source.port, source.address, (error) => {
      if (error) metrics.stunSendErrorsTotal++;
    });
  });

  const { address, port } = socket.address();
  let closing: Promise<void> | undefined;
  return {
    port,
    address,
    close: () => (closing ??= new Promise<void>((resolve) => socket.close(() => resolve()))),
  };
}
