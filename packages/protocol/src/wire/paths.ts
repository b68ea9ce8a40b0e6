// Which file paths a manifest may carry. A downloader writes files under these paths,
// so a hostile manifest must not be able to escape the download folder, hide or
// reorder characters in a name, or make two files collide. One rule set: the encoder
// (validateManifest), the decoder and the sharer's checks (core's planShare) all use
// pathProblem and pathCollision.
import { isWellFormedUtf16, utf8Encode } from './bytes.ts';
import {
  describeHiddenCharacter,
  firstHiddenCharacter,
  replaceHiddenCharacters,
  withoutInvisibleCharacters,
  type HiddenCharacter,
} from './hidden-characters.ts';
import { MAX_PATH_BYTES } from './manifest.ts';
import { manifestError, type ManifestError } from './manifest-error.ts';
import { err, ok, type Result } from '../result.ts';

/** What is wrong with one path; core says it in plain words to the sharer. */
export type PathProblem =
  | { kind: 'empty' }
  | { kind: 'lone-surrogate' }
  | { kind: 'too-long'; bytes: number }
  | { kind: 'hidden-character'; character: HiddenCharacter }
  | { kind: 'backslash' }
  | { kind: 'absolute' }
  | { kind: 'empty-segment' }
  | { kind: 'dot-segment'; segment: '.' | '..' };

/**
 * Why `path` is not a safe relative path, or undefined if it is one: non-empty, at
 * most MAX_PATH_BYTES of UTF-8, '/' separated, no leading '/', no '\\', no empty,
 * '.' or '..' segments, no lone surrogates, and no hidden characters (controls,
 * line separators, direction controls, invisible characters; see hidden-characters.ts).
 * Unicode normalization is not required; pathCollision compares normalized forms.
 */
export function pathProblem(path: string): PathProblem | undefined {
  if (path.length === 0) return { kind: 'empty' };
  if (!isWellFormedUtf16(path)) return { kind: 'lone-surrogate' };
  const bytes = utf8Encode(path).length;
  if (bytes > MAX_PATH_BYTES) return { kind: 'too-long', bytes };
  const character = firstHiddenCharacter(path);
  if (character !== undefined) return { kind: 'hidden-character', character };
  if (path.includes('\\')) return { kind: 'backslash' };
  if (path.startsWith('/')) return { kind: 'absolute' };
  for (const segment of path.split('/')) {
    if (segment === '') return { kind: 'empty-segment' };
    if (segment === '.' || segment === '..') return { kind: 'dot-segment', segment };
  }
  return undefined;
}

function problemWords(problem: PathProblem): string {
  switch (problem.kind) {
    case 'empty':
      return 'is empty';
    case 'lone-surrogate':
      return 'has a lone surrogate';
    case 'too-long':
      return `exceeds ${MAX_PATH_BYTES} bytes`;
    case 'hidden-character':
      return `has ${describeHiddenCharacter(problem.character)}`;
    case 'backslash':
      return "has a '\\'";
    case 'absolute':
      return 'is absolute';
    case 'empty-segment':
      return 'has an empty segment';
    case 'dot-segment':
      return `has a '${problem.segment}' segment`;
  }
}

/** A path as a log message shows it: quoted, cut short, hidden characters written out. */
export function quotedPath(path: string): string {
  return JSON.stringify(replaceHiddenCharacters(path.slice(0, 80)));
}

/** Accepts a safe relative path (see pathProblem); refuses anything else as bad-path. */
export function validatePath(path: string): Result<string, ManifestError> {
  const problem = pathProblem(path);
  if (problem === undefined) return ok(path);
  return err(manifestError('bad-path', `path ${quotedPath(path)} ${problemWords(problem)}`, path));
}

/**
 * The key under which two paths name the same file for a person or a file system:
 * without the joiners and variation selectors validation lets through, in one
 * Unicode normalization, in one letter case.
 *
 * Case: lower, upper, then lower again, rather than toLowerCase alone. Lower-casing
 * alone keeps 'ß' apart from 'SS' and 'ς' (final sigma) apart from 'σ', which
 * Unicode's full case folding (CaseFolding.txt, C+F) joins; the round trip joins
 * them ('ẞ' → 'ß' → 'SS' → 'ss'), as full folding does, with no table to carry.
 * It may join a little more than a given file system does ('ı' with 'i', as
 * NTFS's upcase table also does): refusing such a pair costs the sharer a rename,
 * missing one lets a file overwrite or pass for another. JavaScript's case mappings
 * are locale-independent, so every peer computes the same key.
 *
 * Normalization: NFD first (case maps act on base letters), NFC last. Not NFKC:
 * compatibility variants (fullwidth 'Ａ', ligature 'ﬁ') look different, and file
 * systems keep them apart.
 */
export function foldPath(path: string): string {
  return withoutInvisibleCharacters(path)
    .normalize('NFC')
    .toLowerCase()
    .toUpperCase()
    .toLowerCase()
    .normalize('NFC');
}

/** Two paths that cannot both be in a share. */
export interface PathCollision {
  /** 'same-name': the same name once folded; 'file-and-folder': `path` is a file and, folded, a folder of `other`. */
  kind: 'same-name' | 'file-and-folder';
  path: string;
  other: string;
  /** The two are not identical, only alike once folded (case, normalization, joiners). */
  folded: boolean;
}

/**
 * Finds two paths that name the same file once folded (foldPath), or a path that is
 * both a file and a folder ('A' and 'a/b'), in O(n log n) comparisons without
 * building every prefix (a hostile manifest of deep paths would make that quadratic).
 *
 * After sorting by folded key, same names are neighbours, and the keys under folder
 * `k` (those starting with `k + '/'`) form one run, which a binary search finds.
 * Folding never adds or removes a '/', so folders stay folders.
 */
export function pathCollision(paths: readonly string[]): PathCollision | undefined {
  const sorted = paths
    .map((path) => ({ path, key: foldPath(path) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    const [one, two] = [sorted[i - 1], sorted[i]];
    if (one && two && one.key === two.key) {
      return { kind: 'same-name', path: one.path, other: two.path, folded: one.path !== two.path };
    }
  }
  const keys = sorted.map(({ key }) => key);
  for (const { path, key } of sorted) {
    const folder = key + '/';
    const inside = sorted[lowerBound(keys, folder)];
    if (inside?.key.startsWith(folder)) {
      const folded = !inside.path.startsWith(path + '/');
      return { kind: 'file-and-folder', path, other: inside.path, folded };
    }
  }
  return undefined;
}

/**
 * pathCollision as a ManifestError: duplicate-path for the same name (identical,
 * or differing only in case or normalization), path-conflict for a file that is
 * also a folder.
 */
export function pathSetProblem(paths: readonly string[]): ManifestError | undefined {
  const collision = pathCollision(paths);
  if (collision === undefined) return undefined;
  const { kind, path, other, folded } = collision;
  const [one, two] = [quotedPath(path), quotedPath(other)];
  if (kind === 'same-name') {
    const message = folded
      ? `paths ${one} and ${two} differ only in letter case or Unicode normalization`
      : `path ${one} appears twice`;
    return manifestError('duplicate-path', message, path);
  }
  const how = folded ? ', once letter case and Unicode normalization are ignored' : '';
  return manifestError('path-conflict', `${one} is a file and a folder of ${two}${how}`, path);
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
