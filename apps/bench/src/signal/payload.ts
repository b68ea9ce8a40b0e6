// Signal payloads shaped like simple-peer's trickle-ICE candidates, carrying the
// sender's timestamp. The server relays them unread; only the bench looks inside.
import type { SignalData } from '@shoal/protocol';

/** What the bench adds to each signal: which one it is and when it left. */
export interface BenchStamp {
  seq: number;
  /** performance.now() in the bench process when the signal was emitted. */
  sentAt: number;
}

/**
 * A candidate as simple-peer emits it (`{ type: 'candidate', candidate: {...} }`),
 * with a server-reflexive candidate line like Chromium's, plus the stamp. About
 * 250 bytes of JSON, which is what most signals in a handshake look like.
 */
export function candidateSignal(stamp: BenchStamp): SignalData {
  const port = 49152 + (stamp.seq % 16384);
  const host = `198.51.100.${stamp.seq % 254}`;
  return {
    type: 'candidate',
    candidate: {
      candidate:
        `candidate:${(stamp.seq * 2654435761) >>> 0} 1 udp 1686052607 ${host} ${port} ` +
        `typ srflx raddr 192.168.1.23 rport ${port} generation 0 ufrag 7Qb+ network-cost 999`,
      sdpMLineIndex: 0,
      sdpMid: '0',
      usernameFragment: '7Qb+',
    },
    bench: { seq: stamp.seq, sentAt: stamp.sentAt },
  };
}

/** The stamp of a relayed signal, or undefined if the signal is not one of ours. */
export function readStamp(data: SignalData): BenchStamp | undefined {
  const bench = data['bench'];
  if (typeof bench !== 'object' || bench === null || Array.isArray(bench)) return undefined;
  const { seq, sentAt } = bench;
  if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 0) return undefined;
  if (typeof sentAt !== 'number' || !Number.isFinite(sentAt)) return undefined;
  return { seq, sentAt };
}
