import { describe, expect, it } from 'vitest';
import { distributedCopies } from './swarm-health.ts';

describe('distributedCopies', () => {
  it('counts whole copies, and the share of pieces one copy further on', () => {
    expect(distributedCopies(4, () => 2)).toBe(2);
    expect(distributedCopies(4, (i) => (i === 0 ? 3 : 2))).toBe(2.25);
  });

  it('is below one while some piece has no copy here', () => {
    expect(distributedCopies(4, (i) => (i === 3 ? 0 : 1))).toBe(0.75);
  });

  it('is zero for a share with no pieces', () => {
    expect(distributedCopies(0, () => 5)).toBe(0);
  });
});
