import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

// OAuth tokens at rest: AES-256-GCM with a random IV per value, so equal tokens never look equal and a
// tampered ciphertext fails to decrypt instead of yielding garbage. Each value names the key that sealed
// it, so the key can be rotated: new values use TOKEN_ENCRYPTION_KEY, and older ones still open with a
// key listed in TOKEN_ENCRYPTION_PREVIOUS_KEYS until they are next rewritten (at the next refresh).

const VERSION = 'v1';

function parseKey(base64Key: string): Buffer {
  const key = Buffer.from(base64Key.trim(), 'base64');
  if (key.length !== 32) throw new Error('token encryption keys must be 32 bytes, base64-encoded');
  return key;
}

/** A short public fingerprint of a key: says which key sealed a value without revealing it. */
const keyId = (key: Buffer): string => createHash('sha256').update(key).digest('hex').slice(0, 8);

export class TokenCipher {
  private readonly current: { id: string; key: Buffer };
  private readonly keys = new Map<string, Buffer>();

  constructor(base64Key: string, previousBase64Keys: readonly string[] = []) {
    const key = parseKey(base64Key);
    this.current = { id: keyId(key), key };
    for (const k of [base64Key, ...previousBase64Keys]) {
      const parsed = parseKey(k);
      this.keys.set(keyId(parsed), parsed);
    }
  }

  static fromEnv(env: NodeJS.ProcessEnv = process.env): TokenCipher {
    const key = env.TOKEN_ENCRYPTION_KEY;
    if (!key) throw new Error('TOKEN_ENCRYPTION_KEY is not set (32 bytes, base64)');
    const previous = (env.TOKEN_ENCRYPTION_PREVIOUS_KEYS ?? '').split(',').filter((k) => k.trim());
    return new TokenCipher(key, previous);
  }

  static generateKey(): string {
    return randomBytes(32).toString('base64');
  }

  get keyId(): string {
    return this.current.id;
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [
      VERSION,
      this.current.id,
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      sealed.toString('base64url'),
    ].join('.');
  }

  decrypt(stored: string): string {
    const [version, id, iv, tag, sealed] = stored.split('.');
    if (version !== VERSION || !id || !iv || !tag || !sealed) throw new Error('stored token is not in a known format');
    const key = this.keys.get(id);
    if (!key) throw new Error(`stored token was sealed with key ${id}, which is not configured`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8');
  }
}
