// Hostile inputs for the fault tests (csv, shards, csvReal, buildDataCli): fuzzed CSV text, named faults for real-format files, mutated shard bytes.
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { PyValue } from '../../src/pipeline/pythonLiteral';
import { toPythonRepr } from '../../src/pipeline/demo/pythonRepr';

export function hostileTmpDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `cinelocal-hostile-${prefix}-`));
}

/** Characters that stress a CSV reader: quotes, separators, line breaks, BOM, NUL, lone surrogates, non-Latin text. */
const CSV_TOKENS = [
  '"',
  '""',
  ',',
  '\n',
  '\r\n',
  '\r',
  '\t',
  ' ',
  '\0',
  '\ufeff',
  '\ud800',
  '\udfff',
  'é',
  '東',
  '😀',
  '\\',
  "'",
  '[',
  ']',
  '{',
  '}',
  'a',
  '1',
  '-',
  '.',
  'e',
  'NaN',
  'Infinity',
  '0x1F',
];

/** One cell: plain text, a number-like token, a Python literal (valid or mangled), or a run of CSV metacharacters. */
export const hostileCell: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: fc.constantFrom(...CSV_TOKENS), maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom(
    '',
    '0',
    '-1',
    '1e3',
    '2.5',
    '5.0',
    '0.49',
    '5.01',
    '1e400',
    '-0',
    '99999999999',
    '2147483648',
    '-2147483649',
    ' 12 ',
    '1985-10-10',
    'nan',
    'None',
  ),
  pyLiteral().map(toPythonRepr),
  pyLiteral().map((v) => toPythonRepr(v).slice(0, 7)),
);

function pyLiteral(): fc.Arbitrary<PyValue> {
  const leaf = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.double({ noNaN: true }), fc.string({ maxLength: 6 }));
  const entry = fc.record(
    {
      id: fc.oneof(fc.integer(), fc.string({ maxLength: 3 })),
      name: fc.oneof(fc.string({ maxLength: 8 }), leaf),
      job: fc.constantFrom('Director', 'Writer'),
      order: fc.integer({ min: -2, max: 5 }),
    },
    { requiredKeys: [] },
  );
  return fc.oneof(leaf, fc.array(fc.oneof(entry, leaf), { maxLength: 4 }));
}

/** Quote a cell as Python's csv module does, or (sometimes) leave it raw so quotes and separators break the row. */
const renderedCell = fc.tuple(hostileCell, fc.integer({ min: 0, max: 9 })).map(([cell, mode]) => {
  if (mode === 0) return cell;
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
});

/**
 * A whole CSV file as text: usually the right header (sometimes permuted, cut short, duplicated or garbage), then
 * rows of 0..width+2 hostile cells with random line endings, sometimes truncated mid-row.
 */
export function hostileCsvText(header: readonly string[]): fc.Arbitrary<string> {
  const headerLine = fc.oneof(
    { weight: 6, arbitrary: fc.constant(header.join(',')) },
    { weight: 1, arbitrary: fc.shuffledSubarray([...header], { minLength: 0 }).map((h) => h.join(',')) },
    { weight: 1, arbitrary: fc.constant([...header, header[0]].join(',')) },
    { weight: 1, arbitrary: fc.constant(['note', 'extra', ...header].join(',')) },
    { weight: 1, arbitrary: fc.constant('\ufeff' + header.join(',')) },
    { weight: 1, arbitrary: fc.array(renderedCell, { maxLength: header.length + 1 }).map((cells) => cells.join(',')) },
  );
  const row = fc.array(renderedCell, { minLength: 0, maxLength: header.length + 2 }).map((cells) => cells.join(','));
  const lineEnd = fc.constantFrom('\n', '\r\n', '\r');
  return fc.tuple(headerLine, fc.array(fc.tuple(row, lineEnd), { maxLength: 12 }), fc.boolean(), fc.nat()).map(([head, rows, truncate, cut]) => {
    const text = head + '\n' + rows.map(([r, end]) => r + end).join('');
    return truncate && text.length > 0 ? text.slice(0, cut % text.length) : text;
  });
}

/** A named, deterministic corruption of a valid file's bytes. */
export interface CsvFault {
  name: string;
  apply: (valid: Buffer) => Buffer;
  /** True when the result cannot be used at all (the reader must refuse it, naming the file). */
  unusable: boolean;
}

const firstLineEnd = (b: Buffer) => {
  const i = b.indexOf(0x0a);
  return i < 0 ? b.length : i + 1;
};

/** Deterministic pseudo-random bytes (xorshift32), so a failing case can be replayed. */
export function pseudoRandomBytes(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

export const CSV_FAULTS: CsvFault[] = [
  { name: 'empty file', unusable: true, apply: () => Buffer.alloc(0) },
  { name: 'header line only', unusable: true, apply: (b) => b.subarray(0, firstLineEnd(b)) },
  { name: 'wrong header', unusable: true, apply: (b) => Buffer.concat([Buffer.from('foo,bar,baz\n'), b.subarray(firstLineEnd(b))]) },
  {
    name: 'header renamed to upper case',
    unusable: true,
    apply: (b) => Buffer.concat([Buffer.from(b.subarray(0, firstLineEnd(b)).toString('utf8').toUpperCase()), b.subarray(firstLineEnd(b))]),
  },
  { name: 'binary garbage', unusable: true, apply: (b) => pseudoRandomBytes(Math.min(b.length, 200_000), 0x5eed) },
  {
    name: 'gzip-compressed file',
    unusable: true,
    apply: (b) => Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), pseudoRandomBytes(Math.min(b.length, 50_000), 7)]),
  },
  {
    name: 'HTML error page',
    unusable: true,
    apply: () => Buffer.from('<!doctype html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>\n'),
  },
  { name: 'UTF-16LE encoded', unusable: true, apply: (b) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(b.toString('utf8'), 'utf16le')]) },
  {
    name: 'unterminated quote in the first row, no more quotes',
    unusable: false,
    apply: (b) => Buffer.concat([b.subarray(0, firstLineEnd(b)), Buffer.from('"'), b.subarray(firstLineEnd(b)).filter((c) => c !== 0x22)]),
  },
  { name: 'truncated mid-file', unusable: false, apply: (b) => b.subarray(0, Math.floor(b.length * 0.61)) },
  { name: 'truncated mid-row, no final line break', unusable: false, apply: (b) => b.subarray(0, b.length - 7) },
  { name: 'UTF-8 BOM', unusable: false, apply: (b) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]) },
  { name: 'CR-only line endings', unusable: false, apply: (b) => Buffer.from(b.toString('utf8').replace(/\r?\n/g, '\r')) },
  { name: 'NUL bytes sprinkled', unusable: false, apply: (b) => Buffer.from(b.map((c, i) => (i % 997 === 500 ? 0 : c))) },
  { name: 'every 50th byte flipped', unusable: false, apply: (b) => Buffer.from(b.map((c, i) => (i > firstLineEnd(b) && i % 50 === 0 ? c ^ 0x20 : c))) },
  { name: 'extra column on every row', unusable: false, apply: (b) => Buffer.from(b.toString('utf8').replace(/(\r?\n)(?=.)/g, ',extra$1')) },
];

/** Streams `rows` generated lines to `path` without holding the file in memory; returns the byte count. */
export async function writeLines(path: string, header: string, rows: number, line: (i: number) => string): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  let buffer = header + '\n';
  for (let i = 0; i < rows; i++) {
    buffer += line(i) + '\n';
    if (buffer.length > 1 << 20) {
      bytes += Buffer.byteLength(buffer);
      if (!out.write(buffer)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      buffer = '';
    }
  }
  bytes += Buffer.byteLength(buffer);
  out.write(buffer);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return bytes;
}

/** Kinds of bad ratings rows for the bounded-memory runs; each must be skipped and counted, never kept. */
export const BAD_RATING_ROWS: ((i: number) => string)[] = [
  (i) => `${i},${i % 97},seven,1260759144`, // malformed rating
  (i) => `${i},${i % 97},7.5,1260759144`, // out of range
  (i) => `x${i},1,3.0,1260759144`, // malformed userId
  (i) => `${i},1,3.0`, // too few fields
  (i) => `${i},999999${i % 10},4.0,1260759144`, // movieId not in links
  (i) => `${i},1,3.0,${i}e99`, // malformed timestamp
];

/** Mutations of shard bytes: flips, overwrites, truncation, extension, and header fields set to extreme values. */
export function mutatedBytes(valid: Uint8Array): fc.Arbitrary<Uint8Array> {
  const position = fc.nat({ max: Math.max(0, valid.length - 1) });
  const headerPosition = fc.nat({ max: Math.min(valid.length - 1, 255) });
  const extreme = fc.constantFrom(0, 1, 0x7f, 0x80, 0xff);
  const mutation: fc.Arbitrary<(b: Uint8Array) => Uint8Array> = fc.oneof(
    fc.tuple(position, fc.integer({ min: 0, max: 7 })).map(([at, bit]) => (b: Uint8Array) => {
      b[at] ^= 1 << bit;
      return b;
    }),
    fc.tuple(headerPosition, extreme).map(([at, value]) => (b: Uint8Array) => {
      b[at] = value;
      return b;
    }),
    fc.tuple(headerPosition, fc.constantFrom(0xffffffff, 0x7fffffff, 0x80000000, 0, 1, 0x10000)).map(([at, value]) => (b: Uint8Array) => {
      if (at + 4 <= b.length) new DataView(b.buffer, b.byteOffset, b.byteLength).setUint32(at, value, true);
      return b;
    }),
    position.map((at) => (b: Uint8Array) => b.slice(0, at)),
    fc.uint8Array({ maxLength: 16 }).map((extra) => (b: Uint8Array) => {
      const out = new Uint8Array(b.length + extra.length);
      out.set(b);
      out.set(extra, b.length);
      return out;
    }),
  );
  return fc.array(mutation, { minLength: 1, maxLength: 4 }).map((mutations) => mutations.reduce<Uint8Array>((bytes, mutate) => mutate(bytes), valid.slice()));
}
