// The signal phase: clients send candidates to random members of their rooms at a
// controlled aggregate rate; receivers compute latency against the sender's
// timestamp (one process, one clock). Every signal is tracked by sequence number,
// so losses, duplicates and misdeliveries are counted, not guessed.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RelayedSignal } from '@shoal/protocol';
import type { BenchClient } from './clients.ts';
import { summarize, timeline, type LatencySummary } from './latency.ts';
import { dueCount, randomIndex, randomOther, type Random } from './pacing.ts';
import { candidateSignal, readStamp } from './payload.ts';

/** Pause between sending rounds; each round sends whatever the rate line says is due. */
const TICK_MS = 5;
/** A round sends at most this share of a second's signals, so a stall does not turn into a flood. */
const MAX_BURST_SECONDS = 0.05;
/** How long one signal may wait for its ack before it counts as failed. */
const ACK_TIMEOUT_MS = 5_000;
/** After the last send, how long to wait for acks and deliveries to finish. */
const DRAIN_TIMEOUT_MS = ACK_TIMEOUT_MS + 1_000;
/** Pause between checks while draining. */
const DRAIN_POLL_MS = 25;
/** Sending stops, short of its total, once it runs this many times longer than planned. */
const SEND_OVERRUN_FACTOR = 3;
/**
 * Sampling interval of the event-loop delay monitor. Node records the whole interval
 * between samples, so an idle loop reads about this much; the report subtracts it.
 */
const LOOP_DELAY_RESOLUTION_MS = 10;

/** Counts every signal from send to delivery. Create it before the clients so it sees everything. */
export class RelayTally {
  /** Relay latency by sequence number; NaN until delivered. */
  readonly latencyBySeq: Float64Array;
  private readonly expectedReceiver: Int32Array;
  private readonly expectedSender: string[] = [];
  private readonly delivered: Uint8Array;
  accepted = 0;
  ackTimeouts = 0;
  readonly refused = new Map<string, number>();
  received = 0;
  duplicates = 0;
  misdelivered = 0;
  /** Signals that were not ours, or arrived for a sequence never sent. */
  unexpected = 0;
  /** Disconnects other than our own at the end. */
  disconnects = 0;

  constructor(readonly capacity: number) {
    this.latencyBySeq = new Float64Array(capacity).fill(Number.NaN);
    this.expectedReceiver = new Int32Array(capacity).fill(-1);
    this.delivered = new Uint8Array(capacity);
  }

  get refusedTotal(): number {
    let total = 0;
    for (const count of this.refused.values()) total += count;
    return total;
  }

  get acksSettled(): number {
    return this.accepted + this.ackTimeouts + this.refusedTotal;
  }

  onSend(seq: number, sender: BenchClient, receiver: BenchClient): void {
    this.expectedReceiver[seq] = receiver.index;
    this.expectedSender[seq] = sender.peerId;
  }

  onReceive(receiver: BenchClient, event: RelayedSignal): void {
    const now = performance.now();
    const stamp = readStamp(event.data);
    if (!stamp || stamp.seq >= this.capacity || this.expectedReceiver[stamp.seq] === -1) {
      this.unexpected++;
    } else if (this.delivered[stamp.seq] === 1) {
      this.duplicates++;
    } else if (
      this.expectedReceiver[stamp.seq] !== receiver.index ||
      this.expectedSender[stamp.seq] !== event.from ||
      event.roomId !== receiver.room.roomId
    ) {
      this.misdelivered++;
    } else {
      this.delivered[stamp.seq] = 1;
      this.received++;
      this.latencyBySeq[stamp.seq] = now - stamp.sentAt;
    }
  }

  onDisconnect(): void {
    this.disconnects++;
  }
}

export interface LoadPlan {
  clients: readonly BenchClient[];
  ratePerSecond: number;
  /** Signals sent first at the same rate, checked for errors but left out of the latency figures. */
  warmupMs: number;
  durationMs: number;
  random: Random;
  signal: AbortSignal;
}

export interface LoadResult {
  /** Including the warm-up signals. */
  planned: number;
  warmupSignals: number;
  sent: number;
  accepted: number;
  refused: Record<string, number>;
  ackTimeouts: number;
  received: number;
  /** Accepted by the server but never delivered (after draining). */
  lost: number;
  duplicates: number;
  misdelivered: number;
  unexpected: number;
  disconnects: number;
  /** Share of signals sent to a client on the other server process. */
  crossProcessShare: number;
  /** Duration of the measured part (after warm-up). */
  sendMs: number;
  sentPerSecond: number;
  deliveredPerSecond: number;
  /** Signals sent after warm-up. */
  latencyMs: LatencySummary | null;
  warmupLatencyMs: LatencySummary | null;
  /** One entry per second of sending (warm-up included): how latency evolved. */
  latencyBySecond: { second: number; count: number; p50: number; p99: number; max: number }[];
  /** The bench process's own event-loop delay while sending: high values inflate latencies. */
  benchLoopDelayMs: { p50: number; p99: number; max: number };
}

/** A loop-delay sample (nanoseconds) as milliseconds of lag beyond the sampling interval. */
const beyondResolution = (ns: number) => Math.max(0, ns / 1e6 - LOOP_DELAY_RESOLUTION_MS);

/** The number of signals sent at `ratePerSecond` for `durationMs`. */
export const signalsFor = (ratePerSecond: number, durationMs: number): number =>
  Math.round((ratePerSecond * durationMs) / 1000);

/** The number of signals a plan sends, so the tally can be sized before the clients exist. */
export const plannedSignals = (ratePerSecond: number, warmupMs: number, durationMs: number) =>
  signalsFor(ratePerSecond, warmupMs) + Math.max(1, signalsFor(ratePerSecond, durationMs));

const delivered = (latencies: Float64Array) => latencies.filter((value) => !Number.isNaN(value));

export async function runLoad(plan: LoadPlan, tally: RelayTally): Promise<LoadResult> {
  const warmupSignals = signalsFor(plan.ratePerSecond, plan.warmupMs);
  const total = Math.min(
    tally.capacity,
    plannedSignals(plan.ratePerSecond, plan.warmupMs, plan.durationMs),
  );
  const senders = plan.clients.filter((client) => client.room.members.length >= 2);
  if (senders.length === 0) throw new Error('no room has two members: nobody to signal');
  const maxBurst = Math.max(1, Math.ceil(plan.ratePerSecond * MAX_BURST_SECONDS));
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
  let sent = 0;
  let crossProcess = 0;

  const sendOne = (seq: number) => {
    const sender = senders[randomIndex(plan.random, senders.length)] as BenchClient;
    const receiver = randomOther(plan.random, sender.room.members, sender);
    if (sender.serverIndex !== receiver.serverIndex) crossProcess++;
    tally.onSend(seq, sender, receiver);
    const data = candidateSignal({ seq, sentAt: performance.now() });
    sender.socket
      .timeout(ACK_TIMEOUT_MS)
      .emit(
        'signal',
        { roomId: sender.room.roomId, to: receiver.peerId, data },
        (error, result) => {
          if (error) tally.ackTimeouts++;
          else if (result.ok) tally.accepted++;
          else
            tally.refused.set(result.error.code, (tally.refused.get(result.error.code) ?? 0) + 1);
        },
      );
  };

  const started = performance.now();
  let measureStartedAt = warmupSignals === 0 ? started : Number.NaN;
  if (warmupSignals === 0) loopDelay.enable();
  const giveUpAt = started + (plan.warmupMs + plan.durationMs) * SEND_OVERRUN_FACTOR;
  while (sent < total && !plan.signal.aborted && performance.now() < giveUpAt) {
    const due = dueCount(performance.now() - started, plan.ratePerSecond, sent, total, maxBurst);
    for (let i = 0; i < due; i++) {
      if (sent === warmupSignals && warmupSignals > 0) {
        measureStartedAt = performance.now();
        loopDelay.enable();
      }
      sendOne(sent++);
    }
    await sleep(TICK_MS);
  }
  const sendMs = Number.isNaN(measureStartedAt) ? 0 : performance.now() - measureStartedAt;
  loopDelay.disable();

  const drainUntil = performance.now() + DRAIN_TIMEOUT_MS;
  while (
    (tally.acksSettled < sent || tally.received + tally.misdelivered < tally.accepted) &&
    performance.now() < drainUntil &&
    !plan.signal.aborted
  ) {
    await sleep(DRAIN_POLL_MS);
  }

  const latencies = tally.latencyBySeq.subarray(0, sent);
  const measured = delivered(latencies.subarray(Math.min(sent, warmupSignals)));
  const measuredSent = Math.max(0, sent - warmupSignals);
  const perSecond = (count: number) => (sendMs > 0 ? (count * 1000) / sendMs : 0);
  return {
    planned: total,
    warmupSignals,
    sent,
    accepted: tally.accepted,
    refused: Object.fromEntries(tally.refused),
    ackTimeouts: tally.ackTimeouts,
    received: tally.received,
    lost: Math.max(0, sent - tally.refusedTotal - tally.received - tally.misdelivered),
    duplicates: tally.duplicates,
    misdelivered: tally.misdelivered,
    unexpected: tally.unexpected,
    disconnects: tally.disconnects,
    crossProcessShare: sent > 0 ? crossProcess / sent : 0,
    sendMs,
    sentPerSecond: perSecond(measuredSent),
    deliveredPerSecond: perSecond(measured.length),
    latencyMs: summarize(measured),
    warmupLatencyMs: summarize(delivered(latencies.subarray(0, Math.min(sent, warmupSignals)))),
    latencyBySecond: timeline(latencies, Math.max(1, Math.round(plan.ratePerSecond))).map(
      (bucket, second) => ({
        second,
        count: bucket.summary?.count ?? 0,
        p50: bucket.summary?.p50 ?? Number.NaN,
        p99: bucket.summary?.p99 ?? Number.NaN,
        max: bucket.summary?.max ?? Number.NaN,
      }),
    ),
    benchLoopDelayMs: {
      p50: beyondResolution(loopDelay.percentile(50)),
      p99: beyondResolution(loopDelay.percentile(99)),
      max: beyondResolution(loopDelay.max),
    },
  };
}
