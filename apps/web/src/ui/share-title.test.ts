import { describe, expect, it } from 'vitest';
import { shareTitle } from './share-title.ts';

describe('shareTitle', () => {
  it('calls a share of one file by its name', () => {
    expect(shareTitle(['report.pdf'])).toBe('report.pdf');
  });

  it('calls a share of one folder by the folder', () => {
    expect(shareTitle(['photos/a.jpg', 'photos/2024/b.jpg'])).toBe('photos');
  });

  it('calls a share of several files or folders by the first, and how many more', () => {
    expect(shareTitle(['report.pdf', 'notes.txt', 'photos/a.jpg'])).toBe('report.pdf and 2 more');
    expect(shareTitle(['photos/a.jpg', 'videos/b.mp4'])).toBe('photos and 1 more');
  });

  it('says "and N more" the way it is told', () => {
    expect(shareTitle(['a.txt', 'b.txt'], (first, more) => `${first} +${more}`)).toBe('a.txt +1');
  });
});
