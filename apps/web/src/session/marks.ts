// Performance marks at the moments a person would time: they cost nothing and let
// the benchmark read exact times from the page instead of polling the UI.
export const MARKS = {
  hashStart: 'shoal:hash-start',
  hashEnd: 'shoal:hash-end',
  /** The share is registered and its link shows: what a person waits for after dropping files. */
  linkReady: 'shoal:link-ready',
  downloadStart: 'shoal:download-start',
  /** The first piece after Download was pressed is verified and stored. */
  firstPiece: 'shoal:first-piece',
  downloadComplete: 'shoal:download-complete',
} as const;

export function mark(name: (typeof MARKS)[keyof typeof MARKS]): void {
  performance.mark(name);
}
