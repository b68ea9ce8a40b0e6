import { describe, expect, it } from 'vitest';
import { originAllowed } from './origin-policy.ts';

describe('originAllowed', () => {
  it('lets the app served by this server connect', () => {
    expect(originAllowed('http://localhost:8080', 'localhost:8080', [])).toBe(true);
    expect(originAllowed('https://share.example', 'share.example', [])).toBe(true);
  });
  it('refuses a page on another site, and a malformed origin', () => {
    expect(originAllowed('https://evil.example', 'share.example', [])).toBe(false);
    expect(originAllowed('http://localhost:8081', 'localhost:8080', [])).toBe(false);
    expect(originAllowed('null', 'share.example', [])).toBe(false);
  });
  it('allows configured origins, such as a development server', () => {
    expect(
      originAllowed('http://localhost:5173', 'localhost:8080', ['http://localhost:5173']),
    ).toBe(true);
  });
  it('lets clients without an Origin header through: they are not browsers', () => {
    expect(originAllowed(undefined, 'localhost:8080', [])).toBe(true);
  });
});
