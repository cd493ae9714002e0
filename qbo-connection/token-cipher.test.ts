import { describe, expect, it } from 'vitest';
import { TokenCipher } from './token-cipher.js';

describe('TokenCipher', () => {
  const cipher = new TokenCipher(TokenCipher.generateKey());

  it('round-trips a token and never stores it in the clear', () => {
    const sealed = cipher.encrypt('eyJ-access-token');
    expect(sealed).not.toContain('eyJ-access-token');
    expect(cipher.decrypt(sealed)).toBe('eyJ-access-token');
  });

  it('gives different ciphertexts for the same token', () => {
    expect(cipher.encrypt('same')).not.toBe(cipher.encrypt('same'));
  });

  it('refuses a tampered value and a wrong key', () => {
    const sealed = cipher.encrypt('secret');
    const parts = sealed.split('.');
    const tampered = [parts[0], parts[1], parts[2], parts[3], Buffer.from('other').toString('base64url')].join('.');
    expect(() => cipher.decrypt(tampered)).toThrow();
    expect(() => new TokenCipher(TokenCipher.generateKey()).decrypt(sealed)).toThrow();
  });

  it('opens values sealed with a previous key after rotation, and names the key it seals with', () => {
    const oldKey = TokenCipher.generateKey();
    const sealedBefore = new TokenCipher(oldKey).encrypt('refresh-token');
    const rotated = new TokenCipher(TokenCipher.generateKey(), [oldKey]);
    expect(rotated.decrypt(sealedBefore)).toBe('refresh-token');
    expect(rotated.encrypt('x').split('.')[1]).toBe(rotated.keyId);
    expect(sealedBefore.split('.')[1]).not.toBe(rotated.keyId);
    expect(() => new TokenCipher(TokenCipher.generateKey()).decrypt(sealedBefore)).toThrow(/not configured/);
  });

  it('refuses a key of the wrong size', () => {
    expect(() => new TokenCipher(Buffer.alloc(16).toString('base64'))).toThrow(/32 bytes/);
  });
});
