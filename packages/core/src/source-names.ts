// Checks a share's files before a byte is read, by the manifest's own rules
// (protocol's pathProblem and pathCollision), and says in plain words which file
// is wrong and why, so the sharer can rename it.
import {
  describeHiddenCharacter,
  MAX_PATH_BYTES,
  pathCollision,
  pathProblem,
  replaceHiddenCharacters,
  type PathCollision,
  type PathProblem,
} from '@shoal/protocol';
import { ShoalError } from './errors.ts';
import type { FileSource } from './interfaces.ts';

/** Longest name a message quotes in full; longer ones are cut, with '…'. */
const QUOTED_NAME_CHARACTERS = 120;

/**
 * A name as a message may show it: hidden characters written out as [U+202E],
 * so the message itself is neither reordered nor hiding anything; long names cut.
 */
export function showableName(path: string): string {
  const characters = Array.from(path);
  const cut =
    characters.length > QUOTED_NAME_CHARACTERS
      ? `${characters.slice(0, QUOTED_NAME_CHARACTERS).join('')}…`
      : path;
  return replaceHiddenCharacters(cut);
}

function quoted(path: string): string {
  return `"${showableName(path)}"`;
}

/**
 * Why a share's files cannot be shared, as data: the page words it in the
 * user's language; the error's message words it in English.
 */
export type SourceProblem =
  | { kind: 'path'; path: string; problem: PathProblem }
  | { kind: 'size'; path: string; size: number }
  | { kind: 'collision'; collision: PathCollision };

/** invalid-source, carrying what is wrong (plain data: it crosses from a worker to the page). */
export class SourceError extends ShoalError {
  readonly problem: SourceProblem;

  constructor(problem: SourceProblem) {
    super('invalid-source', sourceProblemMessage(problem));
    this.name = 'SourceError';
    this.problem = problem;
  }
}

/** The English sentence for a source problem. */
export function sourceProblemMessage(problem: SourceProblem): string {
  switch (problem.kind) {
    case 'path':
      return pathProblemMessage(problem.path, problem.problem);
    case 'size':
      return `The file ${quoted(problem.path)} has a size Shoal cannot share (${problem.size} bytes).`;
    case 'collision':
      return collisionMessage(problem.collision);
  }
}

/** Why one file cannot be shared, in plain words, naming it. */
export function pathProblemMessage(path: string, problem: PathProblem): string {
  const name = `The file name ${quoted(path)}`;
  switch (problem.kind) {
    case 'hidden-character':
      return `${name} contains ${describeHiddenCharacter(problem.character)}; rename it and share again.`;
    case 'too-long':
      return `${name} is too long (${problem.bytes} bytes of UTF-8; at most ${MAX_PATH_BYTES}); shorten it and share again.`;
    case 'backslash':
      return `${name} contains a backslash (\\), which other computers read as a folder separator; rename it and share again.`;
    case 'lone-surrogate':
      return `${name} contains a broken character; rename it and share again.`;
    case 'empty':
      return 'A file has no name; give it one and share again.';
    case 'absolute':
    case 'empty-segment':
    case 'dot-segment':
      return `${name} is not a plain path inside the share (it starts with "/", or has an empty, "." or ".." part); share the files themselves.`;
  }
}

/** Why two files cannot be shared together, in plain words, naming both. */
export function collisionMessage({ kind, path, other, folded }: PathCollision): string {
  if (kind === 'same-name' && !folded) {
    return `The file ${quoted(path)} is in the share twice; share it once.`;
  }
  if (kind === 'same-name') {
    return `The files ${quoted(path)} and ${quoted(other)} have names that differ only in letter case or in how accented letters are encoded, so many computers would save them as one file; rename one and share again.`;
  }
  const how = folded ? ' once letter case is ignored' : '';
  return `${quoted(path)} is a file, but ${quoted(other)} puts a folder of the same name${how}; rename one and share again.`;
}

/** Throws SourceError (invalid-source), saying what is wrong, if these files cannot be shared. */
export function checkSources(sources: readonly FileSource[]): void {
  for (const { path, size } of sources) {
    const problem = pathProblem(path);
    if (problem !== undefined) throw new SourceError({ kind: 'path', path, problem });
    if (!Number.isSafeInteger(size) || size < 0) {
      throw new SourceError({ kind: 'size', path, size });
    }
  }
  const collision = pathCollision(sources.map(({ path }) => path));
  if (collision !== undefined) throw new SourceError({ kind: 'collision', collision });
}
