import { describe, expect, it } from 'vitest';
import { MAX_PATH_BYTES } from './manifest.ts';
import { pathSetProblem, validatePath } from './paths.ts';

describe('validatePath', () => {
  it.each([
    'a.txt',
    'folder/sub/file.tar.gz',
    '.hidden',
    '...',
    'a..b/..c',
    'naïve café/🐟.png',
    'with space/and:colon',
    '\uFEFFbom',
    'x'.repeat(MAX_PATH_BYTES),
  ])('accepts the safe relative path %j', (path) => {
    expect(validatePath(path)).toEqual({ ok: true, value: path });
  });

  it.each([
    ['empty', ''],
    ['absolute', '/etc/passwd'],
    ['a parent segment', '../x'],
    ['a parent segment in the middle', 'a/../../x'],
    ['a dot segment', 'a/./b'],
    ['a lone dot', '.'],
    ['a trailing slash', 'a/'],
    ['a double slash', 'a//b'],
    ['a backslash', 'a\\b'],
    ['a Windows-style escape', '..\\..\\x'],
    ['a NUL', 'a\u0000b'],
    ['a newline', 'a\nb'],
    ['a unit separator', 'a\u001fb'],
    ['a DEL', 'a\u007fb'],
    ['a lone high surrogate', 'a\uD800'],
    ['a lone low surrogate', '\uDC00a'],
    ['too many bytes', 'é'.repeat(MAX_PATH_BYTES / 2 + 1)],
  ])('refuses a path with %s as bad-path', (_name, path) => {
    expect(validatePath(path)).toMatchObject({ ok: false, error: { code: 'bad-path', path } });
  });
});

describe('pathSetProblem', () => {
  it('accepts siblings, shared folders and names that merely start alike', () => {
    expect(pathSetProblem(['a/b', 'a/c', 'a!', 'a.txt', 'ab/c', 'a-/x', 'b'])).toBeUndefined();
  });

  it('calls the same path twice a duplicate-path', () => {
    expect(pathSetProblem(['x/y', 'z', 'x/y'])).toMatchObject({
      code: 'duplicate-path',
      path: 'x/y',
    });
  });

  it('calls a path that is both a file and a folder a path-conflict, however far apart', () => {
    expect(pathSetProblem(['a', 'a!', 'a.b', 'a/b'])).toMatchObject({
      code: 'path-conflict',
      path: 'a',
    });
    expect(pathSetProblem(['d/e/f/g', 'd/e'])).toMatchObject({
      code: 'path-conflict',
      path: 'd/e',
    });
  });

  it('checks many deep paths quickly', () => {
    const deep = Array.from({ length: 2000 }, (_, i) => `${'d/'.repeat(1000)}${i}`);
    const started = performance.now();
    expect(pathSetProblem(deep)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
