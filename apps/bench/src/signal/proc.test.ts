import { describe, expect, it } from 'vitest';
import { parseCpuMs, parseSchedstat, parseVmRssBytes } from './proc.ts';

describe('parseVmRssBytes', () => {
  it('reads VmRSS in kB as bytes', () => {
    const status = 'Name:\tnode\nVmPeak:\t 1000 kB\nVmRSS:\t   51200 kB\nRssAnon:\t 40000 kB\n';
    expect(parseVmRssBytes(status)).toBe(51_200 * 1024);
  });

  it('returns undefined when the line is missing (a zombie process has none)', () => {
    expect(parseVmRssBytes('Name:\tnode\nState:\tZ (zombie)\n')).toBeUndefined();
  });
});

describe('parseCpuMs', () => {
  it('adds utime and stime, even when the command name holds spaces and parentheses', () => {
    const stat = '4242 (node (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 11 0';
    expect(parseCpuMs(stat)).toBe(3000);
  });

  it('returns undefined for a truncated line', () => {
    expect(parseCpuMs('4242 (node) S 1 2')).toBeUndefined();
  });
});

describe('parseSchedstat', () => {
  it('reads nanoseconds on a CPU and waiting for one as milliseconds', () => {
    expect(parseSchedstat('1500000000 250000000 4242\n')).toEqual({ cpuMs: 1500, waitMs: 250 });
  });

  it('returns undefined for an empty file', () => {
    expect(parseSchedstat('')).toBeUndefined();
  });
});
