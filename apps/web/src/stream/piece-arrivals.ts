// Service-worker side of waiting for a piece: tell the page where a reader
// waits (it moves the swarm's window there), then wake when the page says a
// piece of that share is stored, or after a while to look again by ourselves,
// since no page may be listening (it reloaded, or another tab has the share).
import { readStreamMessage, type StreamMessage } from './stream-messages.ts';

/**
 * How long a wait lasts without word from the page before the reader looks in
 * the store again, and says again where it waits: a page that reloaded learns
 * it within this time.
 */
export const PIECE_POLL_MS = 1_000;

export interface MessageChannelLike {
  postMessage(message: StreamMessage): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export class PieceArrivals {
  readonly #channel: MessageChannelLike;
  readonly #timers: Timers;
  /** Wake-ups waiting, by share key and piece index. */
  readonly #waiting = new Map<string, Set<() => void>>();

  constructor(channel: MessageChannelLike, timers: Timers) {
    this.#channel = channel;
    this.#timers = timers;
    channel.addEventListener('message', (event) => {
      const message = readStreamMessage(event.data);
      if (message?.type !== 'stored') return;
      const key = `${message.shareKey}/${message.index}`;
      for (const wake of this.#waiting.get(key) ?? []) wake();
    });
  }

  /** Resolves when piece `index` of the share may be stored, or when `signal` aborts. */
  wait(
    where: { shareKey: string; fileIndex: number; index: number; offset: number },
    signal: AbortSignal,
  ): Promise<void> {
    const { shareKey, fileIndex, index, offset } = where;
    this.#channel.postMessage({ type: 'need', shareKey, fileIndex, offset });
    const key = `${shareKey}/${index}`;
    return new Promise((resolve) => {
      const wake = () => {
        this.#timers.clearTimeout(timer);
        signal.removeEventListener('abort', wake);
        const set = this.#waiting.get(key);
        set?.delete(wake);
        if (set?.size === 0) this.#waiting.delete(key);
        resolve();
      };
      const timer = this.#timers.setTimeout(wake, PIECE_POLL_MS);
      signal.addEventListener('abort', wake, { once: true });
      let set = this.#waiting.get(key);
      if (set === undefined) this.#waiting.set(key, (set = new Set()));
      set.add(wake);
    });
  }
}
