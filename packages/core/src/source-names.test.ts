import { describe, expect, it } from 'vitest';
import { MemoryFileSource } from './memory/memory-file-source.ts';
import { checkSources, SourceError, sourceProblemMessage } from './source-names.ts';

const source = (path: string) => MemoryFileSource.fromBytes(path, new Uint8Array(1));
const messageOf = (paths: string[]): string => {
  try {
    checkSources(paths.map(source));
  } catch (error) {
    expect(error).toMatchObject({ code: 'invalid-source' });
    return (error as Error).message;
  }
  return 'accepted';
};

describe('checkSources', () => {
  it('accepts files whose names only look alike, and emoji and scripts that need joiners', () => {
    expect(messageOf(['resume.pdf', 'r\u00e9sum\u00e9.pdf', '\u{1F469}\u200D\u{1F4BB}.png'])).toBe(
      'accepted',
    );
  });

  it('says a file is in the share twice when the same path comes twice', () => {
    expect(messageOf(['a/b.txt', 'a/b.txt'])).toBe(
      'The file "a/b.txt" is in the share twice; share it once.',
    );
  });

  it('cuts a long name short in the message and still writes out the hidden character', () => {
    const message = messageOf([`${'n'.repeat(200)}\u202E.txt`]);
    expect(message).toContain(`"${'n'.repeat(120)}…"`);
    expect(message).toContain('(U+202E)');
    expect(message).not.toContain('\u202E');
  });

  it('explains a name that is not a plain path inside the share', () => {
    expect(messageOf(['a/../b'])).toMatch(/^The file name "a\/\.\.\/b" is not a plain path/);
    expect(messageOf([''])).toBe('A file has no name; give it one and share again.');
  });

  it('refuses a size that is not a non-negative safe integer, naming the file', () => {
    const file = { path: 'big.bin', size: -1, mimeType: '', read: async () => new Uint8Array() };
    expect(() => checkSources([file])).toThrow(/The file "big.bin" has a size/);
  });
});

describe('SourceError', () => {
  it('carries what is wrong as data, with the same English sentence as its message', () => {
    let thrown: unknown;
    try {
      checkSources([source('a\u202Eb.txt')]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SourceError);
    const { problem, code, message } = thrown as SourceError;
    expect(code).toBe('invalid-source');
    expect(problem).toMatchObject({ kind: 'path', path: 'a\u202Eb.txt' });
    expect(message).toBe(sourceProblemMessage(structuredClone(problem)));
  });
});
