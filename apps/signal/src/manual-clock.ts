// A Clock (clock.ts) for tests: time moves only when the test advances it, and
// each timer's task is awaited as it runs, so periodic work that talks to Redis
// has finished when advance() resolves. Not part of the built server.
import type { Clock } from './clock.ts';

interface Timer {
  ms: number;
  /** When it runs next. */
  at: number;
  task: () => Promise<unknown>;
}

export class ManualClock implements Clock {
  #now: number;
  /** In the order they were set, which is the order timers due at the same time run in. */
  readonly #timers = new Set<Timer>();

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  every(ms: number, task: () => Promise<unknown>): () => void {
    if (!(ms > 0)) throw new Error(`a timer's period must be positive, not ${ms}`);
    const timer = { ms, at: this.#now + ms, task };
    this.#timers.add(timer);
    return () => this.#timers.delete(timer);
  }

  /** The periods of the timers set and not cancelled, in the order they were set. */
  get periods(): number[] {
    return [...this.#timers].map((timer) => timer.ms);
  }

  /**
   * Moves time `ms` forward. Each timer due meanwhile runs at its own time, the
   * earliest first, as often as its period fits; each task is awaited before the next runs.
   */
  async advance(ms: number): Promise<void> {
    const end = this.#now + ms;
    for (;;) {
      let due: Timer | undefined;
      for (const timer of this.#timers)
        if (timer.at <= end && (!due || timer.at < due.at)) due = timer;
      if (!due) break;
      this.#now = due.at;
      due.at += due.ms;
      await due.task();
    }
    this.#now = end;
  }
}
