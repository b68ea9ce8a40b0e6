import { describe, expect, it } from 'vitest';
import { MAX_PATH_BYTES } from './manifest.ts';
import { foldPath, pathSetProblem, validatePath } from './paths.ts';

describe('validatePath', () => {
  it.each([
    'a.txt',
    'folder/sub/file.tar.gz',
    '.hidden',
    '...',
    'a..b/..c',
    'naïve café/🐟.png',
    'with space/and:colon',
    'x'.repeat(MAX_PATH_BYTES),
    // Joiners and variation selectors where they shape what is shown:
    'نامه\u200Cها.txt', // Persian, a zero-width non-joiner between two letters
    'क्\u200Dष.txt', // Devanagari, a joiner after a virama
    '\u{1F469}\u{1F3FD}\u200D\u{1F4BB} at work.jpg', // woman, skin tone, ZWJ, laptop
    '\u{1F3F3}\uFE0F\u200D\u{1F308}.png', // rainbow flag: flag, VS16, ZWJ, rainbow
    '\u2764\uFE0F.txt', // red heart with emoji presentation
    '1\uFE0F\u20E3 first.txt', // keycap one
    '\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}.png', // flag of Scotland
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

  it.each([
    ['a C1 control', 'a\u0085b', 'control character', 'U+0085'],
    ['the last C1 control', 'a\u009fb', 'control character', 'U+009F'],
    ['a right-to-left override', 'invoice\u202Efdp.exe', 'direction', 'U+202E'],
    ['a left-to-right embedding', 'a\u202Ab', 'direction', 'U+202A'],
    ['a right-to-left isolate', 'a\u2067b', 'direction', 'U+2067'],
    ['a pop directional isolate', 'a\u2069b', 'direction', 'U+2069'],
    ['a left-to-right mark', 'a\u200Eb', 'direction', 'U+200E'],
    ['a right-to-left mark', 'a\u200Fb', 'direction', 'U+200F'],
    ['an Arabic letter mark', 'a\u061Cb', 'direction', 'U+061C'],
    ['a zero-width space', 'a\u200Bb', 'invisible', 'U+200B'],
    ['a word joiner', 'a\u2060b', 'invisible', 'U+2060'],
    ['a byte order mark', '\uFEFFbom', 'invisible', 'U+FEFF'],
    ['a Mongolian vowel separator', 'a\u180Eb', 'invisible', 'U+180E'],
    ['a soft hyphen', 'pay\u00ADpal', 'invisible', 'U+00AD'],
    ['a Hangul filler', '\u3164.txt', 'invisible', 'U+3164'],
    ['an interlinear annotation anchor', 'a\uFFF9hidden\uFFFBb', 'invisible', 'U+FFF9'],
    ['a tag character outside a flag', 'a\u{E0041}b', 'invisible', 'U+E0041'],
    ['a joiner between Latin letters', 'exam\u200Dple.pdf', 'invisible', 'U+200D'],
    ['a non-joiner before a dot', 'نامه\u200C.txt', 'invisible', 'U+200C'],
    ['a joiner that ends a name', '\u{1F469}\u200D', 'invisible', 'U+200D'],
    ['a variation selector after a Latin letter', 'a\uFE0F.txt', 'invisible', 'U+FE0F'],
    ['two variation selectors in a row', '\u2764\uFE0F\uFE0F', 'invisible', 'U+FE0F'],
    ['a line separator', 'a\u2028b', 'line', 'U+2028'],
    ['a paragraph separator', 'a\u2029b', 'line', 'U+2029'],
  ])('refuses a path with %s as bad-path, naming the character', (_name, path, what, codePoint) => {
    const result = validatePath(path);
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-path', path } });
    const message = result.ok ? '' : result.error.message;
    expect(message).toContain(what);
    expect(message).toContain(codePoint);
  });

  it('writes the offending character in its message as [U+202E], never raw', () => {
    const result = validatePath('invoice\u202Efdp.exe');
    const message = result.ok ? '' : result.error.message;
    expect(message).toContain('"invoice[U+202E]fdp.exe"');
    expect(message).not.toContain('\u202E');
  });

  it("refuses every character of Unicode's Default_Ignorable_Code_Point and Bidi_Control on its own", () => {
    const refused: string[] = [];
    for (let codePoint = 0x80; codePoint <= 0x10ffff; codePoint++) {
      if (codePoint >= 0xd800 && codePoint <= 0xdfff) continue;
      const character = String.fromCodePoint(codePoint);
      if (!/[\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]/u.test(character)) continue;
      // Between Latin letters, where no joiner or variation selector has a job.
      if (validatePath(`a${character}b`).ok) refused.push(codePoint.toString(16));
    }
    expect(refused).toEqual([]);
  });
});

describe('foldPath', () => {
  it.each([
    ['NFC and NFD spellings', 'caf\u00e9', 'cafe\u0301'],
    ['letter case', 'Report.PDF', 'report.pdf'],
    ['a sharp s and its capitals', 'stra\u00dfe', 'STRASSE'],
    ['a capital sharp s', '\u1e9e', 'ss'],
    ['final and medial sigma', '\u03bf\u03c2', '\u039f\u03a3'],
    ['the Kelvin sign', '\u212a', 'k'],
    ['an Angstrom sign', '\u212b', '\u00e5'],
    ['a joiner it allows', '\u6587\u200D\u4ef6', '\u6587\u4ef6'],
    ['a variation selector it allows', '\u2764\uFE0F', '\u2764'],
  ])('gives paths differing only by %s the same key', (_name, one, two) => {
    expect(foldPath(one)).toBe(foldPath(two));
  });

  it('keeps different names apart, and folders apart from files', () => {
    expect(foldPath('a/b')).not.toBe(foldPath('ab'));
    expect(foldPath('r\u00e9sum\u00e9')).not.toBe(foldPath('resume'));
    expect(foldPath('\uff21')).not.toBe(foldPath('A')); // fullwidth A looks different
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

  it('calls paths that differ only in Unicode normalization a duplicate-path, naming both', () => {
    const problem = pathSetProblem(['caf\u00e9.txt', 'b', 'cafe\u0301.txt']);
    expect(problem).toMatchObject({ code: 'duplicate-path' });
    expect(problem?.message).toMatch(/normalization/);
    expect(problem?.message).toContain('caf\u00e9.txt');
    expect(problem?.message).toContain('cafe\u0301.txt');
  });

  it('calls paths that differ only in letter case a duplicate-path, in folders too', () => {
    expect(pathSetProblem(['Photos/a.jpg', 'photos/A.JPG'])).toMatchObject({
      code: 'duplicate-path',
    });
    expect(pathSetProblem(['README', 'readme'])?.message).toMatch(/letter case/);
  });

  it('calls a file and a folder that differ only in case a path-conflict', () => {
    expect(pathSetProblem(['A', 'a/b'])).toMatchObject({ code: 'path-conflict', path: 'A' });
    expect(pathSetProblem(['docs/x/y', 'DOCS/X'])).toMatchObject({
      code: 'path-conflict',
      path: 'DOCS/X',
    });
    expect(pathSetProblem(['caf\u00e9', 'cafe\u0301/menu.pdf'])).toMatchObject({
      code: 'path-conflict',
    });
  });

  it('still accepts names that only look alike when they are really different', () => {
    expect(
      pathSetProblem(['resume.pdf', 'r\u00e9sum\u00e9.pdf', 'a/b', 'a.b', 'A!']),
    ).toBeUndefined();
  });

  // Building every folder prefix of these would be 2 × 10^6 strings of up to
  // 2,000 characters: the test's timeout fails that. A speed target belongs in a
  // benchmark, so no clock is read here.
  it('checks many deep paths without building every prefix', () => {
    const deep = Array.from({ length: 2000 }, (_, i) => `${'d/'.repeat(1000)}${i}`);
    expect(pathSetProblem(deep)).toBeUndefined();
  });

  it('checks many case-colliding candidates without comparing every pair', () => {
    // Every path folds to a prefix of many others: the worst case for the folder
    // check. Comparing every pair would be 2 × 10^8 comparisons of 100-character
    // paths, minutes of work, and the test's timeout fails it; a speed target
    // belongs in a benchmark, so no clock is read here.
    const paths = Array.from(
      { length: 20_000 },
      (_, i) => `${i % 2 ? 'D' : 'd'}/${'x/'.repeat(50)}${i}`,
    );
    expect(pathSetProblem(paths)).toBeUndefined();
  });
});
