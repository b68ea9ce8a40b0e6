// Performance marks at the moments a person would time: they cost nothing and let
// the benchmark read exact times from the page instead of polling the UI.
export const MARKS = {
  hashStart: 'shoal:hash-start',
  hashEnd: 'shoal:hash-end',
  downloadStart: 'shoal:download-start',
  downloadComplete: 'shoal:download-complete',
} as const;

export function mark(name: (typeof MARKS)[keyof typeof MARKS]): void {
  performance.mark(name);
}
