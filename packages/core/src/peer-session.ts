// One peer's connection: hello and proof first, then frames to the swarm, and a
// goodbye with a stable code on the way out. Knows nothing about pieces.
import {
  decodeFrame,
  encodeFrame,
  GoodbyeCode,
  PROOF_BYTES,
  truncateReason,
  WIRE_VERSION,
  type Frame,
} from '@shoal/protocol';
import { makeProof, verifyProof, type Fingerprints } from './auth.ts';
import { Emitter } from './emitter.ts';
import type { Clock, Sha256, Transport } from './interfaces.ts';

/** How long the other side has to prove itself before we hang up. */
export const HELLO_TIMEOUT_MS = 15_000;

/**
 * Frames we hold while the remote proof is being checked. An honest peer sends
 * a bitfield and a request or two; more than this before auth is an attack.
 */
export const MAX_FRAMES_BEFORE_AUTH = 64;

/** Frames the swarm sees: everything after authentication except hello and goodbye. */
export type SessionFrame = Exclude<Frame, { type: 'hello' } | { type: 'goodbye' }>;

export interface SessionClosed {
  /** The goodbye code, or null when the channel just closed. */
  code: GoodbyeCode | null;
  reason: string;
  /** True when we said goodbye, false when they did or the channel dropped. */
  byUs: boolean;
}

export interface SessionEvents {
  /** Both hellos are through and the remote proof verified. */
  open: [];
  frame: [frame: SessionFrame];
  closed: [closed: SessionClosed];
}

export type SessionState = 'handshaking' | 'open' | 'closed';

export interface PeerSessionOptions {
  transport: Transport;
  authKey: Uint8Array;
  sha256: Sha256;
  clock: Clock;
}

/**
 * Why a proof over these fingerprints would prove nothing, or undefined. A
 * proof binds both certificates of one connection; with no certificate, or the
 * same one at both ends (a relay that made us see our own fingerprint as the
 * remote one), an attacker could answer with our own hello, echoed back.
 */
export function unboundFingerprints({ local, remote }: Fingerprints): string | undefined {
  if (local === '' || remote === '') return 'the connection has no certificate fingerprint';
  if (local === remote) return 'both ends of the connection show the same certificate';
  return undefined;
}

export class PeerSession extends Emitter<SessionEvents> {
  readonly transport: Transport;
  #state: SessionState = 'handshaking';
  #helloSent = false;
  #verified = false;
  #helloSeen = false;
  #held: Uint8Array[] = [];
  #helloTimer: unknown;
  readonly #options: PeerSessionOptions;
  readonly #onData = (bytes: Uint8Array) => this.#receive(bytes);
  readonly #onClose = () => this.#closed({ code: null, reason: 'channel closed', byUs: false });

  constructor(options: PeerSessionOptions) {
    super();
    this.#options = options;
    this.transport = options.transport;
  }

  get state(): SessionState {
    return this.#state;
  }

  /**
   * Starts listening and sends our hello, unless the connection cannot carry a
   * proof: then it says goodbye AuthFailed before sending anything else.
   */
  start(): void {
    const { transport, clock, sha256, authKey } = this.#options;
    transport.on('data', this.#onData);
    transport.on('close', this.#onClose);
    const unbound = unboundFingerprints(transport.fingerprints);
    if (unbound !== undefined) return this.goodbye(GoodbyeCode.AuthFailed, unbound);
    this.#helloTimer = clock.setTimeout(
      () => this.goodbye(GoodbyeCode.ProtocolError, 'no hello in time'),
      HELLO_TIMEOUT_MS,
    );
    makeProof(sha256, authKey, transport.fingerprints).then(
      (proof) => {
        if (this.#state === 'closed') return;
        this.#sendRaw({ type: 'hello', version: WIRE_VERSION, proof });
        this.#helloSent = true;
        this.#maybeOpen();
      },
      () => this.#closed({ code: null, reason: 'could not compute our proof', byUs: true }),
    );
  }

  /** Sends one frame once open; returns false (and drops it) otherwise. */
  send(frame: SessionFrame): boolean {
    if (this.#state !== 'open') return false;
    return this.#sendRaw(frame);
  }

  /** Sends one pre-encoded message (piece frames are encoded by the uploader). */
  sendEncoded(bytes: Uint8Array): boolean {
    if (this.#state !== 'open') return false;
    return this.#sendBytes(bytes);
  }

  /** Says goodbye with a code, then closes. */
  goodbye(code: GoodbyeCode, reason: string): void {
    if (this.#state === 'closed') return;
    this.#sendRaw({ type: 'goodbye', code, reason: truncateReason(reason) });
    this.#closed({ code, reason, byUs: true });
  }

  #receive(bytes: Uint8Array): void {
    if (this.#state === 'closed') return;
    if (!this.#helloSeen) {
      this.#helloSeen = true;
      this.#checkHello(bytes).catch(() =>
        this.goodbye(GoodbyeCode.AuthFailed, 'could not check the proof'),
      );
    } else if (this.#state !== 'open') {
      if (this.#held.length < MAX_FRAMES_BEFORE_AUTH) this.#held.push(bytes);
      else this.goodbye(GoodbyeCode.Flooding, 'too many frames before authentication');
    } else {
      this.#dispatch(bytes);
    }
  }

  async #checkHello(bytes: Uint8Array): Promise<void> {
    const decoded = decodeFrame(bytes);
    if (!decoded.ok) return this.goodbye(GoodbyeCode.ProtocolError, decoded.error.message);
    const frame = decoded.value;
    if (frame.type === 'goodbye') return this.#theyLeft(frame.code, frame.reason);
    if (frame.type !== 'hello') {
      return this.goodbye(GoodbyeCode.ProtocolError, `expected hello, got ${frame.type}`);
    }
    if (frame.version !== WIRE_VERSION) {
      return this.goodbye(GoodbyeCode.VersionMismatch, `we speak version ${WIRE_VERSION}`);
    }
    const { sha256, authKey } = this.#options;
    const fingerprints = this.transport.fingerprints;
    const valid =
      frame.proof.length === PROOF_BYTES &&
      (await verifyProof(sha256, authKey, fingerprints, frame.proof));
    if (this.#state === 'closed') return;
    if (!valid) return this.goodbye(GoodbyeCode.AuthFailed, 'proof did not verify');
    this.#verified = true;
    this.#maybeOpen();
  }

  #maybeOpen(): void {
    if (this.#state !== 'handshaking' || !this.#verified || !this.#helloSent) return;
    this.#options.clock.clearTimeout(this.#helloTimer);
    this.#state = 'open';
    this.emit('open');
    const held = this.#held;
    this.#held = [];
    for (const bytes of held) {
      if (this.#state !== 'open') return;
      this.#dispatch(bytes);
    }
  }

  #dispatch(bytes: Uint8Array): void {
    const decoded = decodeFrame(bytes);
    if (!decoded.ok) return this.goodbye(GoodbyeCode.ProtocolError, decoded.error.message);
    const frame = decoded.value;
    if (frame.type === 'goodbye') return this.#theyLeft(frame.code, frame.reason);
    if (frame.type === 'hello') return this.goodbye(GoodbyeCode.ProtocolError, 'second hello');
    this.emit('frame', frame);
  }

  #theyLeft(code: GoodbyeCode, reason: string): void {
    this.#closed({ code, reason, byUs: false });
  }

  #sendRaw(frame: Frame): boolean {
    return this.#sendBytes(encodeFrame(frame));
  }

  #sendBytes(bytes: Uint8Array): boolean {
    try {
      this.transport.send(bytes);
      return true;
    } catch {
      this.#closed({ code: null, reason: 'send failed', byUs: false });
      return false;
    }
  }

  #closed(closed: SessionClosed): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#held = [];
    this.#options.clock.clearTimeout(this.#helloTimer);
    this.transport.off('data', this.#onData);
    this.transport.off('close', this.#onClose);
    this.transport.close();
    this.emit('closed', closed);
  }
}
