// What a screen reader is told as a transfer goes on: a few milestones, not
// every progress tick (a live region that changes four times a second is noise).
import type { SessionPhase } from '../session/session-snapshot.ts';

/** Percentages announced on the way: often enough to know it moves, rarely enough to listen. */
export const ANNOUNCED_PERCENTS = [25, 50, 75] as const;

export type Milestone =
  | { kind: 'started' | 'paused' | 'complete' }
  | { kind: 'percent'; percent: (typeof ANNOUNCED_PERCENTS)[number] };

/**
 * The milestone reached for this phase and percentage, or null before any.
 * The same inputs within one milestone give an equal milestone, so the live
 * region only changes when a new one is reached.
 */
export function downloadMilestone(phase: SessionPhase, percent: number): Milestone | null {
  switch (phase) {
    case 'finding':
    case 'ready':
    case 'closed':
      return null;
    case 'complete':
      return { kind: 'complete' };
    case 'paused':
      return { kind: 'paused' };
    case 'downloading': {
      const reached = ANNOUNCED_PERCENTS.filter((p) => percent >= p).at(-1);
      return reached === undefined ? { kind: 'started' } : { kind: 'percent', percent: reached };
    }
  }
}
