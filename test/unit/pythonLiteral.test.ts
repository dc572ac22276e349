import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import Papa from 'papaparse';
import { REAL_DATA_DIR } from '../helpers/realData';
import { describe, expect, it } from 'vitest';
import { MAX_NESTING_DEPTH, parsePythonLiteral, PythonLiteralError, type PyValue } from '../../src/pipeline/pythonLiteral';
import { toPythonRepr } from '../../src/pipeline/demo/pythonRepr';
import { listOfDicts } from '../../src/pipeline/movies';
import { cellNames } from '../helpers/listCells';

const KAGGLE_DIR = REAL_DATA_DIR;

function expectLiteralError(text: string): PythonLiteralError {
  try {
    parsePythonLiteral(text);
  } catch (err) {
    expect(err).toBeInstanceOf(PythonLiteralError);
    return err as PythonLiteralError;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('parsePythonLiteral on real Kaggle cells (copied verbatim)', () => {
  it('parses a genres cell', () => {
    expect(parsePythonLiteral("[{'id': 16, 'name': 'Animation'}, {'id': 35, 'name': 'Comedy'}, {'id': 10751, 'name': 'Family'}]")).toEqual([
      { id: 16, name: 'Animation' },
      { id: 35, name: 'Comedy' },
      { id: 10751, name: 'Family' },
    ]);
  });

  it('parses a belongs_to_collection dict', () => {
    expect(
      parsePythonLiteral(
        "{'id': 10194, 'name': 'Toy Story Collection', 'poster_path': '/7G9915LfUQ2lVfwMEEhDsn3kT4B.jpg', 'backdrop_path': '/9FBwqcd9IRruEDUrTdcaafOMKUq.jpg'}",
      ),
    ).toEqual({
      id: 10194,
      name: 'Toy Story Collection',
      poster_path: '/7G9915LfUQ2lVfwMEEhDsn3kT4B.jpg',
      backdrop_path: '/9FBwqcd9IRruEDUrTdcaafOMKUq.jpg',
    });
  });

  it('parses double-quoted names holding an apostrophe (keywords of id 8844)', () => {
    const cell =
      "[{'id': 10090, 'name': 'board game'}, {'id': 10941, 'name': 'disappearance'}, {'id': 15101, 'name': \"based on children's book\"}, {'id': 33467, 'name': 'new home'}, {'id': 158086, 'name': 'recluse'}, {'id': 158091, 'name': 'giant insect'}]";
    expect(cellNames(cell)).toEqual({
      names: ['board game', 'disappearance', "based on children's book", 'new home', 'recluse', 'giant insect'],
      warnings: {},
    });
  });

  it('decodes \\xa0 escapes (keywords of id 11853)', () => {
    const cell = "[{'id': 293, 'name': 'female nudity'}, {'id': 168406, 'name': 'tough \\xa0girl'}, {'id': 168416, 'name': 'gun fu'}]";
    expect(cellNames(cell).names).toEqual(['female nudity', 'tough \u00a0girl', 'gun fu']);
  });

  it('parses cast and crew entries with None, quotes inside strings and non-ASCII names', () => {
    const cast =
      "[{'cast_id': 1, 'character': \"Savannah 'Vannah' Jackson\", 'credit_id': '52fe44779251416c91011aad', 'gender': 1, 'id': 8851, 'name': 'Whitney Houston', 'order': 0, 'profile_path': '/69ouDnXnmklYPr4sMJXWKYz81AL.jpg'}]";
    const crew =
      "[{'credit_id': '52fe4284c3a36847f8024f49', 'department': 'Directing', 'gender': 2, 'id': 7879, 'job': 'Director', 'name': 'John Lasseter', 'profile_path': '/7EdqiNbr4FRjIhKHyPPdFfEEEFG.jpg'}, {'credit_id': '589213e2c3a3680973009026', 'department': 'Directing', 'gender': 0, 'id': 1748709, 'job': 'Layout', 'name': 'Desirée Mourad', 'profile_path': None}]";
    const castValue = parsePythonLiteral(cast) as Array<Record<string, PyValue>>;
    expect(castValue[0].character).toBe("Savannah 'Vannah' Jackson");
    expect(castValue[0].order).toBe(0);
    const crewValue = parsePythonLiteral(crew) as Array<Record<string, PyValue>>;
    expect(crewValue[1]).toEqual({
      credit_id: '589213e2c3a3680973009026',
      department: 'Directing',
      gender: 0,
      id: 1748709,
      job: 'Layout',
      name: 'Desirée Mourad',
      profile_path: null,
    });
    expect(cellNames(crew, (entry) => entry.job === 'Director')).toEqual({ names: ['John Lasseter'], warnings: {} });
    // The printer reproduces Python's repr byte for byte, including the quote choice.
    expect(toPythonRepr(castValue)).toBe(cast);
    expect(toPythonRepr(crewValue)).toBe(crew);
  });
});

describe('parsePythonLiteral syntax', () => {
  it('decodes every escape form', () => {
    expect(parsePythonLiteral("'a\\'b'")).toBe("a'b");
    expect(parsePythonLiteral('"a\\"b"')).toBe('a"b');
    expect(parsePythonLiteral("'back\\\\slash'")).toBe('back\\slash');
    expect(parsePythonLiteral("'\\n\\t\\r\\a\\b\\f\\v\\0'")).toBe('\n\t\r\x07\b\f\v\0');
    expect(parsePythonLiteral("'caf\\xe9 caf\\u00e9 \\U0001f600 \\101\\7'")).toBe('café café 😀 A\x07');
    expect(parsePythonLiteral("'unknown \\q escape'")).toBe('unknown \\q escape');
    expect(parsePythonLiteral("'line\\\ncontinued'")).toBe('linecontinued');
    expect(parsePythonLiteral("'''tri'ple\nquoted'''")).toBe("tri'ple\nquoted");
    expect(parsePythonLiteral("r'raw\\n' u'uni' 'x'")).toBe('raw\\nunix');
    expect(parsePythonLiteral("b'\\xe9' rb'\\x'")).toBe('é\\x');
    expect(parsePythonLiteral("'Zoë O\\'Brien — 東京'")).toBe("Zoë O'Brien — 東京");
  });

  it('reads constants and numbers', () => {
    expect(parsePythonLiteral('[True, False, None]')).toEqual([true, false, null]);
    expect(parsePythonLiteral('[0, -3, +4, 1.5, -2.25, 1e-05, 2E+3, .5, 7., 1_000, 0x1F, 0o17, 0b101]')).toEqual([
      0, -3, 4, 1.5, -2.25, 1e-5, 2000, 0.5, 7, 1000, 31, 15, 5,
    ]);
    expect(parsePythonLiteral('[nan, inf, -inf]')).toEqual([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
    expect(Object.is(parsePythonLiteral('-0.0'), -0)).toBe(true);
    expect(Object.is(parsePythonLiteral('-0'), 0)).toBe(true);
  });

  it('reads tuples, sets, nesting, trailing commas and whitespace', () => {
    expect(parsePythonLiteral('()')).toEqual([]);
    expect(parsePythonLiteral('(1)')).toBe(1);
    expect(parsePythonLiteral('(1,)')).toEqual([1]);
    expect(parsePythonLiteral(' ( 1 , (2, 3) , ) ')).toEqual([1, [2, 3]]);
    expect(parsePythonLiteral('{1, 2,}')).toEqual([1, 2]);
    expect(parsePythonLiteral("{ 'a' : [ {'b': ()} ] , }")).toEqual({ a: [{ b: [] }] });
    expect(parsePythonLiteral("{1: 'int key', None: 'n', True: 't'}")).toEqual({ '1': 'int key', None: 'n', True: 't' });
    expect(parsePythonLiteral("{'k': 1, 'k': 2}")).toEqual({ k: 2 });
  });

  it("keeps a '__proto__' key as data instead of changing the prototype", () => {
    const value = parsePythonLiteral("{'__proto__': {'polluted': True}}") as Record<string, PyValue>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects malformed input with the position of the problem', () => {
    expect(expectLiteralError('').position).toBe(0);
    expect(expectLiteralError("[{'id': 16, 'name': 'Animation'}").message).toMatch(/expected ',' or '\]' at position 32/);
    expect(expectLiteralError("[{'id' 16}]").position).toBe(7);
    expect(expectLiteralError("'unterminated").message).toMatch(/unterminated string at position 0/);
    expect(expectLiteralError("'a\nb'").message).toMatch(/newline/);
    expect(expectLiteralError('[1 2]').position).toBe(3);
    expect(expectLiteralError('[1, 2] x').message).toMatch(/trailing/);
    expect(expectLiteralError('Nonesuch').message).toMatch(/unknown name "Nonesuch"/);
    expect(expectLiteralError('1j').message).toMatch(/malformed number/);
    expect(expectLiteralError("'\\x4'").message).toMatch(/\\x escape/);
    expect(expectLiteralError("'\\U00110000'").message).toMatch(/U\+10FFFF/);
    expect(expectLiteralError("f'x'").message).toMatch(/prefix/);
    expect(expectLiteralError('{[1]: 2}').message).toMatch(/dict key/);
    expect(expectLiteralError('-True').message).toMatch(/sign/);
    expect(expectLiteralError('1.2.3').message).toMatch(/malformed number/);
  });

  it(`accepts ${MAX_NESTING_DEPTH} levels of nesting and rejects deeper input quickly`, () => {
    expect(parsePythonLiteral('['.repeat(MAX_NESTING_DEPTH) + ']'.repeat(MAX_NESTING_DEPTH))).toBeDefined();
    expect(expectLiteralError('['.repeat(MAX_NESTING_DEPTH + 1) + ']'.repeat(MAX_NESTING_DEPTH + 1)).message).toMatch(/nesting deeper than 64/);
    const started = performance.now();
    expect(expectLiteralError('[{('.repeat(200_000)).position).toBe(MAX_NESTING_DEPTH);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('does not go quadratic on long inputs with many escapes', () => {
    const cell = toPythonRepr(Array.from({ length: 20_000 }, (_, i) => ({ id: i, name: `O'Brien\\${i}` })));
    const started = performance.now();
    expect((parsePythonLiteral(cell) as PyValue[]).length).toBe(20_000);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('property tests', () => {
  const interesting = fc.constantFrom(
    "'",
    '"',
    '\\',
    '\n',
    '\r',
    '\t',
    '\0',
    '\x7f',
    'a',
    ' ',
    'é',
    'ø',
    'Ω',
    '東',
    '😀',
    '\u00a0',
    '\u200b',
    '\ud800',
    '\udfff',
    '\\x',
    '\\u',
    ',',
    ':',
    '[',
    '}',
  );
  const pyString = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: interesting }), fc.string({ unit: 'grapheme' }));
  const pyNumber = fc.oneof(fc.integer(), fc.double(), fc.maxSafeInteger(), fc.constantFrom(0, -0, 1e-5, 1e16, 1e21, 0.1));
  const { value: pyValue } = fc.letrec<{ value: PyValue }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constant(null),
      fc.boolean(),
      pyNumber,
      pyString,
      fc.array(tie('value'), { maxLength: 5 }),
      fc.dictionary(pyString, tie('value'), { maxKeys: 5, noNullPrototype: true }),
    ),
  }));

  it('parse(toPythonRepr(v)) deep-equals v', () => {
    fc.assert(
      fc.property(pyValue, (value) => {
        expect(parsePythonLiteral(toPythonRepr(value))).toStrictEqual(value);
      }),
      { numRuns: 5000 },
    );
  });

  it('string repr round-trips for arbitrary strings, including lone surrogates', () => {
    fc.assert(
      fc.property(pyString, (text) => {
        const repr = toPythonRepr(text);
        expect(parsePythonLiteral(repr)).toBe(text);
        // A repr is a single line: Python escapes every line break.
        expect(repr).not.toMatch(/[\n\r]/);
      }),
      { numRuns: 5000 },
    );
  });

  function parsesOrThrowsLiteralError(text: string): void {
    try {
      parsePythonLiteral(text);
    } catch (err) {
      if (!(err instanceof PythonLiteralError)) throw err;
      expect(err.position).toBeGreaterThanOrEqual(0);
      expect(err.position).toBeLessThanOrEqual(text.length);
    }
  }

  it('random garbage either parses or throws PythonLiteralError', () => {
    const token = fc.constantFrom(
      '[',
      ']',
      '{',
      '}',
      '(',
      ')',
      ',',
      ':',
      "'",
      '"',
      '\\',
      ' ',
      '\n',
      '-',
      '+',
      '.',
      'e',
      '0',
      '1',
      '9',
      '_',
      'x',
      'u',
      'r',
      'b',
      'True',
      'False',
      'None',
      'nan',
      'inf',
      "'''",
      '\\x',
      '\\u',
      '\\U',
      '\\N',
      'é',
      '😀',
      '\ud800',
    );
    fc.assert(fc.property(fc.string({ unit: token, maxLength: 60 }), parsesOrThrowsLiteralError), { numRuns: 20_000 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), parsesOrThrowsLiteralError), { numRuns: 5000 });
  });

  it('mutated valid literals either parse or throw PythonLiteralError', () => {
    const mutated = fc.tuple(pyValue, fc.nat(), fc.nat(), fc.string({ maxLength: 3 })).map(([value, a, b, insert]) => {
      const repr = toPythonRepr(value);
      const cut = repr.length === 0 ? 0 : a % repr.length;
      const removed = repr.length === 0 ? 0 : b % 4;
      return repr.slice(0, cut) + insert + repr.slice(cut + removed);
    });
    fc.assert(fc.property(mutated, parsesOrThrowsLiteralError), { numRuns: 10_000 });
  });

  it("listOfDicts (the pipeline's list-cell reader) never throws", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.constant(undefined), pyValue.map(toPythonRepr)), (cell) => {
        const warnings = {};
        const result = listOfDicts(cell, warnings, 'genres');
        expect(Array.isArray(result)).toBe(true);
        for (const entry of result) expect(typeof entry === 'object' && entry !== null && !Array.isArray(entry)).toBe(true);
        if (Object.keys(warnings).length > 0) expect(result).toEqual([]);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('listOfDicts (list cells as the pipeline reads them)', () => {
  it('reads empty cells as [], counts unparseable and non-list cells as warnings, drops non-dict entries, never throws', () => {
    const warned = { 'unparseable genres cell (kept with empty genres)': 1 };
    expect(cellNames('[]')).toEqual({ names: [], warnings: {} });
    expect(cellNames('')).toEqual({ names: [], warnings: {} });
    expect(cellNames(undefined)).toEqual({ names: [], warnings: {} });
    const read = (cell: string) => {
      const warnings = {};
      return { entries: listOfDicts(cell, warnings, 'genres'), warnings };
    };
    expect(read('nan')).toEqual({ entries: [], warnings: warned });
    expect(read("[{'id': 18, 'name': 'Drama'")).toEqual({ entries: [], warnings: warned });
    expect(read("{'id': 18, 'name': 'Drama'}")).toEqual({ entries: [], warnings: warned });
    // Entries without a name are kept (callers filter on the fields they need); entries that are not dicts are dropped.
    expect(read("[{'id': 18}]")).toEqual({ entries: [{ id: 18 }], warnings: {} });
    expect(cellNames("[{'id': 18}]")).toEqual({ names: [], warnings: {} });
    expect(read("['Drama', {'id': 18, 'name': 'Drama'}, None]")).toEqual({ entries: [{ id: 18, name: 'Drama' }], warnings: {} });
  });
});

describe.skipIf(!existsSync(KAGGLE_DIR))('every list cell of the real Kaggle files', () => {
  function columnCells(file: string, columns: string[]): Map<string, string[]> {
    const parsed = Papa.parse<Record<string, string>>(readFileSync(join(KAGGLE_DIR, file), 'utf8'), {
      header: true,
      skipEmptyLines: true,
    });
    return new Map(columns.map((column) => [column, parsed.data.map((row) => row[column] ?? '')]));
  }

  function countFailures(cells: string[]): { parsed: number; failed: number; empty: number; bytes: number; seconds: number } {
    let failed = 0;
    let empty = 0;
    let bytes = 0;
    const started = performance.now();
    for (const cell of cells) {
      if (cell === '') {
        empty++;
        continue;
      }
      bytes += cell.length;
      try {
        parsePythonLiteral(cell);
      } catch (err) {
        if (!(err instanceof PythonLiteralError)) throw err;
        failed++;
      }
    }
    return { parsed: cells.length - empty - failed, failed, empty, bytes, seconds: (performance.now() - started) / 1000 };
  }

  it('parses all genres cells of movies_metadata.csv (only the 3 shifted rows may fail)', () => {
    const genres = columnCells('movies_metadata.csv', ['genres']).get('genres')!;
    const result = countFailures(genres);
    console.log(`movies_metadata.csv genres: ${JSON.stringify(result)}`);
    expect(genres.length).toBe(45_466);
    expect(result.failed).toBeLessThanOrEqual(3);
    expect(result.parsed).toBeGreaterThanOrEqual(45_463);
  });

  it('parses all keywords cells of keywords.csv', () => {
    const keywords = columnCells('keywords.csv', ['keywords']).get('keywords')!;
    const result = countFailures(keywords);
    console.log(`keywords.csv keywords: ${JSON.stringify(result)}`);
    expect(keywords.length).toBe(46_419);
    expect(result.failed).toBe(0);
  });

  it('parses all cast and crew cells of credits.csv fast', () => {
    const cells = columnCells('credits.csv', ['cast', 'crew']);
    for (const column of ['cast', 'crew']) {
      const result = countFailures(cells.get(column)!);
      console.log(`credits.csv ${column}: ${JSON.stringify(result)} -> ${(result.bytes / 1e6 / result.seconds).toFixed(1)} M chars/s`);
      expect(result.failed).toBe(0);
      expect(result.parsed).toBe(45_476);
    }
  });
});

if (!existsSync(KAGGLE_DIR)) {
  console.log(`SKIP real-data parse tests: ${KAGGLE_DIR} is absent (real Kaggle CSVs are not in the repo).`);
}
