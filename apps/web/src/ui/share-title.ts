// What a share is called where it is listed, and the name its "Save all" ZIP is saved under.

/** How a language says "report.pdf and 11 more". */
export type AndMore = (first: string, more: number) => string;

/** The service worker's way (it has no translations): ZIP names are names, not sentences. */
export const AND_MORE_IN_ENGLISH: AndMore = (first, more) => `${first} and ${more} more`;

/** "report.pdf", or "photos" (a folder), or "report.pdf and 11 more". */
export function shareTitle(paths: string[], andMore: AndMore = AND_MORE_IN_ENGLISH): string {
  const first = paths[0] ?? '';
  const top = first.includes('/') ? first.slice(0, first.indexOf('/')) : first;
  if (paths.length <= 1) return top;
  const sameFolder = first.includes('/') && paths.every((p) => p.startsWith(`${top}/`));
  return sameFolder ? top : andMore(top, paths.length - 1);
}
