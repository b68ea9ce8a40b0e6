import { describe, expect, it } from 'vitest';
import { safeFileName, savedFileName } from './safe-file-name.ts';

describe('safeFileName', () => {
  it.each(['report.pdf', 'résumé 🐟.txt', '.hidden', 'a..b', 'CONSOLE.txt', 'com10', 'nul_.txt'])(
    'keeps the name %j as it is',
    (name) => {
      expect(safeFileName(name)).toBe(name);
    },
  );

  it.each([
    ['<', 'a<b', 'a_b'],
    ['>', 'a>b', 'a_b'],
    [':', 'a:b', 'a_b'],
    ['"', 'a"b', 'a_b'],
    ['/', 'a/b', 'a_b'],
    ['\\', 'a\\b', 'a_b'],
    ['|', 'a|b', 'a_b'],
    ['?', 'what?.txt', 'what_.txt'],
    ['*', '*.txt', '_.txt'],
    ['a C0 control', 'a\u0001b', 'a_b'],
    ['DEL', 'a\u007fb', 'a_b'],
    ['a C1 control', 'a\u0085b', 'a_b'],
    ['a bidi override', 'invoice\u202Efdp.exe', 'invoice_fdp.exe'],
    ['a zero-width space', 'a\u200Bb', 'a_b'],
  ])('turns %s into _', (_name, name, saved) => {
    expect(safeFileName(name)).toBe(saved);
  });

  it('keeps the joiners and variation selectors an emoji needs', () => {
    const flag = '\u{1F3F3}\uFE0F\u200D\u{1F308}.png';
    expect(safeFileName(flag)).toBe(flag);
  });

  it.each([
    ['trailing dots', 'report...', 'report'],
    ['trailing spaces', 'report.txt   ', 'report.txt'],
    ['dots and spaces mixed', 'report. . .', 'report'],
  ])('strips %s', (_name, name, saved) => {
    expect(safeFileName(name)).toBe(saved);
  });

  it.each([
    ['CON', '_CON'],
    ['prn', '_prn'],
    ['Aux', '_Aux'],
    ['nul', '_nul'],
    ['nul.txt', '_nul.txt'],
    ['NUL.tar.gz', '_NUL.tar.gz'],
    ['nul .txt', '_nul .txt'],
    ['nul.', '_nul'],
    ['COM1', '_COM1'],
    ['com9.log', '_com9.log'],
    ['COM0', '_COM0'],
    ['lpt1', '_lpt1'],
    ['LPT9.txt', '_LPT9.txt'],
    ['COM\u00b9.txt', '_COM\u00b9.txt'],
    ['lpt\u00b2', '_lpt\u00b2'],
    ['LPT\u00b3', '_LPT\u00b3'],
    ['conin$', '_conin$'],
    ['CONOUT$.txt', '_CONOUT$.txt'],
  ])('prefixes the Windows device name %j with _', (name, saved) => {
    expect(safeFileName(name)).toBe(saved);
  });

  it.each([
    ['dots only', '...'],
    ['spaces only', '   '],
    ['nothing', ''],
  ])('saves a name of %s as "download"', (_name, name) => {
    expect(safeFileName(name)).toBe('download');
  });

  it('is idempotent: a safe name stays the same', () => {
    for (const name of ['nul.txt', 'a:b?.', 'invoice\u202Efdp.exe', '...', 'COM\u00b9']) {
      const once = safeFileName(name);
      expect(safeFileName(once)).toBe(once);
    }
  });
});

describe('savedFileName', () => {
  it('saves a manifest path under its last segment, made safe', () => {
    expect(savedFileName('docs/2024/nul.txt')).toBe('_nul.txt');
    expect(savedFileName('a:b/report.pdf')).toBe('report.pdf');
    expect(savedFileName('notes/what?.txt')).toBe('what_.txt');
  });
});
