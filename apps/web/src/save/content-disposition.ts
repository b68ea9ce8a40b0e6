/**
 * A Content-Disposition header that saves as `fileName`: an ASCII fallback plus
 * the exact name in RFC 5987 encoding, so any name (quotes, slashes, emoji) is safe.
 */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\/]/gu, '_') || 'download';
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** The last segment of a manifest path: the file's own name (saved as safeFileName of it). */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
