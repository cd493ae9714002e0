import { queryParserError } from './faults.js';

// QBO's query language: one entity, AND-only conditions, no projections. Errors imitate the JavaCC
// parser's wording QBO surfaces (code 4000), because clients log and sometimes match on it.

export type Literal = string | number | boolean;
export type Operator = '=' | '<' | '>' | '<=' | '>=' | 'IN' | 'LIKE';

export interface Condition {
  field: string;
  op: Operator;
  value: Literal | Literal[];
}

export interface ParsedQuery {
  count: boolean;
  entity: string;
  where: Condition[];
  orderBy: Array<{ field: string; desc: boolean }>;
  startPosition?: number;
  maxResults?: number;
}

type Kind = 'IDENTIFIER' | 'STRING' | 'NUMBER' | 'OP' | 'PUNCT' | 'EOF';

interface Token {
  kind: Kind;
  text: string;
  /** For strings: the unescaped value. */
  value: string;
  column: number;
}

const TYPOGRAPHIC = new Set(['\u2018', '\u2019', '\u201c', '\u201d', '\u00b4', '\u0060']);

// QBO's lexer refuses General Punctuation even inside a quoted string: `'%Fleur’t'` (U+2019) and an en
// dash (U+2013) in an item name both came back as lexical errors. No report shows other non-ASCII text
// failing, so accented and CJK names stay queryable.
const NOT_IN_STRINGS = /[\u2000-\u206f]/;

/** How JavaCC prints a character in its messages: quotes and backslashes escaped, non-ASCII as \uXXXX. */
function javaEscape(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === "'" || ch === '\\') out += `\\${ch}`;
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out;
}

function lexicalError(column: number, ch: string | undefined, after: string): never {
  const encountered = ch === undefined ? '<EOF> ' : `"${javaEscape(ch)}" (${ch.codePointAt(0)}), `;
  throw queryParserError(
    `Invalid content. Lexical error at line 1, column ${column}.  Encountered: ${encountered}after : "${javaEscape(after)}"`,
  );
}

/** Lazy, like QBO's JavaCC parser: a grammar error is reported before anything after it is lexed. */
function* tokenize(src: string): Generator<Token, Token> {
  let i = 0;
  while (i < src.length) {
    const ch = src[i] as string;
    const column = i + 1;
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    if (ch === "'") {
      let value = '';
      let j = i + 1;
      let closed = false;
      while (j < src.length) {
        const c = src[j] as string;
        if (c === '\\') {
          // A backslash escapes the next character, so a trailing `\` swallows the closing quote.
          if (j + 1 >= src.length) break;
          value += src[j + 1];
          j += 2;
          continue;
        }
        if (c === "'") {
          closed = true;
          break;
        }
        if (NOT_IN_STRINGS.test(c)) lexicalError(j + 1, c, src.slice(i, j));
        value += c;
        j += 1;
      }
      if (!closed) lexicalError(src.length + 1, undefined, src.slice(i));
      yield { kind: 'STRING', text: src.slice(i, j + 1), value, column };
      i = j + 1;
      continue;
    }
    if (TYPOGRAPHIC.has(ch) || ch === '"') lexicalError(column, ch, '');
    if (/[0-9]/.test(ch) || (ch === '-' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^-?\d+(\.\d+)?/.exec(src.slice(i));
      const text = m?.[0] ?? ch;
      yield { kind: 'NUMBER', text, value: text, column };
      i += text.length;
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(src.slice(i));
      const text = m?.[0] ?? ch;
      yield { kind: 'IDENTIFIER', text, value: text, column };
      i += text.length;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '<=' || two === '>=' || two === '!=' || two === '<>') {
      yield { kind: 'OP', text: two, value: two, column };
      i += 2;
      continue;
    }
    if (ch === '=' || ch === '<' || ch === '>') {
      yield { kind: 'OP', text: ch, value: ch, column };
      i += 1;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === ',' || ch === '*') {
      yield { kind: 'PUNCT', text: ch, value: ch, column };
      i += 1;
      continue;
    }
    lexicalError(column, ch, '');
  }
  return { kind: 'EOF', text: '', value: '', column: src.length + 1 };
}

class Parser {
  private current: Token;
  constructor(private readonly tokens: Generator<Token, Token>) {
    this.current = this.tokens.next().value;
  }

  private peek(): Token {
    return this.current;
  }

  private next(): Token {
    const t = this.current;
    if (t.kind !== 'EOF') this.current = this.tokens.next().value;
    return t;
  }

  private fail(expecting: string[]): never {
    const t = this.peek();
    const shown =
      t.kind === 'EOF' ? '<EOF>' : `" <${t.kind === 'OP' || t.kind === 'PUNCT' ? 'SYMBOL' : t.kind}> "${t.text} ""`;
    const prefix = t.kind === 'EOF' ? `Encountered "${shown}"` : `Encountered ${shown}`;
    throw queryParserError(
      `${prefix} at line 1, column ${t.column}.\nWas expecting one of:\n    ${expecting.join('\n    ')}`,
    );
  }

  private isKeyword(word: string): boolean {
    const t = this.peek();
    return t.kind === 'IDENTIFIER' && t.text.toUpperCase() === word;
  }

  private keyword(word: string): void {
    if (!this.isKeyword(word)) this.fail([`"${word.toLowerCase()}"`]);
    this.next();
  }

  private punct(p: string): void {
    const t = this.peek();
    if (t.kind !== 'PUNCT' || t.text !== p) this.fail([`"${p}"`]);
    this.next();
  }

  private identifier(): string {
    const t = this.peek();
    if (t.kind !== 'IDENTIFIER' || RESERVED.has(t.text.toUpperCase())) this.fail(['<IDENTIFIER>']);
    this.next();
    return t.text;
  }

  private integer(): number {
    const t = this.peek();
    if (t.kind !== 'NUMBER' || !/^\d+$/.test(t.text)) this.fail(['<INTEGER>']);
    this.next();
    return Number(t.text);
  }

  private literal(): Literal {
    const t = this.peek();
    if (t.kind === 'STRING') {
      this.next();
      return t.value;
    }
    if (t.kind === 'NUMBER') {
      this.next();
      return Number(t.text);
    }
    if (t.kind === 'IDENTIFIER' && (t.text.toLowerCase() === 'true' || t.text.toLowerCase() === 'false')) {
      this.next();
      return t.text.toLowerCase() === 'true';
    }
    return this.fail(['<STRING>', '<NUMBER>', '"true"', '"false"']);
  }

  parse(): ParsedQuery {
    this.keyword('SELECT');
    let count = false;
    if (this.isKeyword('COUNT')) {
      this.next();
      this.punct('(');
      this.punct('*');
      this.punct(')');
      count = true;
    } else {
      this.punct('*');
    }
    this.keyword('FROM');
    const entity = this.identifier();
    const where: Condition[] = [];
    if (this.isKeyword('WHERE')) {
      this.next();
      where.push(this.condition());
      while (this.isKeyword('AND')) {
        this.next();
        where.push(this.condition());
      }
    }
    const orderBy: ParsedQuery['orderBy'] = [];
    if (this.isKeyword('ORDERBY')) {
      this.next();
      do {
        if (orderBy.length > 0) this.next();
        const field = this.identifier();
        let desc = false;
        if (this.isKeyword('ASC')) this.next();
        else if (this.isKeyword('DESC')) {
          this.next();
          desc = true;
        }
        orderBy.push({ field, desc });
      } while (this.peek().kind === 'PUNCT' && this.peek().text === ',');
    }
    const query: ParsedQuery = { count, entity, where, orderBy };
    if (this.isKeyword('STARTPOSITION')) {
      this.next();
      query.startPosition = this.integer();
    }
    if (this.isKeyword('MAXRESULTS')) {
      this.next();
      query.maxResults = this.integer();
    }
    if (this.peek().kind !== 'EOF') {
      this.fail(['<EOF>', '"and"', '"orderby"', '"startposition"', '"maxresults"']);
    }
    return query;
  }

  private condition(): Condition {
    const field = this.identifier();
    const t = this.peek();
    if (t.kind === 'OP' && ['=', '<', '>', '<=', '>='].includes(t.text)) {
      this.next();
      return { field, op: t.text as Operator, value: this.literal() };
    }
    if (this.isKeyword('IN')) {
      this.next();
      this.punct('(');
      const values: Literal[] = [this.literal()];
      while (this.peek().kind === 'PUNCT' && this.peek().text === ',') {
        this.next();
        values.push(this.literal());
      }
      this.punct(')');
      return { field, op: 'IN', value: values };
    }
    if (this.isKeyword('LIKE')) {
      this.next();
      const value = this.literal();
      if (typeof value !== 'string') this.fail(['<STRING>']);
      return { field, op: 'LIKE', value };
    }
    return this.fail(['"="', '"<"', '">"', '"<="', '">="', '"in"', '"like"']);
  }
}

const RESERVED = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'AND',
  'OR',
  'ORDERBY',
  'ASC',
  'DESC',
  'STARTPOSITION',
  'MAXRESULTS',
  'IN',
  'LIKE',
  'COUNT',
  'JOIN',
  'GROUP',
  'BY',
  'NOT',
]);

export function parseQuery(statement: string): ParsedQuery {
  return new Parser(tokenize(statement)).parse();
}
