import { describe, expect, it } from 'vitest';
import { readStreamMessage } from './stream-messages.ts';

describe('readStreamMessage', () => {
  it('reads the two messages', () => {
    const need = { type: 'need', shareKey: 'abc_-9', fileIndex: 2, offset: 123456 };
    expect(readStreamMessage(need)).toEqual(need);
    expect(readStreamMessage({ type: 'stored', shareKey: 'k', index: 0, extra: 1 })).toEqual({
      type: 'stored',
      shareKey: 'k',
      index: 0,
    });
  });

  it('drops anything malformed', () => {
    for (const value of [
      null,
      'need',
      { type: 'need', shareKey: 'k', fileIndex: -1, offset: 0 },
      { type: 'need', shareKey: 'k', fileIndex: 0, offset: 1.5 },
      { type: 'need', shareKey: 'a/b', fileIndex: 0, offset: 0 },
      { type: 'stored', shareKey: 'k', index: '3' },
      { type: 'other', shareKey: 'k', index: 3 },
    ]) {
      expect(readStreamMessage(value)).toBeNull();
    }
  });
});
