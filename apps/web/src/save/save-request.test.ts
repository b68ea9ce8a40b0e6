import { describe, expect, it } from 'vitest';
import { MAX_ZIP_FILES, MAX_ZIP_TITLE_CHARACTERS, readSaveTicket } from './save-request.ts';

const shareKey = 'A'.repeat(43);
const createdAt = 1_700_000_000_000;

describe('readSaveTicket', () => {
  it('reads a ticket for one file', () => {
    expect(readSaveTicket({ shareKey, fileIndex: 3, createdAt })).toEqual({
      shareKey,
      fileIndex: 3,
      createdAt,
    });
  });

  it('reads a ticket for files as a ZIP, keeping their order', () => {
    expect(readSaveTicket({ shareKey, fileIndices: [2, 0, 1], createdAt })).toEqual({
      shareKey,
      fileIndices: [2, 0, 1],
      createdAt,
    });
  });

  it("keeps the title a ZIP is named after, in the page's language", () => {
    expect(
      readSaveTicket({ shareKey, fileIndices: [0, 1], title: 'a.txt und 1 weitere', createdAt }),
    ).toEqual({ shareKey, fileIndices: [0, 1], title: 'a.txt und 1 weitere', createdAt });
  });

  it('takes up to MAX_ZIP_FILES files in one ZIP, and no more', () => {
    const most = Array.from({ length: MAX_ZIP_FILES }, (_, i) => i);
    expect(readSaveTicket({ shareKey, fileIndices: most, createdAt })).toBeDefined();
    expect(
      readSaveTicket({ shareKey, fileIndices: [...most, MAX_ZIP_FILES], createdAt }),
    ).toBeUndefined();
  });

  it.each([
    ['nothing', undefined],
    ['a string', 'ticket'],
    ['no share key', { fileIndex: 0, createdAt }],
    ['a share key that is not a string', { shareKey: 7, fileIndex: 0, createdAt }],
    ['no creation time', { shareKey, fileIndex: 0 }],
    ['a creation time that is not a number', { shareKey, fileIndex: 0, createdAt: 'now' }],
    ['neither a file nor files', { shareKey, createdAt }],
    ['a negative file index', { shareKey, fileIndex: -1, createdAt }],
    ['a fractional file index', { shareKey, fileIndex: 0.5, createdAt }],
    ['a file index that is a string', { shareKey, fileIndex: '0', createdAt }],
    ['both a file and files', { shareKey, fileIndex: 0, fileIndices: [0], createdAt }],
    ['files that are not an array', { shareKey, fileIndices: { 0: 0 }, createdAt }],
    ['no files', { shareKey, fileIndices: [], createdAt }],
    ['a file given twice', { shareKey, fileIndices: [1, 2, 1], createdAt }],
    ['a title that is not a string', { shareKey, fileIndices: [0], title: 7, createdAt }],
    ['an empty title', { shareKey, fileIndices: [0], title: '', createdAt }],
    [
      'a title longer than any share title',
      { shareKey, fileIndices: [0], title: 'x'.repeat(MAX_ZIP_TITLE_CHARACTERS + 1), createdAt },
    ],
    ['a file index that is not an integer', { shareKey, fileIndices: [1, NaN], createdAt }],
  ])('refuses %s', (_what, value) => {
    expect(readSaveTicket(value)).toBeUndefined();
  });
});
