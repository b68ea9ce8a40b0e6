import { describe, expect, it } from 'vitest';
import { runCrowd, type CrowdCase } from './crowd-sim.ts';

const KiB = 1024;
const SMALL: CrowdCase = {
  downloaders: 8,
  fileBytes: 16 * 256 * KiB,
  pieceBytes: 256 * KiB,
  uploadBytesPerSecond: 512 * KiB,
  sharerUploadBytesPerSecond: 512 * KiB,
  arrivalSpreadMs: 1_000,
  seed: 3,
};

describe('a simulated flash crowd', () => {
  it('ends with every downloader holding every piece byte for byte, mostly from each other', async () => {
    const result = await runCrowd(SMALL);
    expect(result.finished).toBe(8);
    expect(result.complete).toBe(8);
    expect(result.wrongPieces).toBe(0);
    // Eight copies went out; the sharer sent far fewer than client-server would.
    expect(result.sharerCopies).toBeLessThan(3);
    expect(result.allFinishedMs).toBeGreaterThanOrEqual(result.boundMs);
    expect(result.allFinishedMs).toBeLessThan(result.clientServerMs);
  });

  it('lets everyone finish after the sharer leaves once the crowd holds enough copies', async () => {
    const result = await runCrowd({
      ...SMALL,
      downloaders: 12,
      sharerLeavesAfterCopies: 1.2,
      seed: 4,
    });
    expect(result.sharerLeftAtMs).not.toBeNull();
    expect(result.finished).toBe(12);
    expect(result.wrongPieces).toBe(0);
  });

  it('finishes everyone who stays through churn, newcomers included', async () => {
    const result = await runCrowd({ ...SMALL, downloaders: 10, churnFraction: 0.3, seed: 5 });
    // Three left and three newcomers joined.
    expect(result.stayed).toBe(10);
    expect(result.finished).toBe(10);
    expect(result.complete).toBe(10);
    expect(result.wrongPieces).toBe(0);
  });
});
