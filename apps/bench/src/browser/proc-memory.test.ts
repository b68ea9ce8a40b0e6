import { describe, expect, it } from 'vitest';
import { parseStatus, sumTree } from './proc-memory.ts';

describe('parseStatus', () => {
  it('reads the parent pid and resident kilobytes', () => {
    expect(parseStatus('Name:\tchrome\nPPid:\t41\nVmRSS:\t  123456 kB\n')).toEqual({
      ppid: 41,
      rssKiB: 123456,
    });
  });
  it('counts a kernel thread without VmRSS as zero', () => {
    expect(parseStatus('Name:\tkthreadd\nPPid:\t0\n')).toEqual({ ppid: 0, rssKiB: 0 });
  });
});

describe('sumTree', () => {
  it('adds the root and all its descendants, and nothing else', () => {
    const table = new Map([
      [10, { ppid: 1, rssKiB: 100 }],
      [11, { ppid: 10, rssKiB: 20 }],
      [12, { ppid: 11, rssKiB: 3 }],
      [20, { ppid: 1, rssKiB: 999 }],
    ]);
    expect(sumTree(table, 10)).toBe(123);
    expect(sumTree(table, 11)).toBe(23);
  });
});
