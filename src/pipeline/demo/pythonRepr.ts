// Printer of Python literals, byte for byte like CPython's repr(): the demo generator writes its list and dict cells
// with it so they look exactly like the ones pandas wrote into the Kaggle CSVs (parsed back by ../pythonLiteral.ts).
import { MAX_NESTING_DEPTH, PythonLiteralError, type PyValue } from '../pythonLiteral';

const CH_TAB = 9;
const CH_LF = 10;
const CH_CR = 13;
const CH_BACKSLASH = 92;

/**
 * Python's repr() of a float: shortest round-trip digits (like JS), but fixed notation only for
 * decimal exponents -4 <= e < 16, else 'd.ddde+XX' with at least two exponent digits; always a '.0' or exponent.
 */
export function pythonFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Number.POSITIVE_INFINITY) return 'inf';
  if (value === Number.NEGATIVE_INFINITY) return '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const sign = value < 0 ? '-' : '';
  const [mantissa, expText] = Math.abs(value).toExponential().split('e');
  const exponent = Number(expText);
  const digits = mantissa.replace('.', '');
  if (exponent >= -4 && exponent < 16) {
    if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
    if (digits.length <= exponent + 1) return `${sign}${digits}${'0'.repeat(exponent + 1 - digits.length)}.0`;
    return `${sign}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
  }
  const expAbs = Math.abs(exponent);
  return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${expAbs < 10 ? '0' : ''}${expAbs}`;
}

function pythonNumberRepr(value: number): string {
  // PyValue has no int/float distinction: integral values print as ints while exact in a double.
  if (Number.isInteger(value) && Math.abs(value) < 1e16 && !Object.is(value, -0)) return String(value);
  return pythonFloatRepr(value);
}

// Python's str.isprintable(): not in Cc, Cf, Cs, Co, Cn, Zl, Zp, Zs (space excepted).
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;
const NEEDS_ESCAPE_SCAN = /[^\x20-\x26\x28-\x5b\x5d-\x7e]/;

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, '0');
}

/** Python's repr() of a str: single quotes unless it holds ' and no ", escapes as unicode_repr does. */
export function pythonStringRepr(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  if (!NEEDS_ESCAPE_SCAN.test(value)) return quote + value + quote;
  let out = quote;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) {
      if (c === CH_BACKSLASH) out += '\\\\';
      else if (c === quote.charCodeAt(0)) out += '\\' + quote;
      else out += value[i];
    } else if (c === CH_TAB) out += '\\t';
    else if (c === CH_LF) out += '\\n';
    else if (c === CH_CR) out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + hex(c, 2);
    else {
      let codePoint = c;
      let text = value[i];
      if (c >= 0xd800 && c <= 0xdbff) {
        const low = value.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          codePoint = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
          text = value.slice(i, i + 2);
        }
      }
      if (!NON_PRINTABLE.test(text)) out += text;
      else if (codePoint <= 0xff) out += '\\x' + hex(codePoint, 2);
      else if (codePoint <= 0xffff) out += '\\u' + hex(codePoint, 4);
      else out += '\\U' + hex(codePoint, 8);
      i += text.length - 1;
    }
  }
  return out + quote;
}

/** Python's repr() style: `{'id': 16, 'name': 'Animation'}`, `[1, 2.5, None]`, True/False. Keys keep JS enumeration order. */
export function toPythonRepr(value: PyValue): string {
  return reprAt(value, 0);
}

function reprAt(value: PyValue, depth: number): string {
  if (value === null) return 'None';
  switch (typeof value) {
    case 'boolean':
      return value ? 'True' : 'False';
    case 'number':
      return pythonNumberRepr(value);
    case 'string':
      return pythonStringRepr(value);
    default:
      break;
  }
  if (depth >= MAX_NESTING_DEPTH) {
    throw new PythonLiteralError(`toPythonRepr: nesting deeper than ${MAX_NESTING_DEPTH} levels`, 0);
  }
  if (Array.isArray(value)) return '[' + value.map((item) => reprAt(item, depth + 1)).join(', ') + ']';
  const parts: string[] = [];
  for (const key of Object.keys(value)) parts.push(pythonStringRepr(key) + ': ' + reprAt(value[key], depth + 1));
  return '{' + parts.join(', ') + '}';
}
