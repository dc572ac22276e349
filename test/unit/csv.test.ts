// The CSV readers (src/pipeline/csv.ts and the readers over it) under fuzzed and deliberately broken input. Every outcome must be a result whose rows
// are all accounted for (kept + counted skips = rows read) or an error naming the file; never a crash, hang or silent loss.
import { promises as fs, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoData } from '../../src/pipeline/demo/generateDemoData';
import { InputFileError, MAX_ROW_CHARS, readCsv, type SkipCounts } from '../../src/pipeline/csv';
import { readCredits, readKeywords, readMovies } from '../../src/pipeline/movies';
import { readLinks, readRatings, type LinkTable } from '../../src/pipeline/ratings';
import { CSV_FAULTS, hostileCsvText, hostileTmpDir } from '../helpers/hostileInputs';

const METADATA_HEADER = ['id', 'title', 'genres', 'release_date', 'popularity', 'vote_average', 'vote_count', 'original_title', 'poster_path'];
const CASE_TIMEOUT_MS = 5_000;
const INT32_MAX = 2 ** 31 - 1;

let dir = '';
let demoDir = '';
let caseNumber = 0;
const tried: Record<string, number> = {};

beforeAll(async () => {
  dir = hostileTmpDir('csv');
  demoDir = join(dir, 'demo');
  await generateDemoData(demoDir);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  console.log(`csv: fuzz cases per reader ${JSON.stringify(tried)}`);
});

const total = (skips: SkipCounts) => Object.values(skips).reduce((a, b) => a + b, 0);

/** Fails the case instead of letting a hang eat the whole test timeout. */
async function withinTimeout<T>(what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result after ${CASE_TIMEOUT_MS} ms (hang)`)), CASE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs a reader on `text` written to a fresh file; a rejection must be a plain error naming that file. */
async function readHostile<T>(reader: string, text: string | Buffer, read: (path: string) => Promise<T>): Promise<T | null> {
  tried[reader] = (tried[reader] ?? 0) + 1;
  const path = join(dir, `case-${caseNumber++}.csv`);
  await fs.writeFile(path, text);
  try {
    return await withinTimeout(reader, read(path));
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(TypeError);
    expect(error).not.toBeInstanceOf(RangeError);
    expect((error as Error).message).not.toMatch(/no result after/);
    expect((error as Error).message).toContain(path);
    return null;
  } finally {
    await fs.rm(path, { force: true });
  }
}

const fuzzRuns = (runs: number) => ({ numRuns: runs, seed: 20_240_611 + runs });

describe('readCsv under fuzzed input', () => {
  it('accounts for every row or refuses the file by name (1,500 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(hostileCsvText(['id', 'keywords']), async (text) => {
        let delivered = 0;
        const result = await readHostile('readCsv', text, (path) =>
          readCsv(path, {
            requiredColumns: ['id', 'keywords'],
            onRow: (row) => {
              delivered++;
              expect(typeof row.id).toBe('string');
              expect(typeof row.keywords).toBe('string');
            },
          }),
        );
        if (result) expect(delivered + total(result.skipped)).toBe(result.rowsRead);
      }),
      fuzzRuns(1500),
    );
  });
});

describe('movie readers under fuzzed input', () => {
  it('readMovies keeps only well-formed movies and counts the rest (1,000 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(hostileCsvText(METADATA_HEADER), async (text) => {
        const result = await readHostile('readMovies', text, readMovies);
        if (!result) return;
        const { movies, report } = result;
        expect(report.kept + total(report.skipped)).toBe(report.rowsRead);
        for (const movie of movies) {
          expect(Number.isInteger(movie.id) && movie.id >= 0 && movie.id <= INT32_MAX).toBe(true);
          expect(movie.title.trim()).not.toBe('');
          expect(movie.year === null || (movie.year >= 0 && movie.year <= 9999)).toBe(true);
          for (const value of [movie.popularity, movie.voteAverage, movie.voteCount]) expect(Number.isFinite(value)).toBe(true);
          expect(movie.voteCount >= 0 && movie.voteCount <= 2 ** 32 - 1).toBe(true);
          for (const genre of movie.genres) expect(typeof genre.id === 'number' && typeof genre.name === 'string').toBe(true);
        }
        expect(new Set(movies.map((m) => m.id)).size).toBe(movies.length);
      }),
      fuzzRuns(1000),
    );
  });

  it('readCredits and readKeywords parse hostile Python-literal cells without throwing (1,000 cases each)', async () => {
    await fc.assert(
      fc.asyncProperty(hostileCsvText(['cast', 'crew', 'id']), async (text) => {
        const result = await readHostile('readCredits', text, (path) => readCredits(path));
        if (!result) return;
        expect(result.report.kept + total(result.report.skipped)).toBe(result.report.rowsRead);
        for (const credit of result.credits.values()) {
          expect(credit.cast.length).toBeLessThanOrEqual(3);
          for (const name of [...credit.cast, ...credit.directors]) expect(typeof name === 'string' && name.trim() === name && name !== '').toBe(true);
        }
      }),
      fuzzRuns(1000),
    );
    await fc.assert(
      fc.asyncProperty(hostileCsvText(['id', 'keywords']), async (text) => {
        const result = await readHostile('readKeywords', text, (path) => readKeywords(path));
        if (!result) return;
        expect(result.report.kept + total(result.report.skipped)).toBe(result.report.rowsRead);
        for (const names of result.keywords.values()) for (const name of names) expect(typeof name).toBe('string');
      }),
      fuzzRuns(1000),
    );
  });
});

describe('links and ratings readers under fuzzed input', () => {
  const links: LinkTable = {
    movieIdToTmdb: new Map([
      [1, 862],
      [2, 8844],
      [0, 5],
      [-1, 6],
    ]),
    rows: 4,
    skipped: {},
  };

  it('readLinks maps only positive 32-bit tmdbIds and counts every other row (1,000 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(hostileCsvText(['movieId', 'imdbId', 'tmdbId']), async (text) => {
        const table = await readHostile('readLinks', text, readLinks);
        if (!table) return;
        expect(table.movieIdToTmdb.size + total(table.skipped)).toBe(table.rows);
        for (const tmdb of table.movieIdToTmdb.values()) expect(Number.isInteger(tmdb) && tmdb > 0 && tmdb <= INT32_MAX).toBe(true);
      }),
      fuzzRuns(1000),
    );
  });

  it('readRatings keeps only in-range ratings, skips and counts the rest, never throws a TypeError (2,000 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(hostileCsvText(['userId', 'movieId', 'rating', 'timestamp']), async (text) => {
        const table = await readHostile('readRatings', text, (path) => readRatings(path, links));
        if (!table) return;
        expect(table.count + total(table.skipped)).toBe(table.rowsRead);
        for (let r = 0; r < table.count; r++) {
          expect(table.ratings[r]).toBeGreaterThanOrEqual(0.5);
          expect(table.ratings[r]).toBeLessThanOrEqual(5);
          expect([862, 8844, 5, 6]).toContain(table.tmdbIds[r]);
        }
      }),
      fuzzRuns(2000),
    );
  });

  it('a ratings header with an extra leading column and 4-cell rows is a counted skip, not a crash', async () => {
    const table = await readHostile('readRatings', 'note,extra,userId,movieId,rating,timestamp\nx,y,1,1,4.0,1260759144\n1,1,4.0,1260759144\n', (path) =>
      readRatings(path, links),
    );
    expect(table).not.toBeNull();
    expect(table!.count).toBe(1);
    expect(table!.skipped).toEqual({ 'malformed row': 1 });
  });

  it('a userId or tmdbId beyond 32 bits is skipped, not wrapped into another id', async () => {
    const linkTable = await readHostile('readLinks', 'movieId,imdbId,tmdbId\n1,1,862\n2,2,4294967298\n', readLinks);
    expect([...linkTable!.movieIdToTmdb]).toEqual([[1, 862]]);
    expect(linkTable!.skipped).toEqual({ 'malformed tmdbId': 1 });
    const table = await readHostile('readRatings', 'userId,movieId,rating,timestamp\n4294967297,1,4.0,1\n1,1,4.0,1\n', (path) => readRatings(path, links));
    expect(Array.from(table!.userIds)).toEqual([1]);
    expect(table!.skipped).toEqual({ 'malformed userId': 1 });
  });

  it('a movie id beyond 32 bits is skipped, not wrapped into another id', async () => {
    const result = await readHostile(
      'readMovies',
      `${METADATA_HEADER.join(',')}\n4294967306,Big,[],2000-01-01,1,1,1,,\n10,Small,[],2000-01-01,1,1,1,,\n`,
      readMovies,
    );
    expect(result!.movies.map((m) => m.id)).toEqual([10]);
    expect(total(result!.report.skipped)).toBe(1);
  });
});

describe('pathological Python-literal cells through readKeywords', () => {
  it('deep nesting, megabyte strings and unclosed literals end as counted warnings within a second each', async () => {
    const cells = [
      '['.repeat(1_000_000),
      `[{'id': 1, 'name': '${'a'.repeat(5_000_000)}'}]`,
      `[${"{'id': 1, 'name': 'x'}, ".repeat(100_000)}]`,
      `[{'id': 1, 'name': '${'b'.repeat(2_000_000)}`,
      `[{'id': 1, 'name': '${'\\\\'.repeat(500_000)}'}]`,
      "[{'id': 1, 'name': 'ok'}]",
    ];
    const text = 'id,keywords\n' + cells.map((cell, i) => `${i + 1},"${cell.replace(/"/g, '""')}"`).join('\n') + '\n';
    const started = performance.now();
    const result = await readHostile('readKeywords', text, readKeywords);
    expect(performance.now() - started).toBeLessThan(cells.length * 1000);
    expect(result!.report.kept).toBe(cells.length);
    expect(result!.report.warnings).toEqual({ 'unparseable keywords cell (kept with empty keywords)': 2 });
    expect(result!.keywords.get(2)![0].length).toBe(5_000_000);
    expect(result!.keywords.get(6)).toEqual(['ok']);
  });
});

describe('named faults on each real-format input file', () => {
  type Reader = (path: string) => Promise<{ rows: number; accounted: number }>;
  const linksOf = async () => readLinks(join(demoDir, 'links.csv'));
  const readers: Record<string, Reader> = {
    'movies_metadata.csv': async (p) => readMovies(p).then(({ report }) => ({ rows: report.rowsRead, accounted: report.kept + total(report.skipped) })),
    'credits.csv': async (p) => readCredits(p).then(({ report }) => ({ rows: report.rowsRead, accounted: report.kept + total(report.skipped) })),
    'keywords.csv': async (p) => readKeywords(p).then(({ report }) => ({ rows: report.rowsRead, accounted: report.kept + total(report.skipped) })),
    'links.csv': async (p) => readLinks(p).then((t) => ({ rows: t.rows, accounted: t.movieIdToTmdb.size + total(t.skipped) })),
    'ratings_small.csv': async (p) => readRatings(p, await linksOf()).then((t) => ({ rows: t.rowsRead, accounted: t.count + total(t.skipped) })),
  };

  for (const [file, read] of Object.entries(readers)) {
    it(`${file}: refuses unusable variants by name and accounts for every row of the usable ones (${CSV_FAULTS.length} faults)`, async () => {
      const valid = await fs.readFile(join(demoDir, file));
      const validRows = (await read(join(demoDir, file))).rows;
      for (const fault of CSV_FAULTS) {
        const path = join(dir, `${fault.name.replace(/\W+/g, '-')}-${file}`);
        writeFileSync(path, fault.apply(valid));
        let outcome: { rows: number; accounted: number } | Error;
        try {
          outcome = await withinTimeout(`${file} / ${fault.name}`, read(path));
        } catch (error) {
          outcome = error as Error;
        }
        const label = `${file} / ${fault.name}`;
        if (fault.name === 'header line only' && !(outcome instanceof Error)) {
          // links/ratings readers return an empty table for a header-only file; the build then refuses it (no ratings).
          expect(outcome.rows, label).toBe(0);
        } else if (fault.unusable) {
          expect(outcome, label).toBeInstanceOf(Error);
          expect((outcome as Error).message, label).toContain(path);
          expect(outcome, label).not.toBeInstanceOf(TypeError);
        } else if (outcome instanceof Error) {
          // Refusing a damaged-but-readable file is allowed only with a message naming it (e.g. the unterminated quote).
          expect(outcome.message, label).toContain(path);
          expect(outcome.message, label).not.toMatch(/no result after/);
        } else {
          expect(outcome.accounted, label).toBe(outcome.rows);
          // A variant that is read must not silently swallow most of the file as one giant malformed row.
          if (fault.name.startsWith('unterminated quote')) expect(outcome.rows, label).toBeGreaterThan(validRows / 2);
        }
        await fs.rm(path, { force: true });
      }
    });
  }

  it('a missing file and a directory are refused by name', async () => {
    for (const read of Object.values(readers)) {
      await expect(read(join(dir, 'does-not-exist.csv'))).rejects.toThrow(join(dir, 'does-not-exist.csv'));
      await expect(read(demoDir)).rejects.toThrow(demoDir);
    }
  });
});

describe('a runaway quoted field', () => {
  it('a stray quote that swallows the rest of a small file is refused; a file cut inside its last quoted cell is a counted skip', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => `${i + 1},"[{'id': 1, 'name': 'k${i}'}]"`);
    const stray = join(dir, 'stray-quote.csv');
    await fs.writeFile(stray, `id,keywords\n${rows[0]}\n2,"[{'id': 1\n${rows.slice(2).join('\n').replace(/"/g, '')}\n`);
    await expect(readKeywords(stray)).rejects.toThrow(/stray-quote\.csv: row 2 has a quote that is never closed properly and swallows 299 line breaks/);
    const strayRatings = join(dir, 'stray-quote-ratings.csv');
    await fs.writeFile(strayRatings, `userId,movieId,rating,timestamp\n1,1,4.0,1\n2,"1,4.0,1\n${'3,1,4.0,1\n'.repeat(200)}`);
    await expect(readRatings(strayRatings, { movieIdToTmdb: new Map([[1, 1]]), rows: 1, skipped: {} })).rejects.toThrow(
      /stray-quote-ratings\.csv: row 2 has a quote/,
    );
    const cut = join(dir, 'cut-in-quote.csv');
    await fs.writeFile(cut, `id,keywords\n${rows.slice(0, 10).join('\n')}\n11,"[{'id': 1, 'na`);
    const { keywords, report } = await readKeywords(cut);
    expect(keywords.size).toBe(10);
    expect(report.skipped).toEqual({ 'malformed CSV row (MissingQuotes)': 1 });
  });

  it('more than 16 MiB of blank or delimiter-only lines (an Excel export with empty rows) is not mistaken for a runaway field', async () => {
    const blankRows = join(dir, 'blank-rows.csv');
    await fs.writeFile(blankRows, `id,keywords\n1,[]\n${',\n'.repeat(9_000_000)}2,[]\n`);
    const { report } = await readKeywords(blankRows);
    expect(report.rowsRead).toBe(2);
    expect(report.kept).toBe(2);
    const blankLines = join(dir, 'blank-lines.csv');
    await fs.writeFile(blankLines, `userId,movieId,rating,timestamp\n1,1,4.0,1\n${'\n'.repeat(20_000_000)}2,1,4.0,1\n`);
    const table = await readRatings(blankLines, { movieIdToTmdb: new Map([[1, 1]]), rows: 1, skipped: {} });
    expect(table.count).toBe(2);
  });

  it('stops with an error naming the file and the row instead of buffering the rest of the file', async () => {
    const path = join(dir, 'runaway.csv');
    // 24 MiB after an unclosed quote on data row 2, with escaped quotes so the parser keeps scanning inside the field.
    const filler = 'a,b""c,d\n'.repeat(Math.ceil((MAX_ROW_CHARS * 1.5) / 8));
    await fs.writeFile(path, `id,keywords,x\n1,ok,x\n2,"never closed,x\n${filler}`);
    const started = performance.now();
    const reading = readCsv(path, { requiredColumns: ['id', 'keywords'], onRow: () => undefined });
    await expect(reading).rejects.toBeInstanceOf(InputFileError);
    await expect(reading).rejects.toThrow(/runaway\.csv: row 2 runs on for more than 16 MiB/);
    await fs.writeFile(join(dir, 'runaway-ratings.csv'), `userId,movieId,rating,timestamp\n1,1,4.0,1\n2,"1,4.0,1\n${filler}`);
    await expect(readRatings(join(dir, 'runaway-ratings.csv'), { movieIdToTmdb: new Map([[1, 1]]), rows: 1, skipped: {} })).rejects.toThrow(
      /runaway-ratings\.csv: row 2 runs on/,
    );
    expect(performance.now() - started).toBeLessThan(30_000);
  });
});
