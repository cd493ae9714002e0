import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connect, faultCode, query, startSandbox, type ApiResult, type Company, type Sandbox } from './helpers.js';

// Statements are written out literally (no escaping helper) so each test shows the exact text QBO gets.

let sb: Sandbox;
let c: Company;

const NAMES = ["O'Brien", 'Acme\\', 'José Müller', '山田太郎', '北京移民律师事务所'];

beforeAll(async () => {
  sb = await startSandbox();
  c = await connect(sb.base);
  for (const DisplayName of NAMES)
    expect((await api(sb.base, c, 'POST', '/customer', { DisplayName })).status).toBe(200);
});
afterAll(async () => {
  await sb.close();
});

const displayNames = (r: ApiResult): string[] => (r.json.QueryResponse.Customer ?? []).map((x: any) => x.DisplayName);

function expectParseError(r: ApiResult): string {
  expect(r.status).toBe(400);
  expect(r.json.Fault.type).toBe('ValidationFault');
  expect(faultCode(r)).toBe('4000');
  expect(r.json.Fault.Error[0].Message).toBe('Error parsing query');
  const detail: string = r.json.Fault.Error[0].Detail;
  expect(detail).toMatch(/^QueryParserError: /);
  return detail;
}

describe('quotes', () => {
  it("O\\'Brien: a backslash-escaped quote finds the name, by GET (URL-encoded) and by POST application/text", async () => {
    const statement = "SELECT * FROM Customer WHERE DisplayName = 'O\\'Brien'";
    expect(statement).toContain("'O\\'Brien'");
    const viaGet = await query(sb.base, c, statement);
    expect(viaGet.status).toBe(200);
    expect(displayNames(viaGet)).toEqual(["O'Brien"]);
    const viaPost = await api(sb.base, c, 'POST', '/query', statement);
    expect(displayNames(viaPost)).toEqual(["O'Brien"]);
    expect(displayNames(await query(sb.base, c, "SELECT * FROM Customer WHERE DisplayName LIKE 'O\\'%'"))).toEqual([
      "O'Brien",
    ]);
  });

  it("an unescaped quote, or SQL-style doubling ('O''Brien'), is a 4000 QueryParserError", async () => {
    const statement = "SELECT * FROM Customer WHERE DisplayName = 'O'Brien'";
    // QBO's own wording, as node-quickbooks and quickbooks-ruby users reported it for 'Cutlery 'R Us'.
    const unescaped = expectParseError(await query(sb.base, c, statement));
    expect(unescaped).toContain(
      `Encountered " <IDENTIFIER> "Brien "" at line 1, column ${statement.indexOf('Brien') + 1}.`,
    );
    expectParseError(await query(sb.base, c, "SELECT * FROM Customer WHERE DisplayName = 'O''Brien'"));
  });
});

describe('backslashes', () => {
  it("a trailing backslash escaped as 'Acme\\\\' finds Acme\\", async () => {
    const statement = "SELECT * FROM Customer WHERE DisplayName = 'Acme\\\\'";
    expect(statement.endsWith("= 'Acme\\\\'")).toBe(true);
    const r = await query(sb.base, c, statement);
    expect(r.status).toBe(200);
    expect(displayNames(r)).toEqual(['Acme\\']);
  });

  it("a trailing backslash left bare ('Acme\\') escapes the closing quote: 4000 at end of input", async () => {
    const detail = expectParseError(await query(sb.base, c, "SELECT * FROM Customer WHERE DisplayName = 'Acme\\'"));
    expect(detail).toContain('Encountered: <EOF>');
  });
});

describe('unicode', () => {
  it('accented Latin names match exactly and by LIKE', async () => {
    expect(displayNames(await query(sb.base, c, "SELECT * FROM Customer WHERE DisplayName = 'José Müller'"))).toEqual([
      'José Müller',
    ]);
    expect(displayNames(await query(sb.base, c, "SELECT * FROM Customer WHERE DisplayName LIKE '%Müll%'"))).toEqual([
      'José Müller',
    ]);
    // Different code points are different names: an unaccented spelling is not a match.
    expect(displayNames(await query(sb.base, c, "SELECT * FROM Customer WHERE DisplayName = 'Jose Muller'"))).toEqual(
      [],
    );
  });

  it('CJK names match exactly and by LIKE, also by POST', async () => {
    expect(displayNames(await query(sb.base, c, "SELECT * FROM Customer WHERE DisplayName = '山田太郎'"))).toEqual([
      '山田太郎',
    ]);
    expect(displayNames(await query(sb.base, c, "SELECT * FROM Customer WHERE DisplayName LIKE '%律师%'"))).toEqual([
      '北京移民律师事务所',
    ]);
    expect(
      displayNames(
        await api(sb.base, c, 'POST', '/query', "SELECT * FROM Customer WHERE DisplayName = '北京移民律师事务所'"),
      ),
    ).toEqual(['北京移民律师事务所']);
  });
});

describe('typographic quotes', () => {
  it.each([
    ['\u2018 \u2019 as delimiters', 'SELECT * FROM Customer WHERE DisplayName = \u2018O\u2019Brien\u2019', '\\u2018'],
    ['\u201c \u201d as delimiters', 'SELECT * FROM Customer WHERE DisplayName = \u201cO\u2019Brien\u201d', '\\u201c'],
    ['\u2019 inside a quoted string', "SELECT * FROM Customer WHERE DisplayName = 'O\u2019Brien'", '\\u2019'],
    ['\u2019 in a LIKE pattern', "SELECT * FROM Customer WHERE DisplayName LIKE '%Fleur\u2019t'", '\\u2019'],
  ])('%s is a 4000 lexical error naming the character', async (_label, statement, shown) => {
    const detail = expectParseError(await query(sb.base, c, statement));
    expect(detail).toContain('Lexical error at line 1');
    expect(detail).toContain(`Encountered: "${shown}"`);
  });

  it('reports where QBO does: the column of the \u2019 and the token read so far', async () => {
    const statement = "SELECT * FROM Item WHERE Name LIKE '%Fleur\u2019t'";
    const detail = expectParseError(await query(sb.base, c, statement));
    expect(detail).toBe(
      `QueryParserError: Invalid content. Lexical error at line 1, column ${statement.indexOf('\u2019') + 1}.  Encountered: "\\u2019" (8217), after : "\\'%Fleur"`,
    );
  });
});
