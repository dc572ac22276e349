// JSON.parse turns 9007199254740993 into 9007199254740992, 1e-400 into 0 and keeps -0 as a number that prints as "0":
// an import message built from the parsed value quotes the wrong number, and an underflow looks like a real 0.
// This reads JSON text that JSON.parse has already accepted a second time and keeps, for every number that is the
// value of an object member or array element, its exact source text.

/** For each parsed object or array: member name (or array index) → source text of the number stored there. */
export type NumberTextIndex = WeakMap<object, Map<string, string>>;

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;

type Container = { kind: 'array'; value: unknown[] } | { kind: 'object'; value: Record<string, unknown>; key: string | null };

/**
 * Parses `text` (which must already be valid JSON: call JSON.parse first for its error messages) into the same value
 * JSON.parse gives, plus the source text of every number. Iterative, so nesting depth costs no stack. Object members
 * are defined as own data properties, so a "__proto__" member stays an ordinary key, as with JSON.parse.
 */
export function parseJsonKeepingNumberText(text: string): { value: unknown; numberText: NumberTextIndex } {
  const numberText: NumberTextIndex = new WeakMap();
  const stack: Container[] = [];
  let i = 0;
  let root: unknown;
  let done = false;

  const skipWhitespace = () => {
    WHITESPACE.lastIndex = i;
    WHITESPACE.exec(text);
    i = WHITESPACE.lastIndex;
  };
  const readString = (): string => {
    let end = i + 1;
    while (text[end] !== '"') {
      if (end >= text.length) throw new SyntaxError('unterminated string');
      end += text[end] === '\\' ? 2 : 1;
    }
    const value = JSON.parse(text.slice(i, end + 1)) as string;
    i = end + 1;
    return value;
  };
  const place = (value: unknown, source: string | null) => {
    const top = stack[stack.length - 1];
    if (!top) {
      root = value;
      done = true;
      return;
    }
    const key = top.kind === 'array' ? String(top.value.length) : top.key!;
    if (top.kind === 'array') top.value.push(value);
    else Object.defineProperty(top.value, key, { value, writable: true, enumerable: true, configurable: true });
    let texts = numberText.get(top.value);
    if (source !== null) {
      if (!texts) numberText.set(top.value, (texts = new Map()));
      texts.set(key, source);
    } else {
      // A repeated member name: the last value wins, as in JSON.parse.
      texts?.delete(key);
    }
  };

  while (!done) {
    skipWhitespace();
    const top = stack[stack.length - 1];
    const ch = text[i];
    // Inside a container: a separator, its end, or (in an object) the next member name.
    if (top && (ch === ',' || ch === ']' || ch === '}')) {
      i += 1;
      if (ch === ',') {
        if (top.kind === 'object') top.key = null;
        continue;
      }
      stack.pop();
      if (stack.length === 0) {
        root = top.value;
        done = true;
      }
      continue;
    }
    if (top?.kind === 'object' && top.key === null) {
      top.key = readString();
      skipWhitespace();
      if (text[i] !== ':') throw new SyntaxError(`expected ':' at ${i}`);
      i += 1;
      continue;
    }
    if (ch === '{' || ch === '[') {
      const container: Container = ch === '{' ? { kind: 'object', value: {}, key: null } : { kind: 'array', value: [] };
      if (top) place(container.value, null);
      stack.push(container);
      i += 1;
      skipWhitespace();
      if (text[i] === (ch === '{' ? '}' : ']')) {
        i += 1;
        stack.pop();
        if (stack.length === 0) {
          root = container.value;
          done = true;
        }
      }
      continue;
    }
    if (ch === '"') {
      place(readString(), null);
      continue;
    }
    if (text.startsWith('true', i) || text.startsWith('null', i)) {
      place(text[i] === 't' ? true : null, null);
      i += 4;
      continue;
    }
    if (text.startsWith('false', i)) {
      place(false, null);
      i += 5;
      continue;
    }
    NUMBER.lastIndex = i;
    const match = NUMBER.exec(text);
    if (!match || match[0].length === 0) throw new SyntaxError(`unexpected character at ${i}`);
    i += match[0].length;
    place(Number(match[0]), match[0]);
  }
  return { value: root, numberText };
}
