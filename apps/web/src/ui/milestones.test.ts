import { describe, expect, it } from 'vitest';
import { downloadMilestone } from './milestones.ts';

describe('downloadMilestone', () => {
  it('says the download started, then each quarter, then that it is complete', () => {
    const said = [0, 10, 24, 25, 49, 50, 74, 75, 99].map((percent) =>
      JSON.stringify(downloadMilestone('downloading', percent)),
    );
    expect([...new Set(said)].map((text) => JSON.parse(text) as unknown)).toEqual([
      { kind: 'started' },
      { kind: 'percent', percent: 25 },
      { kind: 'percent', percent: 50 },
      { kind: 'percent', percent: 75 },
    ]);
    expect(downloadMilestone('complete', 100)).toEqual({ kind: 'complete' });
  });

  it('stays quiet before the download and after the share closes', () => {
    expect(downloadMilestone('finding', 0)).toBeNull();
    expect(downloadMilestone('ready', 0)).toBeNull();
    expect(downloadMilestone('closed', 40)).toBeNull();
  });
});
