import { describe, expect, it } from 'vitest';
import {
  codePointLabel,
  firstHiddenCharacter,
  replaceHiddenCharacters,
  withoutInvisibleCharacters,
} from './hidden-characters.ts';

describe('hidden characters', () => {
  it('names code points as U+ and at least four hex digits', () => {
    expect(codePointLabel(0x85)).toBe('U+0085');
    expect(codePointLabel(0x202e)).toBe('U+202E');
    expect(codePointLabel(0xe0041)).toBe('U+E0041');
  });

  it('finds the first hidden character with its kind and UTF-16 index', () => {
    expect(firstHiddenCharacter('🐟a\u202Eb\u200B')).toEqual({
      kind: 'direction',
      codePoint: 0x202e,
      index: 3,
    });
    expect(firstHiddenCharacter('plain 🐟 name.txt')).toBeUndefined();
  });

  it('writes out every hidden character and lone surrogate, and keeps what is allowed', () => {
    expect(replaceHiddenCharacters('a\u202Eb\u200Bc\uD800')).toBe('a[U+202E]b[U+200B]c[U+D800]');
    expect(replaceHiddenCharacters('\u{1F469}\u200D\u{1F4BB}')).toBe('\u{1F469}\u200D\u{1F4BB}');
    expect(replaceHiddenCharacters('a\u0000b', () => '_')).toBe('a_b');
  });

  it('drops the joiners and selectors it allows when folding names for comparison', () => {
    expect(withoutInvisibleCharacters('\u{1F3F3}\uFE0F\u200D\u{1F308}')).toBe('\u{1F3F3}\u{1F308}');
  });
});
