// What a screen reader is told as a transfer goes on: a few milestones, not
// every progress tick (a live region that changes four times a second is noise).
import type { SessionPhase } from '../session/share-session.ts';

/** Percentages announced on the way: often enough to know it moves, rarely enough to listen. */
export const ANNOUNCED_PERCENTS = [25, 50, 75] as const;

/**
 * The milestone reached for this phase and percentage, or null before any.
 * The same inputs within one milestone give the same text, so the live region
 * only changes when a new milestone is reached.
 */
export function downloadMilestone(phase: SessionPhase, percent: number): string | null {
  switch (phase) {
    case 'finding':
    case 'ready':
    case 'closed':
      return null;
    case 'complete':
      return 'Download complete.';
    case 'paused':
      return 'Download paused.';
    case 'downloading': {
      const reached = ANNOUNCED_PERCENTS.filter((p) => percent >= p).at(-1);
      return reached === undefined ? 'Download started.' : `Downloaded ${reached} percent.`;
    }
  }
}
