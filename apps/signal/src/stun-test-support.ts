// Helpers for the STUN tests: binding requests built with the library, responses
// read by hand (so the tests do not trust the code they test), and a UDP client.
// Not part of the built server.
import { createSocket, type Socket, type SocketType } from 'node:dgram';
import stun from '@msimerson/stun';

const { constants } = stun;

/** RFC 8489 section 5. */
const MAGIC_COOKIE = Buffer.from('2112a442', 'hex');
const XOR_MAPPED_ADDRESS = 0x0020;

/** A binding request (or any message type), with FINGERPRINT if asked. */
export function stunMessage(options: { type?: number; fingerprint?: boolean } = {}): {
  datagram: Buffer;
  transactionId: Buffer;
} {
  const message = stun.createMessage(options.type ?? constants.STUN_BINDING_REQUEST);
  if (options.fingerprint) message.addFingerprint();
  return { datagram: stun.encode(message), transactionId: message.transactionId };
}

export interface ReadResponse {
  type: number;
  transactionId: Buffer;
  /** Attribute types in order. */
  attributes: number[];
  mapped: { family: 'IPv4' | 'IPv6'; address: string; port: number } | undefined;
}

/** Reads a STUN message and un-XORs its XOR-MAPPED-ADDRESS (RFC 8489 section 14.2). */
export function readResponse(message: Buffer): ReadResponse {
  const transactionId = message.subarray(8, 20);
  const attributes: number[] = [];
  let mapped: ReadResponse['mapped'];
  for (let at = 20; at + 4 <= message.length;) {
    const type = message.readUInt16BE(at);
    const length = message.readUInt16BE(at + 2);
    const value = message.subarray(at + 4, at + 4 + length);
    attributes.push(type);
    if (type === XOR_MAPPED_ADDRESS) {
      const port = value.readUInt16BE(2) ^ MAGIC_COOKIE.readUInt16BE(0);
      const key = Buffer.concat([MAGIC_COOKIE, transactionId]);
      const bytes = value.subarray(4).map((byte, i) => byte ^ key[i]!);
      mapped =
        value[1] === 1
          ? { family: 'IPv4', address: [...bytes].join('.'), port }
          : { family: 'IPv6', address: ipv6String(bytes), port };
    }
    at += 4 + Math.ceil(length / 4) * 4;
  }
  return { type: message.readUInt16BE(0), transactionId, attributes, mapped };
}

function ipv6String(bytes: Uint8Array): string {
  const groups = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  // URL parsing gives the canonical spelling (zeros compressed).
  return new URL(`http://[${groups.join(':')}]`).hostname.slice(1, -1);
}

export interface UdpClient {
  socket: Socket;
  /** Every datagram received so far. */
  received: Buffer[];
  send(datagram: Buffer, port: number, host: string): Promise<void>;
  /** The next datagram, or undefined if none comes within `ms`. */
  next(ms?: number): Promise<Buffer | undefined>;
  close(): void;
}

export async function udpClient(type: SocketType, address?: string): Promise<UdpClient> {
  const socket = createSocket(type);
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, address, () => resolve());
  });
  const received: Buffer[] = [];
  const waiting: ((datagram: Buffer) => void)[] = [];
  let read = 0;
  socket.on('message', (datagram) => {
    received.push(datagram);
    waiting.shift()?.(datagram);
  });
  return {
    socket,
    received,
    send: (datagram, port, host) =>
      new Promise((resolve, reject) =>
        socket.send(datagram, port, host, (error) => (error ? reject(error) : resolve())),
      ),
    next: (ms = 1_000) => {
      if (read < received.length) return Promise.resolve(received[read++]);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(deliver), 1);
          resolve(undefined);
        }, ms);
        const deliver = (datagram: Buffer) => {
          clearTimeout(timer);
          read++;
          resolve(datagram);
        };
        waiting.push(deliver);
      });
    },
    close: () => socket.close(),
  };
}

/** True when this machine can send IPv6 over loopback (::1). */
export async function hasIPv6Loopback(): Promise<boolean> {
  try {
    (await udpClient('udp6', '::1')).close();
    return true;
  } catch {
    return false;
  }
}
