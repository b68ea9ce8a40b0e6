// Per-connection bookkeeping: the rate limit, refusals (with the error ack), and
// cutting off a connection that keeps misbehaving. All state dies with the socket.
import { err, ok, type SignalingError, type SignalingErrorCode } from '@shoal/protocol';
import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import type { Metrics } from './metrics.ts';
import { RefusalWindow, TokenBucket } from './rate-limit.ts';
import type { Now } from './clock.ts';
import type { ShoalSocket } from './types.ts';

export type AckFn = (...args: unknown[]) => void;

/** Splits socket.io handler arguments into the payload and the ack function, if the client sent one. */
export function splitArgs(args: unknown[]): { payload: unknown; ack: AckFn | undefined } {
  const last = args.at(-1);
  const ack = typeof last === 'function' ? (last as AckFn) : undefined;
  return { payload: ack && args.length === 1 ? undefined : args[0], ack };
}

export interface GuardDeps {
  config: Config;
  metrics: Metrics;
  logger: Logger;
  now: Now;
  /** The port clients are told for the embedded STUN server; undefined when it is off. */
  stunPort?: number | undefined;
}

export class ConnectionGuard {
  private readonly bucket: TokenBucket;
  private readonly refusals: RefusalWindow;
  /**
   * Joins this connection has in flight (awaiting cluster-wide room sizes), by room
   * key; each promise settles when its join has finished, however it ended.
   */
  readonly pendingJoins = new Map<string, Promise<void>>();
  /** When this connection last got a fresh sample of each room (`peers`), in ms. */
  readonly lastSampleAt = new Map<string, number>();

  constructor(
    private readonly socket: ShoalSocket,
    private readonly deps: GuardDeps,
  ) {
    this.bucket = new TokenBucket(
      deps.config.rateLimitPerSecond,
      deps.config.rateLimitBurst,
      deps.now,
    );
    this.refusals = new RefusalWindow(
      deps.config.maxRefusals,
      deps.config.refusalWindowMs,
      deps.now,
    );
  }

  /** Takes a rate-limit token for one incoming event. */
  allowEvent(): boolean {
    return this.bucket.take();
  }

  /** Answers the ack (if any) with success. */
  accept<T>(ack: AckFn | undefined, value: T): void {
    ack?.(ok(value));
  }

  /**
   * Answers the ack (if any) with an error, counts and logs the refusal, and cuts abusers off.
   * Once a connection is gone there is no one to answer: nothing is counted.
   */
  refuse(ack: AckFn | undefined, event: string, error: SignalingError): void {
    if (!this.socket.connected) return;
    this.deps.metrics.refused(error.code);
    this.deps.logger.info('refusal', { peer: this.socket.id, request: event, code: error.code });
    ack?.(err(error));
    if (this.refusals.record()) {
      this.deps.metrics.abusiveDisconnectsTotal++;
      this.deps.logger.warn('abusive-disconnect', {
        peer: this.socket.id,
        refusals: this.deps.config.maxRefusals,
      });
      this.socket.disconnect(true);
    }
  }

  refuseWith(
    ack: AckFn | undefined,
    event: string,
    code: SignalingErrorCode,
    message: string,
  ): void {
    this.refuse(ack, event, { code, message });
  }
}
