import { describe, expect, it } from 'vitest';
import { LOAD_ALLOWANCE_PIECES, MAX_LOADED_PER_SERVED, ServingCost } from './serving-cost.ts';

const PIECE = 1024;

describe('ServingCost', () => {
  it('lets a peer load its allowance of pieces before anything is served', () => {
    const cost = new ServingCost();
    for (let i = 0; i < LOAD_ALLOWANCE_PIECES; i++) expect(cost.load(PIECE)).toBe(true);
    expect(cost.load(1)).toBe(false);
  });

  it('pays for loads with bytes served, up to MAX_LOADED_PER_SERVED per byte', () => {
    const cost = new ServingCost();
    for (let i = 0; i < 1000; i++) {
      expect(cost.load(PIECE)).toBe(true);
      cost.served(PIECE);
    }
    for (let i = 0; i < LOAD_ALLOWANCE_PIECES; i++) expect(cost.load(PIECE)).toBe(true);
    for (let i = 0; i < (MAX_LOADED_PER_SERVED - 1) * 1000; i++)
      expect(cost.load(PIECE)).toBe(true);
    expect(cost.load(1)).toBe(false);
  });
});
