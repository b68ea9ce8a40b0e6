import { describe, expect, it } from 'vitest';
import { WriteBatcher } from './write-batcher.ts';

describe('WriteBatcher', () => {
  it('writes alone when idle, and groups writes that arrive during a transaction', async () => {
    const transactions: number[][] = [];
    let release!: () => void;
    const batcher = new WriteBatcher<number, string>(async (entries) => {
      transactions.push(entries.map(([key]) => key));
      if (transactions.length === 1) await new Promise<void>((resolve) => (release = resolve));
    });
    const first = batcher.write(1, 'a');
    const rest = [batcher.write(2, 'b'), batcher.write(3, 'c')];
    release();
    await Promise.all([first, ...rest]);
    expect(transactions).toEqual([[1], [2, 3]]);
  });

  it('rejects every write of a failed transaction and carries on with the next', async () => {
    let calls = 0;
    const batcher = new WriteBatcher<number, string>(async () => {
      calls += 1;
      if (calls === 1) throw new Error('QuotaExceededError');
    });
    await expect(batcher.write(1, 'a')).rejects.toThrow('QuotaExceededError');
    await expect(batcher.write(2, 'b')).resolves.toBeUndefined();
  });
});
