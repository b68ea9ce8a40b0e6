import { describe, expect, it } from 'vitest';
import { sdpFingerprint } from './sdp-fingerprint.ts';

const A = Array.from({ length: 32 }, (_, i) => i.toString(16).padStart(2, '0').toUpperCase()).join(
  ':',
);
const B = Array.from({ length: 32 }, () => 'EE').join(':');

/** An answer as Chromium writes it: session header, one data-channel m-section. */
const answer = (...attributes: string[]) =>
  [
    'v=0',
    'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    'a=group:BUNDLE 0',
    'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
    'c=IN IP4 0.0.0.0',
    'a=ice-ufrag:abcd',
    'a=ice-pwd:abcdefghijklmnopqrstuvwx',
    ...attributes,
    'a=setup:active',
    'a=mid:0',
    'a=sctp-port:5000',
    '',
  ].join('\r\n');

describe('sdpFingerprint', () => {
  it('reads the one fingerprint of a description, normalised', () => {
    expect(sdpFingerprint(answer(`a=fingerprint:SHA-256 ${A.toLowerCase()}`))).toEqual({
      ok: true,
      value: `sha-256 ${A}`,
    });
  });

  it('accepts the same fingerprint repeated at session and media level', () => {
    const sdp = answer(`a=fingerprint:sha-256 ${A}`).replace(
      't=0 0',
      `t=0 0\r\na=fingerprint:sha-256 ${A}`,
    );
    expect(sdpFingerprint(sdp)).toMatchObject({ ok: true, value: `sha-256 ${A}` });
  });

  it("refuses two different fingerprints, the victim's own listed first", () => {
    const sdp = answer(`a=fingerprint:sha-256 ${A}`, `a=fingerprint:sha-256 ${B}`);
    expect(sdpFingerprint(sdp)).toMatchObject({
      ok: false,
      error: { code: 'several-fingerprints' },
    });
  });

  it('refuses a second fingerprint at session level or in a rejected m-section', () => {
    const atSession = answer(`a=fingerprint:sha-256 ${A}`).replace(
      's=-',
      `s=-\r\na=fingerprint:sha-256 ${B}`,
    );
    const inRejected =
      answer(`a=fingerprint:sha-256 ${A}`) +
      `m=application 0 UDP/DTLS/SCTP webrtc-datachannel\r\na=fingerprint:sha-256 ${B}\r\n`;
    for (const sdp of [atSession, inRejected]) {
      expect(sdpFingerprint(sdp)).toMatchObject({
        ok: false,
        error: { code: 'several-fingerprints' },
      });
    }
  });

  it('refuses the same certificate named by two hash functions, as two fingerprints', () => {
    const sha512 = Array.from({ length: 64 }, () => 'AB').join(':');
    const sdp = answer(`a=fingerprint:sha-256 ${A}`, `a=fingerprint:sha-512 ${sha512}`);
    expect(sdpFingerprint(sdp)).toMatchObject({
      ok: false,
      error: { code: 'several-fingerprints' },
    });
  });

  it('refuses a description with no fingerprint', () => {
    expect(sdpFingerprint(answer())).toMatchObject({
      ok: false,
      error: { code: 'no-fingerprint' },
    });
    expect(sdpFingerprint('')).toMatchObject({ ok: false, error: { code: 'no-fingerprint' } });
  });

  it.each([
    ['a weak hash function', `a=fingerprint:sha-1 ${A.slice(0, 59)}`],
    ['an unknown hash function', `a=fingerprint:rot-13 ${A}`],
    ['a digest of the wrong length', `a=fingerprint:sha-256 ${A}:FF`],
    ['spaces a lenient parser would skip', `a=fingerprint: sha-256 ${A}`],
    ['a trailing token', `a=fingerprint:sha-256 ${A} extra`],
    ['upper-case attribute name', `a=FINGERPRINT:sha-256 ${A}`],
  ])('refuses a fingerprint line with %s, rather than miss a certificate', (_what, line) => {
    const sdp = answer(`a=fingerprint:sha-256 ${A}`, line);
    expect(sdpFingerprint(sdp)).toMatchObject({
      ok: false,
      error: { code: 'malformed-fingerprint' },
    });
  });

  it('reads LF-only descriptions the same as CRLF ones', () => {
    const sdp = answer(`a=fingerprint:sha-256 ${A}`).replaceAll('\r\n', '\n');
    expect(sdpFingerprint(sdp)).toMatchObject({ ok: true, value: `sha-256 ${A}` });
  });
});
