// QBO's query parser rejects General Punctuation (U+2000-U+206F: typographic quotes, dashes, special
// spaces) inside string literals. Names the product writes to QBO are made plain first, so every name it
// creates can also be found again by a query.

const REPLACEMENTS: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u201B': "'",
  '\u2032': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u201F': '"',
  '\u2033': '"',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2015': '-',
  '\u2026': '...',
  '\u2022': '*',
};

export function plainPunctuation(value: string): string {
  return value.replace(
    /[\u2000-\u206F]/g,
    (c) => REPLACEMENTS[c] ?? (/[\u2000-\u200A\u202F\u205F]/.test(c) ? ' ' : ''),
  );
}
