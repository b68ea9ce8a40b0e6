// What every Transport must do for the engine, as plain async checks with no
// test framework, so the same contract runs against the in-memory pair here and
// against simple-peer data channels in a real browser.
import type { Transport } from '../interfaces.ts';

export interface ContractOptions {
  /** A fresh, connected pair: [a, b]. */
  makePair: () => Promise<[Transport, Transport]>;
  /** Waits until `done()` holds (advance a simulated clock, or poll real time); rejects on timeout. */
  waitFor: (done: () => boolean) => Promise<void>;
  /** Lets `ms` pass (advance a simulated clock, or sleep). */
  sleep: (ms: number) => Promise<void>;
}

export interface ContractResult {
  name: string;
  ok: boolean;
  detail?: string;
}

type Check = (a: Transport, b: Transport, tools: ContractOptions) => Promise<void>;

/** How long a message is left unread: long enough to arrive on any test link. */
const HOLD_MS = 1_000;

/** The largest message the engine sends (MAX_MESSAGE_BYTES). */
const LARGEST = 64 * 1024;

const CHECKS: [string, Check][] = [
  [
    'fingerprints mirror each other',
    async (a, b) => {
      expect(a.fingerprints.local === b.fingerprints.remote, 'a.local !== b.remote');
      expect(a.fingerprints.remote === b.fingerprints.local, 'a.remote !== b.local');
      expect(a.fingerprints.local !== a.fingerprints.remote, 'both ends share a fingerprint');
    },
  ],
  [
    'messages arrive whole and in order, up to 64 KiB',
    async (a, b, { waitFor }) => {
      const sizes = [1, 1000, LARGEST, 7, LARGEST - 1];
      const got: Uint8Array[] = [];
      b.on('data', (bytes) => got.push(bytes));
      sizes.forEach((size, i) => a.send(new Uint8Array(size).fill(i + 1)));
      await waitFor(() => got.length >= sizes.length);
      expect(
        got.every((m, i) => m.length === sizes[i] && m[0] === i + 1 && m[m.length - 1] === i + 1),
        `got sizes ${got.map((m) => m.length).join(',')}`,
      );
    },
  ],
  [
    'send copies the message, so the sender may reuse its buffer at once',
    async (a, b, { waitFor }) => {
      const got: Uint8Array[] = [];
      b.on('data', (bytes) => got.push(bytes));
      const reused = new Uint8Array(LARGEST);
      for (let i = 1; i <= 3; i++) a.send(reused.fill(i));
      await waitFor(() => got.length >= 3);
      expect(
        got.every((m, i) => m.length === LARGEST && m.every((byte) => byte === i + 1)),
        `got first bytes ${got.map((m) => m[0]).join(',')}`,
      );
    },
  ],
  [
    'bufferedAmount counts queued bytes and drain fires at the low-water mark',
    async (a, _b, { waitFor }) => {
      let drained = false;
      a.on('drain', () => (drained = true));
      for (let i = 0; i < 32; i++) a.send(new Uint8Array(LARGEST));
      expect(a.bufferedAmount > a.lowWaterMark, `bufferedAmount ${a.bufferedAmount} after 2 MiB`);
      await waitFor(() => drained);
      expect(a.bufferedAmount <= a.lowWaterMark, `bufferedAmount ${a.bufferedAmount} at drain`);
    },
  ],
  [
    'the low-water mark can be moved, and drain then fires at the new mark',
    async (a, _b, { waitFor }) => {
      const moved = 4 * a.lowWaterMark + LARGEST;
      a.lowWaterMark = moved;
      expect(
        a.lowWaterMark === moved,
        `lowWaterMark reads ${a.lowWaterMark} after setting ${moved}`,
      );
      let drained = false;
      a.on('drain', () => (drained = true));
      // Bounded: a transport that never counted its queue would loop forever.
      for (let i = 0; i < 64 && a.bufferedAmount <= moved + LARGEST; i++) {
        a.send(new Uint8Array(LARGEST));
      }
      expect(a.bufferedAmount > moved, `bufferedAmount ${a.bufferedAmount} after 64 messages`);
      await waitFor(() => drained);
      expect(a.bufferedAmount <= moved, `bufferedAmount ${a.bufferedAmount} at drain`);
    },
  ],
  [
    'messages sent before the far end listens are held for its first listener',
    async (a, b, { waitFor, sleep }) => {
      a.send(Uint8Array.of(1, 2, 3));
      await sleep(HOLD_MS);
      const got: Uint8Array[] = [];
      b.on('data', (bytes) => got.push(bytes));
      await waitFor(() => got.length > 0);
      expect(got[0]?.length === 3, `got ${got.length} messages`);
    },
  ],
  [
    'close on one end closes the other',
    async (a, b, { waitFor }) => {
      let closed = false;
      b.on('close', () => (closed = true));
      a.close();
      await waitFor(() => closed);
    },
  ],
];

function expect(condition: boolean, detail: string): void {
  if (!condition) throw new Error(detail);
}

/** Runs every check on a fresh pair; never throws. */
export async function runTransportContract(options: ContractOptions): Promise<ContractResult[]> {
  const results: ContractResult[] = [];
  for (const [name, check] of CHECKS) {
    const [a, b] = await options.makePair();
    try {
      await check(a, b, options);
      results.push({ name, ok: true });
    } catch (error) {
      results.push({
        name,
        ok: false,
        detail: error instanceof Error ? error.message : String(error),
      });
    } finally {
      a.close();
      b.close();
    }
  }
  return results;
}
