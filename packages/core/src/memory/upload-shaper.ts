// One node's uplink, shared by all of its links: a browser has one upstream,
// not one per data channel. Messages from every link that has something to
// send are put on the wire one at a time at the node's rate, taking turns
// (round robin), so a busy link cannot starve the others; each link then adds
// its own latency (see MemoryTransport).
import type { Clock } from '../interfaces.ts';

/** One link end waiting for the uplink; MemoryTransport plays it. */
export interface UplinkSender {
  /** Bytes of the message it would send next, or undefined when it has none (or closed). */
  next(): number | undefined;
  /** That message is on the wire now. */
  sent(): void;
}

/** What a MemoryTransport end hands its messages to when it shares an uplink. */
export interface Uplink {
  /** `sender` has a message to send; it is served in turn, once, then asks again. */
  ready(sender: UplinkSender): void;
}

export class UploadShaper implements Uplink {
  /** Bytes per second across every link of the node. */
  readonly rate: number;
  /** Bytes put on the wire so far, over all links. */
  sentBytes = 0;
  sentMessages = 0;
  readonly #clock: Clock;
  /** Senders waiting their turn, oldest first: a ring, as each re-queues at the back. */
  #waiting: UplinkSender[] = [];
  #head = 0;
  #busy = false;

  constructor(clock: Clock, bytesPerSecond: number) {
    if (!(bytesPerSecond > 0)) throw new RangeError('UploadShaper: rate must be positive');
    this.#clock = clock;
    this.rate = bytesPerSecond;
  }

  /** A message is on the wire now. */
  get busy(): boolean {
    return this.#busy;
  }

  /** Links waiting for their turn now. */
  get waiting(): number {
    return this.#waiting.length - this.#head;
  }

  ready(sender: UplinkSender): void {
    this.#waiting.push(sender);
    if (!this.#busy) this.#serveNext();
  }

  #serveNext(): void {
    for (;;) {
      if (this.#head >= this.#waiting.length) {
        this.#waiting = [];
        this.#head = 0;
        this.#busy = false;
        return;
      }
      const sender = this.#waiting[this.#head++]!;
      if (this.#head > 1024 && this.#head * 2 > this.#waiting.length) {
        this.#waiting = this.#waiting.slice(this.#head);
        this.#head = 0;
      }
      const size = sender.next();
      if (size === undefined) continue;
      this.#busy = true;
      this.#clock.setTimeout(
        () => {
          this.sentBytes += size;
          this.sentMessages++;
          sender.sent();
          this.#serveNext();
        },
        (size * 1000) / this.rate,
      );
      return;
    }
  }
}
