// One open data channel to one peer, spoken frame by frame, with a record of
// everything the other side sent: the hostile peer's tests read that record.
import { decodeFrame, encodeFrame, type Frame, type FrameType } from '@shoal/protocol';
import { fingerprintsOf, type NodePeer } from './node-webrtc.ts';

/** One frame the other side sent us, reduced to what tests assert on. */
export interface ReceivedFrame {
  type: FrameType | 'undecodable';
  /** Goodbye code, for goodbye frames. */
  code?: number;
  /** Goodbye reason, for goodbye frames. */
  reason?: string;
  /** Piece index, for have/request/piece frames (the first request's, for requests). */
  index?: number;
  /** Message length in bytes. */
  bytes: number;
}

/** What tests see of one connection. */
export interface ConnectionLog {
  /** The signaling peer id at the other end. */
  remotePeerId: string;
  /** 'dialled' when we dialled (to fetch the manifest honestly, or after rejoin()), 'answered' otherwise. */
  direction: 'dialled' | 'answered';
  received: ReceivedFrame[];
  /** The data channel closed (either side). */
  closed: boolean;
}

export class WireLink {
  readonly log: ConnectionLog;
  readonly fingerprints: { local: string; remote: string };
  readonly #peer: NodePeer;
  readonly #listeners = new Set<(frame: Frame, bytes: Uint8Array) => void>();

  constructor(peer: NodePeer, log: ConnectionLog) {
    this.#peer = peer;
    this.log = log;
    this.fingerprints = fingerprintsOf(peer);
    peer.on('data', (bytes) => this.#receive(bytes));
    peer.on('close', () => (this.log.closed = true));
  }

  get closed(): boolean {
    return this.log.closed;
  }

  /** Calls `listener` with every frame that decodes, from now on. */
  onFrame(listener: (frame: Frame) => void): void {
    this.#listeners.add(listener);
  }

  send(frame: Frame): void {
    this.sendBytes(encodeFrame(frame));
  }

  /** Sends bytes as they are, valid or not. */
  sendBytes(bytes: Uint8Array): void {
    if (this.closed || this.#peer.destroyed) return;
    try {
      this.#peer.send(bytes);
    } catch {
      this.log.closed = true;
    }
  }

  /** Resolves with the first frame (from now on) that `match` accepts; rejects on close or timeout. */
  async waitFor(match: (frame: Frame) => boolean, timeoutMs: number): Promise<Frame> {
    const { frame } = await this.#waitFor(match, timeoutMs);
    return frame;
  }

  /** Like waitFor, with the message's bytes as they arrived (a hello, say, to send back). */
  async waitForBytes(match: (frame: Frame) => boolean, timeoutMs: number): Promise<Uint8Array> {
    const { bytes } = await this.#waitFor(match, timeoutMs);
    return bytes;
  }

  #waitFor(
    match: (frame: Frame) => boolean,
    timeoutMs: number,
  ): Promise<{ frame: Frame; bytes: Uint8Array }> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        clearInterval(poll);
        reject(new Error(`no matching frame within ${timeoutMs} ms`));
      }, timeoutMs);
      const poll = setInterval(() => {
        if (!this.closed) return;
        clearTimeout(timer);
        clearInterval(poll);
        reject(new Error('the connection closed first'));
      }, 50);
      const listener = (frame: Frame, bytes: Uint8Array) => {
        if (!match(frame)) return;
        this.#listeners.delete(listener);
        clearTimeout(timer);
        clearInterval(poll);
        resolve({ frame, bytes });
      };
      this.#listeners.add(listener);
    });
  }

  close(): void {
    this.#peer.destroy();
    this.log.closed = true;
  }

  #receive(bytes: Uint8Array): void {
    const decoded = decodeFrame(bytes);
    if (!decoded.ok) {
      this.log.received.push({ type: 'undecodable', bytes: bytes.length });
      return;
    }
    const frame = decoded.value;
    this.log.received.push(summary(frame, bytes.length));
    for (const listener of [...this.#listeners]) listener(frame, bytes);
  }
}

function summary(frame: Frame, bytes: number): ReceivedFrame {
  switch (frame.type) {
    case 'goodbye':
      return { type: frame.type, code: frame.code, reason: frame.reason, bytes };
    case 'have':
    case 'request':
    case 'piece':
      return { type: frame.type, index: frame.index, bytes };
    case 'requests':
      return { type: frame.type, index: frame.requests[0]?.index, bytes };
    default:
      return { type: frame.type, bytes };
  }
}
