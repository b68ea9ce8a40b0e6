// Keeps the service worker running while it writes a ZIP. A single saved file is
// a Blob the browser reads on its own, but a ZIP is made in the worker as it is
// read, and Firefox stops a service worker that has had no event for 30 s
// (dom.serviceWorkers.idle_timeout), even in the middle of a response it is still
// writing: the archive would end short (client-zip's README, "Known Issues";
// Firefox ESR 153 cut a 128 MiB one short, unasked, with the timeout at 2 s).
// A message from a page is such an event, so while an archive is being read
// the worker asks its pages, every KEEP_ALIVE_INTERVAL_MS, to send one back.
import { releaseAtEnd } from './release-at-end.ts';

/** What the worker sends its pages, and each page sends back. */
export const KEEP_ALIVE_MESSAGE = 'shoal/keep-alive';

/**
 * How often the worker asks while an archive is being read: far inside Firefox's
 * 30 s, so that a page busy for a few seconds still answers in time, and a
 * message a second costs nothing next to the archive's bytes.
 */
export const KEEP_ALIVE_INTERVAL_MS = 1_000;

export interface IntervalTimer {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

/** Calls `ask` every `intervalMs` while any stream it holds is still being read. */
export class KeepAlive {
  private reading = 0;
  private handle: unknown;

  constructor(
    private readonly ask: () => void,
    private readonly intervalMs = KEEP_ALIVE_INTERVAL_MS,
    private readonly timer: IntervalTimer = globalThis as unknown as IntervalTimer,
  ) {}

  /** Streams being read now. */
  get holding(): number {
    return this.reading;
  }

  /** `stream`, passed through as it is read; held until it ends, fails or is cancelled. */
  hold<T>(stream: ReadableStream<T>): ReadableStream<T> {
    this.start();
    return releaseAtEnd(stream, () => this.stop());
  }

  private start(): void {
    if (this.reading++ === 0) this.handle = this.timer.setInterval(this.ask, this.intervalMs);
  }

  private stop(): void {
    if (--this.reading === 0) this.timer.clearInterval(this.handle);
  }
}
