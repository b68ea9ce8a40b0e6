// Keeps one worker started ahead of need. A module worker takes ~100 ms to start
// (fetch, parse, first WebCrypto call), which a person would otherwise wait for
// after every drop; started while the page idles, that time is gone.

/** What a spare needs from a worker: to report a failed start, and to be ended. */
export interface SpareableWorker {
  addEventListener(type: 'error', listener: () => void): void;
  removeEventListener(type: 'error', listener: () => void): void;
  terminate(): void;
}

export class SpareWorker<W extends SpareableWorker> {
  #spare: { worker: W; onError: () => void } | null = null;

  constructor(private readonly spawn: () => W) {}

  /** Starts a spare if there is none. Call it when a worker will likely be wanted soon. */
  prepare(): void {
    if (this.#spare) return;
    const worker = this.spawn();
    // A spare that fails to start is dropped, so take() never hands out a dead worker
    // whose one error event has already gone by.
    const onError = () => {
      if (this.#spare?.worker === worker) this.#spare = null;
      worker.removeEventListener('error', onError);
      worker.terminate();
    };
    worker.addEventListener('error', onError);
    this.#spare = { worker, onError };
  }

  /** The spare, or a fresh worker when there is none. The caller owns it from here. */
  take(): W {
    const spare = this.#spare;
    if (!spare) return this.spawn();
    this.#spare = null;
    spare.worker.removeEventListener('error', spare.onError);
    return spare.worker;
  }
}
