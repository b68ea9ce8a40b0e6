import { describe, expect, it } from 'vitest';
import { zipEntryNames } from './zip-entry-names.ts';

describe('zipEntryNames', () => {
  it('keeps safe paths exactly, folders, unicode and emoji included', () => {
    const paths = ['photos/2024/été 🐟.jpg', 'photos/notes.txt', 'readme', '日本語/資料.pdf'];
    expect(zipEntryNames(paths)).toEqual(paths);
  });

  it('makes every segment safe the way a saved file name is, keeping the / between folders', () => {
    expect(zipEntryNames(['a:b/nul/what?.txt', 'trailing./com1.log'])).toEqual([
      'a_b/_nul/what_.txt',
      'trailing/_com1.log',
    ]);
  });

  it('numbers a file whose safe name another file in its folder already has', () => {
    expect(zipEntryNames(['d/a:b.txt', 'd/a_b.txt', 'd/a?b.txt', 'e/a:b.txt'])).toEqual([
      'd/a_b.txt',
      'd/a_b (2).txt',
      'd/a_b (3).txt',
      'e/a_b.txt',
    ]);
  });

  it('compares names as a case-insensitive file system does', () => {
    expect(zipEntryNames(['Report.', 'report'])).toEqual(['Report', 'report (2)']);
  });

  it('does not let a file and a folder end up with one name', () => {
    expect(zipEntryNames(['x:y', 'x_y/inside.txt'])).toEqual(['x_y', 'x_y (2)/inside.txt']);
    expect(zipEntryNames(['x_y/inside.txt', 'x:y'])).toEqual(['x_y/inside.txt', 'x_y (2)']);
  });

  it('keeps the files of one folder together, also when the manifest spells it in another case', () => {
    expect(zipEntryNames(['a:b/1', 'a_b/2', 'a:b/3', 'A:B/4'])).toEqual([
      'a_b/1',
      'a_b (2)/2',
      'a_b/3',
      'a_b/4',
    ]);
  });
});
