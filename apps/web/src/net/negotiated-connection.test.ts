import { describe, expect, it } from 'vitest';
import { certificateFingerprint } from './negotiated-connection.ts';

/** A self-signed P-256 certificate, as DTLS carries it (DER), and what `openssl x509 -fingerprint -sha256` says of it. */
const CERTIFICATE = Uint8Array.from(
  atob(
    'MIIBeDCCAR2gAwIBAgIUDfLf2zoXOJHgfJXE61gMUXOb0akwCgYIKoZIzj0EAwIwETEPMA0GA1UEAwwGV2ViUlRDMB4XDTI2MTIwMjEyNDA0M1oXDTM2MTEyOTEyNDA0M1owETEPMA0GA1UEAwwGV2ViUlRDMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE5b/VQqRiGNdaC+cWMUWV8NFmb/A/05njtcH4J0T3qUr1fVnKTuD6XVHPqG1TXAXlE5C+P3hD/uqafyxJclfM/6NTMFEwHQYDVR0OBBYEFKH6h+xzJhOBm9Fq0A8qN1f6gHNoMB8GA1UdIwQYMBaAFKH6h+xzJhOBm9Fq0A8qN1f6gHNoMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSQAwRgIhANAVSVMLPtqoQCSLOQ7yzFh1P1ZbtOjxM0YZ2SiKSyuZAiEAuCIZl9/pW8Wz3nAQthWnVxtFg9MbDmVWzxQYowUkOHg=',
  ),
  (c) => c.charCodeAt(0),
);
const OPENSSL_SHA256 =
  'DC:04:CF:4F:80:08:A0:B7:79:91:C4:9E:B5:5C:4F:1D:C9:46:18:58:B5:DC:F9:A2:11:52:BC:41:68:A7:68:0C';

describe('certificateFingerprint', () => {
  it('names a certificate the way an SDP fingerprint line does, so the two compare equal', async () => {
    expect(await certificateFingerprint(CERTIFICATE.buffer, 'sha-256')).toBe(
      `sha-256 ${OPENSSL_SHA256}`,
    );
  });

  it('tells a different certificate apart', async () => {
    const other = CERTIFICATE.slice();
    other[other.length - 1]! ^= 1;
    expect(await certificateFingerprint(other.buffer, 'sha-256')).not.toBe(
      `sha-256 ${OPENSSL_SHA256}`,
    );
  });

  it('has no answer for a hash function fingerprints may not use', async () => {
    expect(await certificateFingerprint(CERTIFICATE.buffer, 'sha-1')).toBeUndefined();
  });
});
