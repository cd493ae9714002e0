import { describe, expect, it } from 'vitest';
import { findByNameIncludingInactive, quoteLiteral } from './query.js';
import { requestIdFor } from './request-id.js';

describe('quoteLiteral', () => {
  it('escapes quotes with a backslash, never by doubling', () => {
    expect(quoteLiteral("O'Brien & Sons, LLC")).toBe("'O\\'Brien & Sons, LLC'");
  });
  it('escapes backslashes first so a trailing one cannot swallow the closing quote', () => {
    expect(quoteLiteral('a\\')).toBe("'a\\\\'");
  });
  it('turns typographic quotes into plain ones', () => {
    expect(quoteLiteral('O\u2019Brien')).toBe("'O\\'Brien'");
  });
  it('includes inactive records when looking a name up', () => {
    expect(findByNameIncludingInactive('Customer', 'DisplayName', 'José Müller')).toBe(
      "SELECT * FROM Customer WHERE DisplayName = 'José Müller' AND Active IN (true, false)",
    );
  });
});

describe('requestIdFor', () => {
  const write = { firmId: 'f1', entity: 'invoice', localId: 'i1', operation: 'create', revision: 1 } as const;
  it('is stable for the same write and fits QBO limits', () => {
    expect(requestIdFor(write)).toBe(requestIdFor({ ...write }));
    expect(requestIdFor(write).length).toBeLessThanOrEqual(50);
  });
  it('differs by firm, revision, operation and generation', () => {
    const base = requestIdFor(write);
    expect(requestIdFor({ ...write, firmId: 'f2' })).not.toBe(base);
    expect(requestIdFor({ ...write, revision: 2 })).not.toBe(base);
    expect(requestIdFor({ ...write, operation: 'update' })).not.toBe(base);
    expect(requestIdFor({ ...write, generation: 1 })).not.toBe(base);
  });
});

describe('typographic punctuation', () => {
  it('is made plain in literals, as QBO rejects General Punctuation inside strings', () => {
    expect(quoteLiteral('Boot \u2013 Wolverine')).toBe("'Boot - Wolverine'");
    expect(quoteLiteral('\u201CAcme\u201D\u2026')).toBe('\'"Acme"...\'');
    expect(quoteLiteral('A\u00A0B\u2009C')).toBe("'A\u00A0B C'");
  });
});
