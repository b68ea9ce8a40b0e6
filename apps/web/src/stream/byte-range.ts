// The Range header of a media element's request, read against a file's size
// (RFC 9110 §14). Players ask for one range at a time: "bytes=0-" to start,
// "bytes=N-" after a seek, and sometimes "bytes=-N" for the end of a file.

/** Bytes [start, end] of a file, both inclusive, as Content-Range counts them. */
export interface ByteRange {
  start: number;
  end: number;
}

/** Digits only: "+5", "0x10" and "1e3" are not byte positions. */
const POSITION = /^\d+$/;

/**
 * What the request asks for: a range, 'unsatisfiable' (answer 416), or null
 * for the whole file (no Range header, or one we may ignore: another unit,
 * several ranges, bad syntax; RFC 9110 lets a server ignore those).
 */
export function parseRange(
  header: string | null,
  size: number,
): ByteRange | 'unsatisfiable' | null {
  if (header === null) return null;
  const match = /^bytes=([^,]*)$/i.exec(header.trim());
  if (!match) return null;
  const [first = '', last = ''] = match[1]!
    .trim()
    .split('-', 2)
    .map((part) => part.trim());
  if (!match[1]!.includes('-')) return null;
  if (first === '') {
    // A suffix: the last N bytes.
    if (!POSITION.test(last)) return null;
    const length = Number(last);
    if (length === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - length), end: size - 1 };
  }
  if (!POSITION.test(first) || (last !== '' && !POSITION.test(last))) return null;
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}
