import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

// OAuth tokens at rest: AES-256-GCM with a random IV per value, so equal tokens never look equal and a
// tampered ciphertext fails to decrypt instead of yielding garbage.

const VERSION = 'v1';

export class TokenCipher {
  private readonly key: Buffer;

  constructor(base64Key: string) {
    const key = Buffer.from(base64Key, 'base64');
    if (key.length !== 32) throw new Error('TOKEN_ENCRYPTION_KEY must be 32 bytes, base64-encoded');
    this.key = key;
  }

  static fromEnv(env: NodeJS.ProcessEnv = process.env): TokenCipher {
    const key = env.TOKEN_ENCRYPTION_KEY;
    if (!key) throw new Error('TOKEN_ENCRYPTION_KEY is not set (32 bytes, base64)');
    return new TokenCipher(key);
  }

  static generateKey(): string {
    return randomBytes(32).toString('base64');
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join('.');
  }

  decrypt(stored: string): string {
    const [version, iv, tag, sealed] = stored.split('.');
    if (version !== VERSION || !iv || !tag || !sealed) throw new Error('stored token is not in a known format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8');
  }
}
