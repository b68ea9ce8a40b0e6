import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n/i18n.ts';
import { codeOf, messageFor } from './messages.ts';

const { t } = createI18n('en');

describe('messageFor', () => {
  it('has a general sentence for invalid-source', () => {
    expect(messageFor(t, 'invalid-source')).toMatch(/cannot be shared/);
  });

  it('maps other known codes to their sentence, never to the engine message', () => {
    expect(messageFor(t, 'bad-manifest', 'decode failed: bad-path')).toMatch(
      /do not match this link/,
    );
  });

  it('says so, with the code, for a code it does not know', () => {
    expect(messageFor(t, 'no-such-code')).toBe('Something went wrong (no-such-code).');
  });

  it('speaks the language it is given', () => {
    expect(messageFor(createI18n('de').t, 'bad-manifest')).not.toBe(messageFor(t, 'bad-manifest'));
  });
});

describe('codeOf', () => {
  it("reads an error's string code, and nothing from anything else", () => {
    expect(codeOf(Object.assign(new Error('x'), { code: 'quota-exceeded' }))).toBe(
      'quota-exceeded',
    );
    expect(codeOf(new Error('x'))).toBeUndefined();
    expect(codeOf({ code: 7 })).toBeUndefined();
    expect(codeOf(null)).toBeUndefined();
    expect(codeOf('quota-exceeded')).toBeUndefined();
  });
});
