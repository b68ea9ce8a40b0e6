import { describe, expect, it } from 'vitest';
import { formatBytes, formatCopies, formatDuration, formatRate } from './format.ts';

describe('formatBytes', () => {
  it('shows whole bytes below one KiB', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
  });
  it('moves to the next unit at 1024 and keeps three significant figures', () => {
    expect(formatBytes(1024)).toBe('1.00 KiB');
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(20 * 1024 * 1024)).toBe('20.0 MiB');
    expect(formatBytes(300 * 1024 ** 3)).toBe('300 GiB');
  });
  it('shows a dash for sizes that cannot be', () => {
    expect(formatBytes(-1)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
  });
});

describe('formatRate', () => {
  it('reads as bytes per second', () => {
    expect(formatRate(4.2 * 1024 * 1024)).toBe('4.20 MiB/s');
  });
});

describe('formatDuration', () => {
  it('shows seconds, then minutes, then hours', () => {
    expect(formatDuration(44.2)).toBe('45 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(2 * 3600 + 7 * 60)).toBe('2 h 07 min');
  });
  it('shows a dash when the time left is unknown', () => {
    expect(formatDuration(undefined)).toBe('—');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('—');
  });
});

describe('formatCopies', () => {
  it('rounds down to a tenth, so an incomplete swarm never reads as one whole copy', () => {
    expect(formatCopies(0.99)).toBe('0.9 copies');
    expect(formatCopies(1)).toBe('1.0 copy');
    expect(formatCopies(2.25)).toBe('2.2 copies');
    expect(formatCopies(0.3)).toBe('0.3 copies');
  });
});
