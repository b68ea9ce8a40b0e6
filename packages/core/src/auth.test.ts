import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeProof, verifyProof } from './auth.ts';
import { hmacSha256, webCryptoSha256 } from './hashing.ts';

const key = new Uint8Array(32).fill(3);
const nodeSha256 = async (d: Uint8Array) => createHash('sha256').update(d).digest();

describe('peer proofs', () => {
  it('HMAC-SHA-256 matches Node for short and long keys', async () => {
    for (const k of [key, new Uint8Array(100).fill(9)]) {
      const message = new TextEncoder().encode('hello');
      const ours = await hmacSha256(webCryptoSha256, k, message);
      expect(Buffer.from(ours)).toEqual(createHmac('sha256', k).update(message).digest());
    }
  });

  it('verifies when made with the fingerprints the other way round', async () => {
    const alice = { local: 'AA:BB', remote: 'CC:DD' };
    const bob = { local: 'CC:DD', remote: 'AA:BB' };
    const proof = await makeProof(nodeSha256, key, alice);
    expect(await verifyProof(nodeSha256, key, bob, proof)).toBe(true);
  });

  it('fails with another key, a replay on another connection, or a proof made for ourselves', async () => {
    const alice = { local: 'AA', remote: 'CC' };
    const bob = { local: 'CC', remote: 'AA' };
    const proof = await makeProof(nodeSha256, key, alice);
    expect(await verifyProof(nodeSha256, new Uint8Array(32), bob, proof)).toBe(false);
    expect(await verifyProof(nodeSha256, key, { local: 'CC', remote: 'EE' }, proof)).toBe(false);
    expect(await verifyProof(nodeSha256, key, alice, proof)).toBe(false);
    const shifted = await makeProof(nodeSha256, key, { local: 'A', remote: 'ACC' });
    expect(shifted).not.toEqual(await makeProof(nodeSha256, key, { local: 'AA', remote: 'CC' }));
  });
});
