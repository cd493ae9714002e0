import { describe, expect, it } from 'vitest';
import { checkCredentials, DEFAULT_PARAMS, hashPassword, verifyPassword } from './passwords.js';

// Cheap parameters where the cost is beside the point, so the suite stays quick; one test uses the defaults.
const cheap = { n: 1024, r: 8, p: 1 };

describe('passwords', () => {
  it('hashes with the default scrypt cost into a self-describing string, and verifies', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(
      new RegExp(
        `^\\$scrypt\\$n=${DEFAULT_PARAMS.n},r=${DEFAULT_PARAMS.r},p=${DEFAULT_PARAMS.p}\\$[\\w-]{22}\\$[\\w-]{43}$`,
      ),
    );
    expect(stored).not.toContain('correct horse battery');
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
  });

  it('salts every hash, so the same password never hashes the same twice', async () => {
    const [a, b] = await Promise.all([hashPassword('same password', cheap), hashPassword('same password', cheap)]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same password', a)).toBe(true);
    expect(await verifyPassword('same password', b)).toBe(true);
  });

  it('verifies with the parameters stored in the hash, not the current defaults', async () => {
    const stored = await hashPassword('made with other costs', { n: 2048, r: 4, p: 3 });
    expect(stored.startsWith('$scrypt$n=2048,r=4,p=3$')).toBe(true);
    expect(await verifyPassword('made with other costs', stored)).toBe(true);
  });

  it('treats composed and decomposed accents as the same password', async () => {
    const stored = await hashPassword('Jos\u00e9 M\u00fcller 2026', cheap);
    expect(await verifyPassword('Jose\u0301 Mu\u0308ller 2026', stored)).toBe(true);
  });

  it('refuses malformed or dangerous stored values without throwing', async () => {
    const good = await hashPassword('some password', cheap);
    const salt = good.split('$')[3];
    const key = good.split('$')[4];
    for (const stored of [
      '',
      'some password',
      '$scrypt$n=1024,r=8,p=1$',
      `$scrypt$n=1000,r=8,p=1$${salt}$${key}`,
      `$scrypt$n=${2 ** 24},r=8,p=1$${salt}$${key}`,
      `$scrypt$n=1024,r=99,p=1$${salt}$${key}`,
      `$scrypt$n=1024,r=8,p=1$${salt}$c2hvcnQ`,
    ]) {
      expect(await verifyPassword('some password', stored)).toBe(false);
    }
  });

  it('says no for a missing user or password, after doing the same work', async () => {
    expect(await checkCredentials('any password at all', undefined)).toBe(false);
    expect(await checkCredentials('any password at all', null)).toBe(false);
    const stored = await hashPassword('the real one!', cheap);
    expect(await checkCredentials('the real one!', stored)).toBe(true);
  });
});
