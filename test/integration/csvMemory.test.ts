// CSV readers' memory: huge files of bad rows must stream (bounded peak RSS in a fresh process) and every row must be counted.
// 2M rows here keep the suite under a minute; `tsx scripts/hardening-rss.ts` runs the same readers on 10M rows.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BAD_RATING_ROWS, hostileTmpDir, writeLines } from '../helpers/hostileInputs';
import { runTsxScript } from '../helpers/runScript';

const ROWS = 2_000_000;
const RSS_LIMIT_MIB = 1536;

interface Measured {
  measured: string;
  ms: number;
  maxRssMiB: number;
  rowsRead?: number;
  kept?: number;
  skipped?: Record<string, number>;
  error?: string;
}

/** One `--measure` run of scripts/hardening-rss.ts (npx tsx, from the repo): the JSON line it prints last. */
async function measure(kind: string, file: string): Promise<Measured> {
  const { code, stdout, stderr } = await runTsxScript('scripts/hardening-rss.ts', ['--measure', kind, '--file', file], { timeoutMs: 120_000 });
  const line = stdout.trim().split('\n').pop() ?? '';
  if (code !== 0 || !line.startsWith('{')) throw new Error(`hardening-rss exited ${code}: ${stderr.slice(0, 500)}`);
  return JSON.parse(line) as Measured;
}

let dir = '';
const figures: Record<string, Measured & { bytes: number }> = {};

beforeAll(() => {
  dir = hostileTmpDir('rss');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `csvMemory (${ROWS} rows each): ${JSON.stringify(Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, { bytes: v.bytes, ms: v.ms, maxRssMiB: v.maxRssMiB }])))}`,
  );
});

const total = (skips: Record<string, number> = {}) => Object.values(skips).reduce((a, b) => a + b, 0);

describe('bounded memory on millions of bad rows (child process, peak RSS from process.resourceUsage)', () => {
  it(`readRatings streams ${ROWS} bad ratings rows, skipping and counting every one`, async () => {
    const file = join(dir, 'bad-ratings.csv');
    const bytes = await writeLines(file, 'userId,movieId,rating,timestamp', ROWS, (i) => BAD_RATING_ROWS[i % BAD_RATING_ROWS.length](i));
    const result = await measure('bad-ratings', file);
    figures['bad-ratings'] = { ...result, bytes };
    expect(result.error).toBeUndefined();
    expect(result.rowsRead).toBe(ROWS);
    expect(result.kept).toBe(0);
    expect(total(result.skipped)).toBe(ROWS);
    expect(Object.keys(result.skipped!).length).toBe(BAD_RATING_ROWS.length);
    expect(result.maxRssMiB).toBeLessThan(RSS_LIMIT_MIB);
    expect(result.ms).toBeLessThan(60_000);
  });

  it(`readMovies streams ${ROWS / 2} bad movies_metadata rows (the slower, object-per-row reader)`, async () => {
    const file = join(dir, 'bad-metadata.csv');
    const header =
      'adult,belongs_to_collection,budget,genres,homepage,id,imdb_id,original_language,original_title,overview,popularity,poster_path,production_companies,production_countries,release_date,revenue,runtime,spoken_languages,status,tagline,title,video,vote_average,vote_count';
    const bytes = await writeLines(file, header, ROWS / 2, (i) =>
      i % 2 ? `False,,0,[],,${i}` : `False,,0,[],,1995-10-${i % 28},tt0,en,T,,1,/p.jpg,[],[],1995-10-30,0,81,[],Released,,Title ${i},False,7.7,5415`,
    );
    const result = await measure('bad-metadata', file);
    figures['bad-metadata'] = { ...result, bytes };
    expect(result.rowsRead).toBe(ROWS / 2);
    expect(result.kept).toBe(0);
    expect(result.skipped).toEqual({ 'id is not an integer (e.g. a date in the id column)': ROWS / 4, 'malformed CSV row (TooFewFields)': ROWS / 4 });
    expect(result.maxRssMiB).toBeLessThan(RSS_LIMIT_MIB);
    expect(result.ms).toBeLessThan(90_000);
  });

  it(`a stray quote on row 2 of a ${ROWS}-row ratings file is refused after 16 MiB, not buffered to the end`, async () => {
    const file = join(dir, 'stray-quote.csv');
    const bytes = await writeLines(file, 'userId,movieId,rating,timestamp', ROWS, (i) => (i === 1 ? `2,"1,4.0,1260759144` : `${i + 1},1,4.0,1260759144`));
    const result = await measure('stray-quote', file);
    figures['stray-quote'] = { ...result, bytes };
    expect(result.error).toMatch(/stray-quote\.csv: row 2 runs on for more than 16 MiB/);
    expect(result.maxRssMiB).toBeLessThan(RSS_LIMIT_MIB);
    expect(result.ms).toBeLessThan(20_000);
  });
});
