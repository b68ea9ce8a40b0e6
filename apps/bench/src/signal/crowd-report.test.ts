import { describe, expect, it } from 'vitest';
import type { CrowdResult } from './crowd.ts';
import { countAck, countEvent, emptyCounts } from './crowd-tally.ts';
import {
  bottleneckOf,
  checkCrowdTargets,
  messagesPerJoin,
  peerLeftPerLeave,
} from './crowd-report.ts';

function crowd(overrides: Partial<CrowdResult>): CrowdResult {
  return {
    name: 'crowd',
    label: 'crowd, 1 process',
    processes: 1,
    clients: 4,
    workers: 1,
    ratePerSecond: 100,
    sampleSize: 2,
    serverEnv: {},
    ok: true,
    problems: [],
    joined: 4,
    failures: 0,
    plannedArrivalMs: 40,
    settledMs: 50,
    joinMs: { count: 4, min: 1, mean: 2, p50: 2, p90: 3, p99: 3, max: 3 },
    connectMs: null,
    joinPhase: null,
    leaves: 0,
    leaveMs: null,
    leavePhase: null,
    servers: [],
    clientEventLoopUtilization: [],
    clientLoopDelayP99Ms: [],
    clientCpuMs: [],
    clientRunQueueWaitMs: [],
    ...overrides,
  };
}

describe('crowd report', () => {
  it('counts announcements and acks per join, and peer-left per leave', () => {
    const joinPhase = emptyCounts();
    for (let i = 0; i < 4; i++) countAck(joinPhase, i);
    for (let i = 0; i < 6; i++) countEvent(joinPhase, 'peer-joined');
    const leavePhase = emptyCounts();
    for (let i = 0; i < 3; i++) countEvent(leavePhase, 'peer-left');
    const result = crowd({ joinPhase, leavePhase, leaves: 1 });
    expect(messagesPerJoin(result)).toBe(2.5);
    expect(peerLeftPerLeave(result)).toBe(3);
  });

  it('passes messages per join at K + 1 and misses above it; p99 only on one process', () => {
    const within = emptyCounts();
    countAck(within, 2);
    countEvent(within, 'peer-joined');
    countEvent(within, 'peer-joined');
    const over = emptyCounts();
    countAck(over, 2);
    for (let i = 0; i < 3; i++) countEvent(over, 'peer-joined');
    const checks = checkCrowdTargets([
      crowd({ joinPhase: within }),
      crowd({ joinPhase: over, processes: 2, label: 'two' }),
    ]);
    expect(checks.map((c) => [c.scenario, c.status])).toEqual([
      ['crowd, 1 process', 'PASS'],
      ['crowd, 1 process', 'PASS'],
      ['two', 'MISS'],
    ]);
  });

  it('names the side that was saturated', () => {
    expect(bottleneckOf([0.95, 0.5], [40])).toBe('client');
    expect(bottleneckOf([0.5], [99, undefined])).toBe('server');
    expect(bottleneckOf([0.95], [99])).toBe('client and server');
    expect(bottleneckOf([0.2], [undefined])).toBe('neither');
  });
});
