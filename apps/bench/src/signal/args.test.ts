import { describe, expect, it } from 'vitest';
import { FULL_DEFAULTS, QUICK_DEFAULTS, parseArgs } from './args.ts';

describe('parseArgs', () => {
  it('defaults to the full run: 5,000 clients, 1,000 signals/s for 10 s, the relay scenarios and the crowds', () => {
    expect(parseArgs([], {})).toEqual({ ok: true, value: FULL_DEFAULTS });
  });

  it('switches to quick mode with --quick or BENCH_QUICK=1', () => {
    expect(parseArgs(['--quick'], {})).toEqual({ ok: true, value: QUICK_DEFAULTS });
    expect(parseArgs([], { BENCH_QUICK: '1' })).toEqual({ ok: true, value: QUICK_DEFAULTS });
  });

  it('reads flags in both --name value and --name=value forms, over env', () => {
    const parsed = parseArgs(['--clients', '300', '--rate=500', '--scenarios', 'redis'], {
      BENCH_CLIENTS: '9000',
      BENCH_DURATION_S: '4',
    });
    expect(parsed.ok && parsed.value).toMatchObject({
      clients: 300,
      rate: 500,
      durationSeconds: 4,
      scenarios: ['redis'],
    });
  });

  it('lets quick mode take explicit overrides', () => {
    const parsed = parseArgs(['--quick', '--clients', '50'], {});
    expect(parsed.ok && parsed.value).toMatchObject({ quick: true, clients: 50 });
  });

  it('reports every problem at once', () => {
    const parsed = parseArgs(
      ['--clients', 'many', '--rate', '0', '--scenarios', 'single,cloud', '--colour', 'x', 'y'],
      {},
    );
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error).toHaveLength(5);
      expect(parsed.error.join('\n')).toMatch(/--clients must be an integer/);
      expect(parsed.error.join('\n')).toMatch(/--rate must be within/);
      expect(parsed.error.join('\n')).toMatch(/scenarios must be a list/);
      expect(parsed.error.join('\n')).toMatch(/unknown flag --colour/);
      expect(parsed.error.join('\n')).toMatch(/unexpected argument "y"/);
    }
  });

  it('sizes the flash crowd: 10,000 at 1,000/s in full, 1,000 in quick, K = 30 in both', () => {
    expect(FULL_DEFAULTS).toMatchObject({ crowdClients: 10_000, crowdRate: 1_000, sampleSize: 30 });
    expect(QUICK_DEFAULTS).toMatchObject({ crowdClients: 1_000, sampleSize: 30 });
    expect(QUICK_DEFAULTS.scenarios).toEqual(['single', 'redis', 'crowd', 'crowd-redis']);
    const parsed = parseArgs(['--scenarios=crowd', '--crowd-clients', '500', '--sample-size=8'], {
      BENCH_CROWD_RATE: '250',
    });
    expect(parsed.ok && parsed.value).toMatchObject({
      scenarios: ['crowd'],
      crowdClients: 500,
      crowdRate: 250,
      sampleSize: 8,
    });
  });

  it('refuses a flag with no value', () => {
    expect(parseArgs(['--duration'], {})).toEqual({
      ok: false,
      error: ['--duration needs a value'],
    });
  });
});
