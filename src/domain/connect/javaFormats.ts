/**
 * The Java behaviour the SMT preview needs to reproduce exactly: `java.util.regex` full matches and
 * `Matcher.replaceFirst` replacement strings, `SimpleDateFormat` (UTC) formatting and parsing, `Double.toString` /
 * `Float.toString`, and the simple cases of Connect's `Values.parseString`. Where JavaScript cannot reproduce Java
 * faithfully these throw {@link NotReproducible} rather than approximate. Pure.
 */

/** Shoreline cannot reproduce this Java behaviour exactly (the preview then reports the step as not run). */
export class NotReproducible extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotReproducible';
  }
}

/** A Java exception with Java's message (PatternSyntaxException, IllegalArgumentException, …). */
export class JavaException extends Error {
  constructor(readonly exception: string, message: string) {
    super(message);
    this.name = 'JavaException';
  }
}

// ------------------------------------------------------------------------------------------------------ regex

/**
 * A Java regex as a JS RegExp that only matches the whole input (`Matcher.matches()`): sticky at 0 and anchored at
 * the end of input. Throws NotReproducible for Java-only syntax (possessive quantifiers, atomic groups, \Q…\E
 * inside classes, POSIX \p{…} classes, class intersections, inline flags after the start).
 */
export function javaFullMatcher(re: string): RegExp {
  let src = re;
  let flags = '';
  const lead = /^\(\?([imsx]+)\)/.exec(src);
  if (lead) {
    if (lead[1]!.includes('x')) throw new NotReproducible(`the (?x) comments flag in /${re}/`);
    flags = [...new Set(lead[1]!.split(''))].join('');
    src = src.slice(lead[0].length);
  }
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      const n = src[i + 1];
      if (n === undefined) throw new JavaException('java.util.regex.PatternSyntaxException', `Unexpected internal error near index ${src.length}\n${re}`);
      if (n === 'Q' && !inClass) {
        const end = src.indexOf('\\E', i + 2);
        const lit = src.slice(i + 2, end < 0 ? undefined : end);
        out += lit.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
        i = end < 0 ? src.length : end + 1;
        continue;
      }
      if (n === 'A' && !inClass) { out += '(?<![\\s\\S])'; i++; continue; }
      if (n === 'z' && !inClass) { out += '(?![\\s\\S])'; i++; continue; }
      if (n === 'Z' && !inClass) { out += '(?=\\n?(?![\\s\\S]))'; i++; continue; }
      if ('pPhHRXGQEe'.includes(n)) throw new NotReproducible(`the Java escape \\${n} in /${re}/`);
      out += c + n;
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      if (c === '[' || (c === '&' && src[i + 1] === '&')) throw new NotReproducible(`nested classes or && intersections in /${re}/`);
      out += c;
      continue;
    }
    if (c === '[') { inClass = true; out += c; if (src[i + 1] === '^') { out += '^'; i++; } if (src[i + 1] === ']') { out += '\\]'; i++; } continue; }
    if (c === '(' && src[i + 1] === '?') {
      const n = src[i + 2];
      if (n === '>') throw new NotReproducible(`atomic groups (?>…) in /${re}/`);
      if (n !== undefined && /[a-zA-Z-]/.test(n) && n !== 'P') throw new NotReproducible(`inline flags inside /${re}/`);
    }
    if ((c === '+' || c === '*' || c === '?' || c === '}') && src[i + 1] === '+') throw new NotReproducible(`possessive quantifiers in /${re}/`);
    out += c;
  }
  try {
    return new RegExp(`(?:${out})(?![\\s\\S])`, `${flags}y`);
  } catch (e) {
    throw new NotReproducible(`/${re}/ (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** Whether the whole input matches (Java `Pattern.matcher(s).matches()`). */
export function javaMatches(re: RegExp, input: string): RegExpExecArray | null {
  re.lastIndex = 0;
  return re.exec(input);
}

/** Expands a Java replacement string (`$1`, `${name}`, `\$`) for one match, with Java's errors. */
export function javaReplacement(replacement: string, m: RegExpExecArray): string {
  const groupCount = m.length - 1;
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i]!;
    if (c === '\\') {
      if (i + 1 >= replacement.length) throw new JavaException('java.lang.IllegalArgumentException', 'character to be escaped is missing');
      out += replacement[++i];
    } else if (c === '$') {
      if (i + 1 >= replacement.length) throw new JavaException('java.lang.IllegalArgumentException', 'Illegal group reference: group index is missing');
      if (replacement[i + 1] === '{') {
        const end = replacement.indexOf('}', i + 2);
        if (end < 0) throw new JavaException('java.lang.IllegalArgumentException', "named capturing group is missing trailing '}'");
        const name = replacement.slice(i + 2, end);
        if (!m.groups || !(name in m.groups)) throw new JavaException('java.lang.IllegalArgumentException', `No group with name {${name}}`);
        out += m.groups[name] ?? '';
        i = end;
      } else {
        let j = i + 1;
        if (!/\d/.test(replacement[j] ?? '')) throw new JavaException('java.lang.IllegalArgumentException', 'Illegal group reference');
        let group = Number(replacement[j]);
        j++;
        while (j < replacement.length && /\d/.test(replacement[j]!) && group * 10 + Number(replacement[j]) <= groupCount) { group = group * 10 + Number(replacement[j]); j++; }
        if (group > groupCount) throw new JavaException('java.lang.IndexOutOfBoundsException', `No group ${group}`);
        out += m[group] ?? '';
        i = j - 1;
      }
    } else out += c;
  }
  return out;
}

// ----------------------------------------------------------------------------------------------- numbers as text

function javaDigits(x: number, shortest: string): string {
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e7) {
    const plain = Number(shortest).toString();
    const fixed = /e/.test(plain) ? Number(shortest).toFixed(20).replace(/0+$/, '') : plain;
    return fixed.includes('.') ? fixed : `${fixed}.0`;
  }
  const [mant = '', exp = '0'] = Number(shortest).toExponential().split('e');
  return `${mant.includes('.') ? mant : `${mant}.0`}E${Number(exp)}`;
}

/** Java's `Double.toString` (shortest digits, as JDK 19+ prints them). */
export function javaDoubleToString(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  return javaDigits(x, String(x));
}

/** Java's `Float.toString` of a float32 value. */
export function javaFloatToString(x: number): string {
  const f = Math.fround(x);
  if (Number.isNaN(f) || !Number.isFinite(f) || f === 0) return javaDoubleToString(f);
  let shortest = String(f);
  for (let p = 1; p <= 9; p++) { const t = f.toPrecision(p); if (Math.fround(Number(t)) === f) { shortest = t; break; } }
  return javaDigits(Number(shortest), shortest);
}

/** Java's `String.valueOf` of a number held as this Connect type (whole types print without ".0"). */
export function javaNumberToString(x: number, type: string): string {
  if (type === 'float') return javaFloatToString(x);
  if (type === 'double') return javaDoubleToString(x);
  return String(x);
}

// ------------------------------------------------------------------------------------------- SimpleDateFormat

type Token = { letter: string; count: number } | { literal: string };

const JAVA_PATTERN_LETTERS = 'GyMdkHmsSEDFwWahKzZYuXL';
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Splits a SimpleDateFormat pattern; unknown letters raise Java's IllegalArgumentException. */
export function dateTokens(pattern: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < pattern.length;) {
    const c = pattern[i]!;
    if (c === "'") {
      if (pattern[i + 1] === "'") { out.push({ literal: "'" }); i += 2; continue; }
      const end = pattern.indexOf("'", i + 1);
      if (end < 0) throw new JavaException('java.lang.IllegalArgumentException', 'Unterminated quote');
      let lit = '';
      let j = i + 1;
      for (; j < pattern.length; j++) {
        if (pattern[j] === "'") { if (pattern[j + 1] === "'") { lit += "'"; j++; continue; } break; }
        lit += pattern[j];
      }
      if (j >= pattern.length) throw new JavaException('java.lang.IllegalArgumentException', 'Unterminated quote');
      out.push({ literal: lit });
      i = j + 1;
    } else if (/[A-Za-z]/.test(c)) {
      if (!JAVA_PATTERN_LETTERS.includes(c)) throw new JavaException('java.lang.IllegalArgumentException', `Illegal pattern character '${c}'`);
      let j = i;
      while (pattern[j] === c) j++;
      out.push({ letter: c, count: j - i });
      i = j;
    } else { out.push({ literal: c }); i++; }
  }
  return out;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** `new SimpleDateFormat(pattern)` with time zone UTC, `format(new Date(ms))`. */
export function formatJavaDate(pattern: string, epochMillis: number): string {
  const d = new Date(epochMillis);
  const y = d.getUTCFullYear(), mo = d.getUTCMonth(), day = d.getUTCDate(), h = d.getUTCHours();
  return dateTokens(pattern).map((t) => {
    if ('literal' in t) return t.literal;
    const n = t.count;
    switch (t.letter) {
      case 'G': return 'AD';
      case 'y': return n === 2 ? pad(y % 100, 2) : pad(y, n);
      case 'M': case 'L': return n >= 4 ? MONTHS[mo]! : n === 3 ? MONTHS[mo]!.slice(0, 3) : pad(mo + 1, n);
      case 'd': return pad(day, n);
      case 'D': return pad(Math.floor((Date.UTC(y, mo, day) - Date.UTC(y, 0, 1)) / 86_400_000) + 1, n);
      case 'E': return n >= 4 ? DAYS[d.getUTCDay()]! : DAYS[d.getUTCDay()]!.slice(0, 3);
      case 'u': return pad(d.getUTCDay() === 0 ? 7 : d.getUTCDay(), n);
      case 'a': return h < 12 ? 'AM' : 'PM';
      case 'H': return pad(h, n);
      case 'k': return pad(h === 0 ? 24 : h, n);
      case 'K': return pad(h % 12, n);
      case 'h': return pad(h % 12 === 0 ? 12 : h % 12, n);
      case 'm': return pad(d.getUTCMinutes(), n);
      case 's': return pad(d.getUTCSeconds(), n);
      case 'S': return pad(d.getUTCMilliseconds(), n);
      case 'z': return n >= 4 ? 'Coordinated Universal Time' : 'UTC';
      case 'Z': return '+0000';
      case 'X': return 'Z';
      default: throw new NotReproducible(`the SimpleDateFormat letter '${t.letter}' (week-based fields) in "${pattern}"`);
    }
  }).join('');
}

const NUMERIC = new Set(['y', 'd', 'D', 'H', 'k', 'K', 'h', 'm', 's', 'S', 'u']);
const isNumeric = (t: Token | undefined): boolean => t !== undefined && 'letter' in t && (NUMERIC.has(t.letter) || ((t.letter === 'M' || t.letter === 'L') && t.count < 3));

/**
 * `SimpleDateFormat.parse` in UTC, lenient as Java's default: out-of-range fields roll over and text after the
 * pattern is ignored. Returns epoch millis, or undefined where Java throws ParseException.
 */
export function parseJavaDate(pattern: string, text: string): number | undefined {
  const tokens = dateTokens(pattern);
  const f = { y: 1970, M: 0, d: 1, H: 0, m: 0, s: 0, S: 0, pm: undefined as boolean | undefined, h12: undefined as number | undefined, offsetMin: 0 };
  let pos = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if ('literal' in t) {
      if (text.startsWith(t.literal, pos)) { pos += t.literal.length; continue; }
      return undefined;
    }
    const word = (names: string[]): number | undefined => {
      const idx = names.findIndex((nm) => text.slice(pos, pos + nm.length).toLowerCase() === nm.toLowerCase());
      if (idx >= 0) pos += names[idx]!.length;
      return idx >= 0 ? idx : undefined;
    };
    if (t.letter === 'M' && t.count >= 3 || t.letter === 'L' && t.count >= 3) {
      const idx = word(MONTHS) ?? word(MONTHS.map((x) => x.slice(0, 3)));
      if (idx === undefined) return undefined;
      f.M = idx;
      continue;
    }
    if (t.letter === 'E') { if (word(DAYS) === undefined && word(DAYS.map((x) => x.slice(0, 3))) === undefined) return undefined; continue; }
    if (t.letter === 'a') { const idx = word(['AM', 'PM']); if (idx === undefined) return undefined; f.pm = idx === 1; continue; }
    if (t.letter === 'G') { if (word(['AD']) === undefined) return undefined; continue; }
    if (t.letter === 'z' || t.letter === 'Z' || t.letter === 'X') {
      const zm = /^(?:Z|UTC|GMT|([+-])(\d{2}):?(\d{2})?)/.exec(text.slice(pos));
      if (!zm) return undefined;
      if (zm[1]) f.offsetMin = (zm[1] === '-' ? -1 : 1) * (Number(zm[2]) * 60 + Number(zm[3] ?? 0));
      pos += zm[0].length;
      continue;
    }
    if (!NUMERIC.has(t.letter) && !isNumeric(t)) throw new NotReproducible(`parsing the SimpleDateFormat letter '${t.letter}' in "${pattern}"`);
    const fixedWidth = isNumeric(tokens[i + 1]);
    const m = (fixedWidth ? new RegExp(`^[+-]?\\d{1,${t.count}}`) : /^[+-]?\d+/).exec(text.slice(pos));
    if (!m) return undefined;
    pos += m[0].length;
    let v = Number(m[0]);
    switch (t.letter) {
      case 'y':
        if (t.count <= 2 && m[0].length === 2) {
          const now = new Date().getUTCFullYear();
          v += Math.floor((now - 80) / 100) * 100;
          if (v < now - 80) v += 100;
        }
        f.y = v; break;
      case 'M': case 'L': f.M = v - 1; break;
      case 'd': f.d = v; break;
      case 'D': f.M = 0; f.d = v; break;
      case 'H': f.H = v; break;
      case 'k': f.H = v === 24 ? 0 : v; break;
      case 'K': case 'h': f.h12 = v % 12; break;
      case 'm': f.m = v; break;
      case 's': f.s = v; break;
      case 'S': f.S = v; break;
      default: break;
    }
  }
  const hour = f.h12 !== undefined ? f.h12 + (f.pm ? 12 : 0) : f.H + (f.pm && f.H < 12 ? 12 : 0);
  const utc = new Date(0);
  utc.setUTCFullYear(f.y, f.M, f.d);
  utc.setUTCHours(hour, f.m, f.s, f.S);
  return utc.getTime() - f.offsetMin * 60_000;
}

// --------------------------------------------------------------------------------------------- Values.parseString

/**
 * Connect's `Values.parseString` for the literal forms Shoreline can read exactly: booleans, whole numbers (the
 * smallest of int8…int64) and plain strings. Decimals, arrays, maps and date/time literals are NotReproducible.
 */
export function parseConnectLiteral(text: string): { value: unknown; type: 'boolean' | 'int8' | 'int16' | 'int32' | 'int64' | 'string' } {
  const t = text.trim();
  if (t === '') return { value: text, type: 'string' };
  if (/^(true|false)$/i.test(t)) return { value: t.toLowerCase() === 'true', type: 'boolean' };
  if (/^[+-]?\d+$/.test(t)) {
    const n = BigInt(t);
    if (n >= -128n && n <= 127n) return { value: Number(n), type: 'int8' };
    if (n >= -32768n && n <= 32767n) return { value: Number(n), type: 'int16' };
    if (n >= -2147483648n && n <= 2147483647n) return { value: Number(n), type: 'int32' };
    if (n >= -(2n ** 63n) && n < 2n ** 63n) return { value: Number(n), type: 'int64' };
  }
  if (/^[[{"]/.test(t) || /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) || /^\d{4}-\d{2}-\d{2}/.test(t) || /^\d{2}:\d{2}:\d{2}/.test(t)) {
    throw new NotReproducible(`how Connect's Values.parseString reads "${text}" (a number, list, map, quoted string or date/time literal)`);
  }
  return { value: text, type: 'string' };
}
