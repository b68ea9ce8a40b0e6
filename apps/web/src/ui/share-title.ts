// What a share is called where it is listed, and the name its "Save all" ZIP is saved under.

/** "report.pdf", or "photos" (a folder), or "report.pdf and 11 more". */
export function shareTitle(paths: string[]): string {
  const first = paths[0] ?? '';
  const top = first.includes('/') ? first.slice(0, first.indexOf('/')) : first;
  if (paths.length <= 1) return top;
  const sameFolder = first.includes('/') && paths.every((p) => p.startsWith(`${top}/`));
  return sameFolder ? top : `${top} and ${paths.length - 1} more`;
}
