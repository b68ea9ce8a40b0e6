import { describe, expect, it } from 'vitest';
import { messageFor } from './messages.ts';

describe('messageFor', () => {
  it("shows an invalid-source error's own message, which names the file and the reason", () => {
    const detail =
      'The file name "invoice[U+202E]fdp.exe" contains an invisible direction-changing character (U+202E); rename it and share again.';
    expect(messageFor('invalid-source', detail)).toBe(detail);
  });

  it('falls back to a general sentence for invalid-source without a message', () => {
    expect(messageFor('invalid-source')).toMatch(/cannot be shared/);
  });

  it('maps other known codes to their sentence, never to the engine message', () => {
    expect(messageFor('bad-manifest', 'decode failed: bad-path')).toMatch(/do not match this link/);
  });
});
