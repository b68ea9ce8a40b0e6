// The flash crowd's table, its targets (issue 14) and which side limited it.
// Pure: results in, text out.
import type { CrowdResult } from './crowd.ts';
import { messagesPerRequest, sumOf } from './crowd-tally.ts';
import { alignColumns, type TargetCheck } from './table.ts';

const MIB = 1024 * 1024;
/** Issue 14: a join answered within 100 ms at p99 on one process, even in a crowd. */
export const TARGET_JOIN_P99_MS = 100;
/** A worker whose event loop was busy this share of the crowd was the limit, not the server. */
const CLIENT_SATURATED_ELU = 0.9;
/** A server process using this much of one core was the limit. */
const SERVER_SATURATED_CPU_PERCENT = 90;

const fixed = (value: number | undefined, digits = 1) =>
  value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits);

export function messagesPerJoin(result: CrowdResult): number {
  return result.joinPhase
    ? messagesPerRequest(result.joinPhase, result.joinPhase.acks)
    : Number.NaN;
}

/** peer-left events received per leave (the leaver's own ack not counted). */
export function peerLeftPerLeave(result: CrowdResult): number {
  if (!result.leavePhase || result.leaves === 0) return Number.NaN;
  return result.leavePhase.events['peer-left'] / result.leaves;
}

function errorCount(result: CrowdResult): number {
  const refused = (counts: CrowdResult['joinPhase']) =>
    counts ? sumOf(Object.values(counts.refused)) : 0;
  return result.failures + refused(result.leavePhase);
}

/**
 * Which side limited the crowd: a client worker whose event loop was nearly
 * always busy, a server process near a full core, both, or neither.
 */
export function bottleneckOf(
  clientUtilization: readonly number[],
  serverCpuPercent: readonly (number | undefined)[],
): 'client' | 'server' | 'client and server' | 'neither' {
  const client = clientUtilization.some((u) => u >= CLIENT_SATURATED_ELU);
  const server = serverCpuPercent.some((c) => c !== undefined && c >= SERVER_SATURATED_CPU_PERCENT);
  if (client && server) return 'client and server';
  if (client) return 'client';
  if (server) return 'server';
  return 'neither';
}

export function formatCrowdTable(results: readonly CrowdResult[]): string {
  const header = [
    'scenario',
    'joined',
    'arrivals/s',
    'settled s',
    'join p50 ms',
    'join p99 ms',
    'join max ms',
    'msgs/join',
    'max peers',
    'peer-left/leave',
    'RSS peak MiB',
    'server CPU %',
    'client ELU',
    'refused+errors',
    'bottleneck',
    'worked',
  ];
  const rows = results.map((r) => [
    r.label,
    `${r.joined}/${r.clients}`,
    String(r.ratePerSecond),
    fixed(r.settledMs / 1000),
    fixed(r.joinMs?.p50),
    fixed(r.joinMs?.p99),
    fixed(r.joinMs?.max),
    fixed(messagesPerJoin(r), 2),
    r.joinPhase ? String(r.joinPhase.maxPeers) : '-',
    fixed(peerLeftPerLeave(r), 0),
    r.servers.map((s) => fixed(s.rssPeakBytes / MIB)).join(' + ') || '-',
    r.servers.map((s) => fixed(s.cpuPercent, 0)).join(' + ') || '-',
    r.clientEventLoopUtilization.map((u) => u.toFixed(2)).join(' ') || '-',
    String(errorCount(r)),
    bottleneckOf(
      r.clientEventLoopUtilization,
      r.servers.map((s) => s.cpuPercent),
    ),
    r.ok ? 'yes' : 'NO',
  ]);
  return alignColumns([header, ...rows]);
}

export function checkCrowdTargets(results: readonly CrowdResult[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const r of results) {
    const perJoin = messagesPerJoin(r);
    checks.push({
      target: `messages per join at most K + 1 = ${r.sampleSize + 1} (K announcements + the ack)`,
      scenario: r.label,
      status: Number.isNaN(perJoin) ? 'n/a' : perJoin <= r.sampleSize + 1 ? 'PASS' : 'MISS',
      measured: `${fixed(perJoin, 2)} per join, largest sample ${r.joinPhase?.maxPeers ?? '-'}`,
    });
    if (r.processes !== 1) continue;
    const p99 = r.joinMs?.p99;
    checks.push({
      target: `join p99 under ${TARGET_JOIN_P99_MS} ms on one process`,
      scenario: r.label,
      status: p99 === undefined ? 'n/a' : p99 < TARGET_JOIN_P99_MS ? 'PASS' : 'MISS',
      measured: `p99 ${fixed(p99)} ms at ${r.ratePerSecond} arrivals/s, ${r.joined} joins`,
    });
  }
  return checks;
}
