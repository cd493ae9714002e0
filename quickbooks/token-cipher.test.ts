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
    const tampered = [parts[0], parts[1], parts[2], Buffer.from('other').toString('base64url')].join('.');
    expect(() => cipher.decrypt(tampered)).toThrow();
    expect(() => new TokenCipher(TokenCipher.generateKey()).decrypt(sealed)).toThrow();
  });

  it('refuses a key of the wrong size', () => {
    expect(() => new TokenCipher(Buffer.alloc(16).toString('base64'))).toThrow(/32 bytes/);
  });
});
