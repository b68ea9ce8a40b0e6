// Which file paths a manifest may carry. A downloader writes files under these paths,
// so a hostile manifest must not be able to escape the download folder, hide control
// characters in a name, or make two files collide.
import { isWellFormedUtf16, utf8Encode } from './bytes.ts';
import { MAX_PATH_BYTES } from './manifest.ts';
import { manifestError, type ManifestError } from './manifest-error.ts';
import { err, ok, type Result } from '../result.ts';

/** C0 controls and DEL: invisible in file names, and NUL ends C strings. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/**
 * Accepts a safe relative path: non-empty, at most MAX_PATH_BYTES of UTF-8, '/'
 * separated, no leading '/', no '\\', no empty, '.' or '..' segments, no control
 * characters, no lone surrogates. Unicode normalization is not required.
 */
export function validatePath(path: string): Result<string, ManifestError> {
  const bad = (why: string): Result<string, ManifestError> =>
    err(manifestError('bad-path', `path ${JSON.stringify(path.slice(0, 80))} ${why}`, path));
  if (path.length === 0) return bad('is empty');
  if (!isWellFormedUtf16(path)) return bad('has a lone surrogate');
  if (utf8Encode(path).length > MAX_PATH_BYTES) return bad(`exceeds ${MAX_PATH_BYTES} bytes`);
  if (CONTROL_CHARACTER.test(path)) return bad('has a control character');
  if (path.includes('\\')) return bad("has a '\\'");
  if (path.startsWith('/')) return bad('is absolute');
  for (const segment of path.split('/')) {
    if (segment === '') return bad('has an empty segment');
    if (segment === '.' || segment === '..') return bad(`has a '${segment}' segment`);
  }
  return ok(path);
}

/**
 * Finds duplicate paths and paths that are both a file and a folder ('a' and 'a/b'),
 * in O(n log n) comparisons without building every prefix (a hostile manifest of deep
 * paths would make that quadratic).
 *
 * After a plain sort, duplicates are neighbours, and the paths under folder `p` (those
 * starting with `p + '/'`) form one run, which a binary search finds.
 */
export function pathSetProblem(paths: readonly string[]): ManifestError | undefined {
  const sorted = [...paths].sort();
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1]) {
      const path = sorted[i] ?? '';
      return manifestError('duplicate-path', `path ${JSON.stringify(path)} appears twice`, path);
    }
  }
  for (const path of sorted) {
    const folder = path + '/';
    const inside = sorted[lowerBound(sorted, folder)];
    if (inside?.startsWith(folder)) {
      return manifestError(
        'path-conflict',
        `${JSON.stringify(path)} is a file and a folder of ${JSON.stringify(inside)}`,
        path,
      );
    }
  }
  return undefined;
}

/** Index of the first element of `sorted` that is ≥ `key`. */
function lowerBound(sorted: readonly string[], key: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] ?? '') < key) low = middle + 1;
    else high = middle;
  }
  return low;
}
