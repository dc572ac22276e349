// Parser for the Python literals (repr()/str() output) that pandas wrote into the Kaggle CSV cells (the printer the
// demo generator uses is src/pipeline/demo/pythonRepr.ts).
// A hand-written recursive-descent parser over char codes: no eval, no regex-to-JSON rewriting.

/** A parsed Python literal. Tuples and sets become arrays; None becomes null; dict keys become strings. */
export type PyValue = null | boolean | number | string | PyValue[] | { [key: string]: PyValue };

/** Thrown for any input that is not a (supported) Python literal; `position` is the 0-based char offset. */
export class PythonLiteralError extends Error {
  readonly position: number;
  constructor(message: string, position: number) {
    super(message);
    this.name = 'PythonLiteralError';
    this.position = position;
  }
}

/** Deepest list/dict/tuple nesting accepted; real cells nest at most 2 levels, so deeper input is garbage. */
export const MAX_NESTING_DEPTH = 64;

const CH_TAB = 9;
const CH_LF = 10;
const CH_VT = 11;
const CH_FF = 12;
const CH_CR = 13;
const CH_SPACE = 32;
const CH_DQUOTE = 34;
const CH_SQUOTE = 39;
const CH_LPAREN = 40;
const CH_RPAREN = 41;
const CH_PLUS = 43;
const CH_COMMA = 44;
const CH_MINUS = 45;
const CH_DOT = 46;
const CH_0 = 48;
const CH_7 = 55;
const CH_9 = 57;
const CH_COLON = 58;
const CH_LBRACKET = 91;
const CH_BACKSLASH = 92;
const CH_RBRACKET = 93;
const CH_UNDERSCORE = 95;
const CH_LBRACE = 123;
const CH_RBRACE = 125;

/** String prefixes whose literals we accept; f-strings are not literals. Bytes decode as Latin-1 chars. */
const STRING_PREFIXES = new Set(['', 'u', 'r', 'b', 'br', 'rb']);

function isIdentifierChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= CH_0 && c <= CH_9) || c === CH_UNDERSCORE;
}

function hexDigitValue(c: number): number {
  if (c >= CH_0 && c <= CH_9) return c - CH_0;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Stores a key without letting '__proto__' replace the prototype (plain objects keep V8's fast properties). */
function setKey(target: { [key: string]: PyValue }, key: string, value: PyValue): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

class Parser {
  private pos = 0;
  /** Index of the next backslash at or after some earlier position; lets plain strings be sliced without a scan. */
  private nextBackslash = -2;

  constructor(private readonly text: string) {}

  parseDocument(): PyValue {
    this.skipWhitespace();
    if (this.pos >= this.text.length) throw this.error('empty input, expected a Python literal');
    const value = this.parseValue(0);
    this.skipWhitespace();
    if (this.pos < this.text.length) throw this.error('unexpected trailing characters after the literal');
    return value;
  }

  private error(what: string, at: number = this.pos): PythonLiteralError {
    const from = Math.max(0, at - 20);
    const near = this.text.slice(from, at + 20).replace(/[\r\n]/g, ' ');
    return new PythonLiteralError(`Python literal: ${what} at position ${at} (near ${JSON.stringify(near)})`, at);
  }

  private skipWhitespace(): void {
    const text = this.text;
    let pos = this.pos;
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === CH_SPACE || c === CH_TAB || c === CH_LF || c === CH_CR || c === CH_FF || c === CH_VT) pos++;
      else if (c === CH_BACKSLASH && text.charCodeAt(pos + 1) === CH_LF)
        pos += 2; // explicit line continuation
      else break;
    }
    this.pos = pos;
  }

  private parseValue(depth: number): PyValue {
    const c = this.text.charCodeAt(this.pos);
    switch (c) {
      case CH_SQUOTE:
      case CH_DQUOTE:
        return this.parseStringSequence('');
      case CH_LBRACKET:
        return this.parseSequence(depth, CH_RBRACKET, false);
      case CH_LPAREN:
        return this.parseParenthesized(depth);
      case CH_LBRACE:
        return this.parseBraced(depth);
      default:
        break;
    }
    if ((c >= CH_0 && c <= CH_9) || c === CH_MINUS || c === CH_PLUS || c === CH_DOT) return this.parseNumber();
    if (isIdentifierChar(c)) return this.parseName();
    if (Number.isNaN(c)) throw this.error('unexpected end of input, expected a value');
    throw this.error(`unexpected character ${JSON.stringify(this.text[this.pos])}, expected a value`);
  }

  private enter(depth: number): number {
    if (depth >= MAX_NESTING_DEPTH) throw this.error(`nesting deeper than ${MAX_NESTING_DEPTH} levels`);
    return depth + 1;
  }

  /** `[a, b,]` lists and the tail of tuples/sets: comma-separated values up to `close`, trailing comma allowed. */
  private parseSequence(depth: number, close: number, afterFirst: boolean, first?: PyValue): PyValue[] {
    const inner = afterFirst ? depth : this.enter(depth);
    const items: PyValue[] = [];
    if (afterFirst) items.push(first as PyValue);
    else this.pos++; // opening bracket
    const text = this.text;
    for (;;) {
      this.skipWhitespace();
      if (afterFirst || items.length > 0) {
        const c = text.charCodeAt(this.pos);
        if (c === close) {
          this.pos++;
          return items;
        }
        if (c !== CH_COMMA) throw this.error(`expected ',' or '${String.fromCharCode(close)}'`);
        this.pos++;
        this.skipWhitespace();
      }
      afterFirst = false;
      if (text.charCodeAt(this.pos) === close) {
        this.pos++;
        return items;
      }
      items.push(this.parseValue(inner));
    }
  }

  /** `(x)` is just x; `()`, `(x,)` and `(x, y)` are tuples. */
  private parseParenthesized(depth: number): PyValue {
    const inner = this.enter(depth);
    this.pos++;
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === CH_RPAREN) {
      this.pos++;
      return [];
    }
    const first = this.parseValue(inner);
    this.skipWhitespace();
    const c = this.text.charCodeAt(this.pos);
    if (c === CH_RPAREN) {
      this.pos++;
      return first;
    }
    if (c !== CH_COMMA) throw this.error("expected ',' or ')'");
    return this.parseSequence(inner, CH_RPAREN, true, first);
  }

  /** `{}` and `{k: v, ...}` are dicts; `{a, b}` is a set (returned as an array). */
  private parseBraced(depth: number): PyValue {
    const inner = this.enter(depth);
    this.pos++;
    this.skipWhitespace();
    const text = this.text;
    const result: { [key: string]: PyValue } = {};
    if (text.charCodeAt(this.pos) === CH_RBRACE) {
      this.pos++;
      return result;
    }
    const keyStart = this.pos;
    const firstKey = this.parseValue(inner);
    this.skipWhitespace();
    if (text.charCodeAt(this.pos) !== CH_COLON) {
      const c = text.charCodeAt(this.pos);
      if (c === CH_RBRACE) {
        this.pos++;
        return [firstKey];
      }
      if (c === CH_COMMA) return this.parseSequence(inner, CH_RBRACE, true, firstKey);
      throw this.error("expected ':' after dict key, or ',' / '}' in a set");
    }
    let key = this.dictKey(firstKey, keyStart);
    for (;;) {
      this.pos++; // colon
      this.skipWhitespace();
      setKey(result, key, this.parseValue(inner));
      this.skipWhitespace();
      let c = text.charCodeAt(this.pos);
      if (c === CH_RBRACE) {
        this.pos++;
        return result;
      }
      if (c !== CH_COMMA) throw this.error("expected ',' or '}' in dict");
      this.pos++;
      this.skipWhitespace();
      if (text.charCodeAt(this.pos) === CH_RBRACE) {
        this.pos++;
        return result;
      }
      const nextKeyStart = this.pos;
      key = this.dictKey(this.parseValue(inner), nextKeyStart);
      this.skipWhitespace();
      c = text.charCodeAt(this.pos);
      if (c !== CH_COLON) throw this.error("expected ':' after dict key");
    }
  }

  /** JS object keys are strings: str keys stay, scalar keys use their String() form, containers are rejected. */
  private dictKey(key: PyValue, at: number): string {
    if (typeof key === 'string') return key;
    if (key === null) return 'None';
    if (typeof key === 'boolean') return key ? 'True' : 'False';
    if (typeof key === 'number') return String(key);
    throw this.error('unsupported dict key (list/dict/tuple)', at);
  }

  /** Adjacent literals concatenate as in Python: 'a' "b" u'c' -> 'abc'; each piece keeps its own prefix. */
  private parseStringSequence(prefix: string): string {
    let result = this.parseString(prefix);
    for (;;) {
      const save = this.pos;
      this.skipWhitespace();
      const nextPrefix = this.stringPrefixAt(this.pos);
      if (nextPrefix === null) {
        this.pos = save;
        return result;
      }
      this.pos += nextPrefix.length;
      result += this.parseString(nextPrefix);
    }
  }

  /** The (lower-cased) prefix of a string literal starting at `at`, '' for a bare quote, null if none starts there. */
  private stringPrefixAt(at: number): string | null {
    const text = this.text;
    for (let length = 0; length <= 2; length++) {
      const c = text.charCodeAt(at + length);
      if (c === CH_SQUOTE || c === CH_DQUOTE) {
        const prefix = text.slice(at, at + length).toLowerCase();
        return STRING_PREFIXES.has(prefix) ? prefix : null;
      }
      if (!isIdentifierChar(c)) return null;
    }
    return null;
  }

  private parseString(prefix: string): string {
    const text = this.text;
    const start = this.pos;
    const quote = text.charCodeAt(start);
    const raw = prefix.includes('r');
    const triple = text.charCodeAt(start + 1) === quote && text.charCodeAt(start + 2) === quote;
    const bodyStart = start + (triple ? 3 : 1);
    const quoteChar = triple ? text.slice(start, start + 3) : text[start];

    // Fast path: no backslash before the closing quote, so the body is a plain slice.
    const end = text.indexOf(quoteChar, bodyStart);
    if (end < 0) throw this.error('unterminated string', start);
    if (this.nextBackslash !== -1 && this.nextBackslash < bodyStart) this.nextBackslash = text.indexOf('\\', bodyStart);
    if (this.nextBackslash === -1 || this.nextBackslash > end) {
      const body = text.slice(bodyStart, end);
      if (!triple && (body.includes('\n') || body.includes('\r'))) {
        throw this.error('newline inside a single-quoted string', start);
      }
      this.pos = end + quoteChar.length;
      return body;
    }
    return this.parseEscapedString(start, bodyStart, quote, triple, raw);
  }

  private parseEscapedString(start: number, bodyStart: number, quote: number, triple: boolean, raw: boolean): string {
    const text = this.text;
    const length = text.length;
    let out = '';
    let chunkStart = bodyStart;
    let pos = bodyStart;
    for (;;) {
      if (pos >= length) throw this.error('unterminated string', start);
      const c = text.charCodeAt(pos);
      if (c === quote) {
        if (!triple) break;
        if (text.charCodeAt(pos + 1) === quote && text.charCodeAt(pos + 2) === quote) break;
        pos++;
        continue;
      }
      if ((c === CH_LF || c === CH_CR) && !triple) throw this.error('newline inside a single-quoted string', pos);
      if (c !== CH_BACKSLASH) {
        pos++;
        continue;
      }
      if (pos + 1 >= length) throw this.error('unterminated string (backslash at end of input)', start);
      if (raw) {
        pos += 2; // raw strings keep the backslash and the escaped char, which cannot end the string
        continue;
      }
      out += text.slice(chunkStart, pos);
      const escapeStart = pos;
      const e = text.charCodeAt(pos + 1);
      pos += 2;
      switch (e) {
        case CH_LF:
          break; // line continuation
        case CH_CR:
          if (text.charCodeAt(pos) === CH_LF) pos++;
          break;
        case CH_BACKSLASH:
          out += '\\';
          break;
        case CH_SQUOTE:
          out += "'";
          break;
        case CH_DQUOTE:
          out += '"';
          break;
        case 97:
          out += '\x07';
          break; // \a
        case 98:
          out += '\b';
          break;
        case 102:
          out += '\f';
          break;
        case 110:
          out += '\n';
          break;
        case 114:
          out += '\r';
          break;
        case 116:
          out += '\t';
          break;
        case 118:
          out += '\v';
          break;
        case 120: // \xhh
          out += String.fromCharCode(this.readHex(pos, 2, escapeStart));
          pos += 2;
          break;
        case 117: // \uhhhh
          out += String.fromCharCode(this.readHex(pos, 4, escapeStart));
          pos += 4;
          break;
        case 85: {
          // \Uhhhhhhhh
          const codePoint = this.readHex(pos, 8, escapeStart);
          if (codePoint > 0x10ffff) throw this.error('\\U escape beyond U+10FFFF', escapeStart);
          out += String.fromCodePoint(codePoint);
          pos += 8;
          break;
        }
        case 78: // \N{NAME}
          throw this.error('\\N{...} named escapes are not supported', escapeStart);
        default:
          if (e >= CH_0 && e <= CH_7) {
            let value = e - CH_0;
            for (let i = 0; i < 2; i++) {
              const d = text.charCodeAt(pos);
              if (!(d >= CH_0 && d <= CH_7)) break;
              value = value * 8 + (d - CH_0);
              pos++;
            }
            out += String.fromCharCode(value);
          } else {
            // Python keeps unknown escapes verbatim, backslash included.
            out += text.slice(escapeStart, pos);
          }
      }
      chunkStart = pos;
    }
    out += text.slice(chunkStart, pos);
    this.pos = pos + (triple ? 3 : 1);
    return out;
  }

  private readHex(at: number, digits: number, escapeStart: number): number {
    let value = 0;
    for (let i = 0; i < digits; i++) {
      const d = hexDigitValue(this.text.charCodeAt(at + i));
      if (d < 0) throw this.error(`truncated \\${this.text[escapeStart + 1]} escape, expected ${digits} hex digits`, escapeStart);
      value = value * 16 + d;
    }
    return value;
  }

  /** ints (decimal, 0x/0o/0b, underscores), floats (1., .5, 1e-05), signs, and signed nan/inf names. */
  private parseNumber(): number {
    const text = this.text;
    const start = this.pos;
    let pos = start;
    let negative = false;
    // Python allows repeated unary signs: --1 == 1.
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === CH_MINUS) negative = !negative;
      else if (c !== CH_PLUS) break;
      pos++;
      while (text.charCodeAt(pos) === CH_SPACE) pos++;
    }
    const bodyStart = pos;
    const c0 = text.charCodeAt(pos);
    if (isIdentifierChar(c0) && !(c0 >= CH_0 && c0 <= CH_9)) {
      this.pos = pos;
      const name = this.parseName();
      if (typeof name !== 'number') throw this.error('a sign must be followed by a number', start);
      return negative ? -name : name;
    }
    let value: number;
    let isFloat = false;
    const c1 = text.charCodeAt(pos + 1) | 0x20;
    if (c0 === CH_0 && (c1 === 120 || c1 === 111 || c1 === 98)) {
      const radix = c1 === 120 ? 16 : c1 === 111 ? 8 : 2;
      pos += 2;
      const digitsStart = pos;
      value = 0;
      while (pos < text.length) {
        const d = text.charCodeAt(pos);
        if (d === CH_UNDERSCORE) {
          pos++;
          continue;
        }
        const v = hexDigitValue(d);
        if (v < 0 || v >= radix) break;
        value = value * radix + v;
        pos++;
      }
      if (pos === digitsStart) throw this.error('missing digits after radix prefix', start);
    } else {
      let sawDigit = false;
      let hasUnderscore = false;
      const scanDigits = (): void => {
        for (;;) {
          const d = text.charCodeAt(pos);
          if (d >= CH_0 && d <= CH_9) sawDigit = true;
          else if (d === CH_UNDERSCORE && sawDigit) hasUnderscore = true;
          else break;
          pos++;
        }
      };
      scanDigits();
      if (text.charCodeAt(pos) === CH_DOT) {
        pos++;
        scanDigits();
      }
      if (!sawDigit) throw this.error('expected digits in number', start);
      if ((text.charCodeAt(pos) | 0x20) === 101) {
        const save = pos;
        pos++;
        const s = text.charCodeAt(pos);
        if (s === CH_PLUS || s === CH_MINUS) pos++;
        const expDigitsStart = pos;
        while (text.charCodeAt(pos) >= CH_0 && text.charCodeAt(pos) <= CH_9) pos++;
        if (pos === expDigitsStart) pos = save; // 'e' not followed by digits: leave it for the error below
      }
      let literal = text.slice(bodyStart, pos);
      isFloat = /[.eE]/.test(literal);
      if (hasUnderscore) literal = literal.replace(/_/g, '');
      value = Number(literal);
      if (Number.isNaN(value)) throw this.error(`malformed number ${JSON.stringify(literal)}`, start);
    }
    const next = text.charCodeAt(pos);
    if (isIdentifierChar(next) || next === CH_DOT) {
      throw this.error(`malformed number (unexpected ${JSON.stringify(text[pos])})`, pos);
    }
    this.pos = pos;
    // Python ints have no -0; a negative float zero (-0.0, -1e-400) does.
    if (value === 0) return negative && isFloat ? -0 : 0;
    return negative ? -value : value;
  }

  /** True/False/None, nan/inf (not literals, but str() of floats), and string prefixes like u'..' r'..' b'..'. */
  private parseName(): PyValue {
    const text = this.text;
    const start = this.pos;
    let pos = start;
    while (pos < text.length && isIdentifierChar(text.charCodeAt(pos))) pos++;
    const name = text.slice(start, pos);
    const next = text.charCodeAt(pos);
    if (next === CH_SQUOTE || next === CH_DQUOTE) {
      const prefix = name.toLowerCase();
      if (STRING_PREFIXES.has(prefix)) {
        this.pos = pos;
        return this.parseStringSequence(prefix);
      }
      throw this.error(`unsupported string prefix ${JSON.stringify(name)}`, start);
    }
    this.pos = pos;
    switch (name) {
      case 'True':
        return true;
      case 'False':
        return false;
      case 'None':
        return null;
      case 'nan':
      case 'NaN':
        return Number.NaN;
      case 'inf':
      case 'Infinity':
        return Number.POSITIVE_INFINITY;
      default:
        throw this.error(`unknown name ${JSON.stringify(name)}`, start);
    }
  }
}

/** Parses one Python literal (what ast.literal_eval accepts, minus complex numbers and bytes semantics). */
export function parsePythonLiteral(text: string): PyValue {
  if (typeof text !== 'string') throw new PythonLiteralError('Python literal: input is not a string', 0);
  return new Parser(text).parseDocument();
}
