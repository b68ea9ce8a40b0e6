// Time and repeating timers for the server's periodic work (the Redis room
// directory's liveness refresh and sweep), behind one small interface so that
// tests run that work on a clock they move by hand (manual-clock.ts).

/** Milliseconds since the epoch, as Date.now(): all the rate limits need of a clock. */
export type Now = () => number;

export interface Clock {
  now: Now;
  /**
   * Runs `task` every `ms` until the returned function is called. The system
   * clock does not wait for a task to end before the next is due (each task keeps
   * two runs from overlapping itself), nor handles its rejection: a task must not
   * reject. A test clock awaits each task before it runs the next.
   */
  every(ms: number, task: () => Promise<unknown>): () => void;
}

/** The real clock: Date.now and setInterval. Its timers do not keep the process alive. */
export const systemClock: Clock = {
  now: () => Date.now(),
  every(ms, task) {
    const timer = setInterval(() => void task(), ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};
