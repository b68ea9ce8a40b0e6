import { describe, expect, it } from 'vitest';
import { describeMissing, missingFeatures } from './browser-support.ts';

const everything = {
  RTCPeerConnection: class {},
  indexedDB: {},
  crypto: { subtle: {} },
};

describe('missingFeatures', () => {
  it('finds nothing missing in a browser that has it all', () => {
    expect(missingFeatures(everything)).toEqual([]);
  });

  it('names WebRTC when RTCPeerConnection is gone (WebRTC turned off, or never built in)', () => {
    expect(missingFeatures({ ...everything, RTCPeerConnection: undefined })).toEqual(['webrtc']);
  });

  it('names every missing part, in order', () => {
    expect(missingFeatures({})).toEqual(['webrtc', 'indexeddb', 'web-crypto']);
    expect(missingFeatures({ ...everything, indexedDB: null, crypto: {} })).toEqual([
      'indexeddb',
      'web-crypto',
    ]);
  });
});

describe('describeMissing', () => {
  it('says what each missing part is for', () => {
    expect(describeMissing(['webrtc'])).toBe('WebRTC, to connect straight to other browsers');
    expect(describeMissing(['webrtc', 'indexeddb'])).toBe(
      'WebRTC, to connect straight to other browsers; and IndexedDB, to keep the pieces it downloads',
    );
  });
});
