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
  it('names each missing part, joined the way the language joins a list', () => {
    const words = (feature: string) => `<${feature}>`;
    expect(describeMissing(['webrtc'], words, 'en')).toBe('<webrtc>');
    expect(describeMissing(['webrtc', 'indexeddb', 'web-crypto'], words, 'en')).toBe(
      '<webrtc>, <indexeddb>, and <web-crypto>',
    );
    expect(describeMissing(['webrtc', 'indexeddb'], words, 'de')).toBe('<webrtc> und <indexeddb>');
  });
});
