import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// Passwords are hashed with scrypt, which is memory-hard: guessing costs memory as well as time, so GPUs
// and ASICs gain little. The stored string says how it was made (`$scrypt$n=65536,r=8,p=2$<salt>$<key>`),
// so the cost can be raised later and older hashes still verify. n=2^16, r=8, p=2 is one of OWASP's
// equivalent scrypt settings (the same work as n=2^17, p=1, with half its 128 MiB of memory per hash).

export interface ScryptParams {
  n: number;
  r: number;
  p: number;
}

export const DEFAULT_PARAMS: ScryptParams = { n: 2 ** 16, r: 8, p: 2 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
const FORMAT = /^\$scrypt\$n=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;
/** Bounds on what a stored hash may ask for, so a damaged or planted row cannot exhaust memory. */
const MAX = { n: 2 ** 20, r: 32, p: 16 };

/** The same text typed on different systems (composed or decomposed accents) is the same password. */
const normalise = (password: string) => password.normalize('NFKC');

function derive(password: string, salt: Buffer, keyLength: number, { n, r, p }: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(normalise(password), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, KEY_BYTES, params);
  return `$scrypt$n=${params.n},r=${params.r},p=${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

function parse(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | undefined {
  const match = FORMAT.exec(stored);
  if (!match) return undefined;
  const [n, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const powerOfTwo = n > 1 && (n & (n - 1)) === 0;
  if (!powerOfTwo || n > MAX.n || r < 1 || r > MAX.r || p < 1 || p > MAX.p) return undefined;
  const salt = Buffer.from(match[4]!, 'base64url');
  const key = Buffer.from(match[5]!, 'base64url');
  return key.length >= 16 ? { params: { n, r, p }, salt, key } : undefined;
}

/** True only when the password matches; a malformed stored value is a mismatch, never an exception. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const candidate = await derive(password, parsed.salt, parsed.key.length, parsed.params);
  return timingSafeEqual(candidate, parsed.key);
}

let decoy: Promise<string> | undefined;

/**
 * Checks a password against a user's hash, or against a decoy when there is no such user or they have no
 * password yet, so an unknown email takes as long to refuse as a wrong password.
 */
export async function checkCredentials(password: string, stored: string | null | undefined): Promise<boolean> {
  if (stored) return verifyPassword(password, stored);
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(password, await decoy);
  return false;
}
