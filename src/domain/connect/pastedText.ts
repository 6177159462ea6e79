/**
 * Characters that web pages and word processors substitute for ASCII: typographic quotes, en/em dashes and
 * non-breaking spaces. Connector configs copied from blog posts carry them (the seeds' "Example schema" uses “ ”,
 * their shell snippets `–no-cache`). Pure.
 */

export type TypographicKind = 'doubleQuote' | 'singleQuote' | 'dash' | 'space';

export interface TypographicChar {
  offset: number;
  char: string;
  kind: TypographicKind;
  /** The same-length ASCII replacement used for error recovery. */
  ascii: string;
}

const TYPOGRAPHIC: Record<string, { kind: TypographicKind; ascii: string }> = {
  '\u201C': { kind: 'doubleQuote', ascii: '"' }, // “
  '\u201D': { kind: 'doubleQuote', ascii: '"' }, // ”
  '\u201E': { kind: 'doubleQuote', ascii: '"' }, // „
  '\u201F': { kind: 'doubleQuote', ascii: '"' }, // ‟
  '\u2033': { kind: 'doubleQuote', ascii: '"' }, // ″
  '\u2018': { kind: 'singleQuote', ascii: '\'' }, // ‘
  '\u2019': { kind: 'singleQuote', ascii: '\'' }, // ’
  '\u201A': { kind: 'singleQuote', ascii: '\'' }, // ‚
  '\u201B': { kind: 'singleQuote', ascii: '\'' }, // ‛
  '\u2032': { kind: 'singleQuote', ascii: '\'' }, // ′
  '\u2013': { kind: 'dash', ascii: '-' }, // – en dash
  '\u2014': { kind: 'dash', ascii: '-' }, // — em dash
  '\u2212': { kind: 'dash', ascii: '-' }, // − minus sign
  '\u00A0': { kind: 'space', ascii: ' ' }, // no-break space
};

/** Every typographic stand-in for an ASCII character, in text order. */
export function scanTypography(text: string): TypographicChar[] {
  const out: TypographicChar[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    const t = TYPOGRAPHIC[ch];
    if (t) out.push({ offset: i, char: ch, kind: t.kind, ascii: t.ascii });
  }
  return out;
}

/**
 * Whether a dash inside a value was most likely an ASCII `-`/`--` before a web page "improved" it: it starts a
 * word (`–no-cache`, `–1`) rather than sitting between spaces as punctuation (`Part 1 – Setup`).
 */
export function dashLooksLikeAscii(text: string, offset: number): boolean {
  const before = offset > 0 ? text[offset - 1] ?? '' : '';
  const after = text[offset + 1] ?? '';
  const startsWord = before === '' || /[\s"'=(,:]/.test(before);
  return startsWord && /[A-Za-z0-9]/.test(after);
}

/** A short human name for the character, used in messages. */
export function describeTypographic(c: TypographicChar): string {
  switch (c.kind) {
    case 'doubleQuote': return `typographic quote ${c.char}`;
    case 'singleQuote': return `typographic apostrophe ${c.char}`;
    case 'dash': return c.char === '\u2014' ? `em dash ${c.char}` : c.char === '\u2212' ? `minus sign ${c.char}` : `en dash ${c.char}`;
    case 'space': return 'non-breaking space';
  }
}

/** The fix to print for a character of this kind. */
export function typographicFix(c: TypographicChar, inJson: boolean): string {
  switch (c.kind) {
    case 'doubleQuote': return 'replace with straight quotes (")';
    case 'singleQuote': return inJson ? 'replace with straight quotes (" around JSON strings, \' inside values)' : 'replace with straight quotes (\')';
    case 'dash': return 'replace with the ASCII hyphen "-" (or "--" for a command-line option)';
    case 'space': return 'replace with a normal space';
  }
}
