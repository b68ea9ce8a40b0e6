import { describe, expect, it } from 'vitest';
import { pickLanguage } from './languages.ts';

describe('pickLanguage', () => {
  it("takes the user's own choice over the browser's languages", () => {
    expect(pickLanguage('ar', ['de-DE', 'en'])).toBe('ar');
  });

  it('otherwise takes the first browser language Shoal has, by its base', () => {
    expect(pickLanguage(null, ['fr-FR', 'de-AT', 'en'])).toBe('de');
    expect(pickLanguage(null, ['AR-EG'])).toBe('ar');
  });

  it('ignores a stored choice Shoal no longer has, and falls back to English', () => {
    expect(pickLanguage('xx', ['fr', 'ja'])).toBe('en');
    expect(pickLanguage(undefined, [])).toBe('en');
  });
});
