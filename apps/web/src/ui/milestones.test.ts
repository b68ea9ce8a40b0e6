import { describe, expect, it } from 'vitest';
import { downloadMilestone } from './milestones.ts';

describe('downloadMilestone', () => {
  it('says the download started, then each quarter, then that it is complete', () => {
    const said = [0, 10, 24, 25, 49, 50, 74, 75, 99].map((percent) =>
      downloadMilestone('downloading', percent),
    );
    expect([...new Set(said)]).toEqual([
      'Download started.',
      'Downloaded 25 percent.',
      'Downloaded 50 percent.',
      'Downloaded 75 percent.',
    ]);
    expect(downloadMilestone('complete', 100)).toBe('Download complete.');
  });

  it('stays quiet before the download and after the share closes', () => {
    expect(downloadMilestone('finding', 0)).toBeNull();
    expect(downloadMilestone('ready', 0)).toBeNull();
    expect(downloadMilestone('closed', 40)).toBeNull();
  });
});
