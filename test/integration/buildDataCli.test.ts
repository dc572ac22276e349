// The build-data CLI: `npm run build-data` as a child process (npx tsx scripts/build-data.ts) on demo data corrupted file by file.
// Unusable input must exit 1 with one line naming the file and write no manifest; dirty-but-usable input must exit 0
// and report what it skipped.
import { cpSync, existsSync, promises as fs, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoData } from '../../src/pipeline/demo/generateDemoData';
import { CSV_FAULTS, hostileTmpDir } from '../helpers/hostileInputs';
import { inPairs, runTsxScript, type ScriptRun } from '../helpers/runScript';

/** `npx tsx scripts/build-data.ts ...args` from the repo, killed after 90 s. */
const buildData = (args: string[]) => runTsxScript('scripts/build-data.ts', args, { timeoutMs: 90_000 });

let root = '';
let demo = '';
const fault = (name: string) => CSV_FAULTS.find((f) => f.name === name)!;

interface Case {
  file: string;
  fault: string;
  /** 1 = refused; 0 = built with the damage reported. */
  expectCode: 0 | 1;
  /** What stderr must say (beyond naming the file) when refused. */
  says?: RegExp;
}

const CASES: Case[] = [
  { file: 'movies_metadata.csv', fault: 'wrong header', expectCode: 1, says: /wrong header: missing column\(s\) id, title/ },
  { file: 'credits.csv', fault: 'binary garbage', expectCode: 1, says: /wrong header/ },
  { file: 'keywords.csv', fault: 'empty file', expectCode: 1, says: /no data rows/ },
  { file: 'keywords.csv', fault: 'gzip-compressed file', expectCode: 1, says: /wrong header/ },
  { file: 'links.csv', fault: 'HTML error page', expectCode: 1, says: /header has no 'movieId' column/ },
  { file: 'ratings_small.csv', fault: 'header renamed to upper case', expectCode: 1, says: /header has no 'userId' column/ },
  { file: 'ratings_small.csv', fault: 'header line only', expectCode: 1, says: /no rating refers to a movie/ },
  { file: 'ratings_small.csv', fault: 'UTF-16LE encoded', expectCode: 1, says: /header has no/ },
  {
    file: 'movies_metadata.csv',
    fault: 'unterminated quote in the first row, no more quotes',
    expectCode: 1,
    says: /row 1 has a quote that is never closed properly/,
  },
  { file: 'credits.csv', fault: 'unterminated quote in the first row, no more quotes', expectCode: 1, says: /row 1 has a quote that is never closed properly/ },
  { file: 'movies_metadata.csv', fault: 'truncated mid-file', expectCode: 0 },
  { file: 'credits.csv', fault: 'truncated mid-row, no final line break', expectCode: 0 },
  { file: 'ratings_small.csv', fault: 'every 50th byte flipped', expectCode: 0 },
  { file: 'keywords.csv', fault: 'UTF-8 BOM', expectCode: 0 },
  { file: 'links.csv', fault: 'CR-only line endings', expectCode: 0 },
];

let results: { c: Case; dir: string; run: ScriptRun }[] = [];

beforeAll(async () => {
  root = hostileTmpDir('cli');
  demo = join(root, 'demo');
  await generateDemoData(demo);
  results = await inPairs(CASES, async (c) => {
    const dir = join(root, `${c.file}-${c.fault}`.replace(/\W+/g, '-'));
    cpSync(demo, join(dir, 'csv'), { recursive: true });
    await fs.writeFile(join(dir, 'csv', c.file), fault(c.fault).apply(await fs.readFile(join(demo, c.file))));
    const run = await buildData(['--data', join(dir, 'csv'), '--out', join(dir, 'out'), '--json']);
    return { c, dir, run };
  });
}, 600_000);
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  console.log(
    `buildDataCli: ${results.length} corrupted builds, ${results.filter((r) => r.run.code === 1).length} refused; slowest ${Math.round(Math.max(...results.map((r) => r.run.ms)))} ms`,
  );
});

describe('build-data CLI on corrupted inputs (child process)', () => {
  for (const [index, c] of CASES.entries()) {
    const verdict = c.expectCode === 1 ? 'exits 1 naming the file' : 'builds and reports the damage';
    it(`${c.file} / ${c.fault}: ${verdict}`, () => {
      const { dir, run } = results[index];
      const label = `${c.file} / ${c.fault}\nstdout: ${run.stdout.slice(0, 400)}\nstderr: ${run.stderr.slice(0, 800)}`;
      expect(run.code, label).toBe(c.expectCode);
      if (c.expectCode === 1) {
        expect(run.stderr, label).toContain(join(dir, 'csv', c.file));
        expect(run.stderr, label).toMatch(c.says!);
        // One clear line, not a stack trace.
        expect(run.stderr, label).not.toMatch(/^\s+at /m);
        expect(existsSync(join(dir, 'out', 'manifest.json')), label).toBe(false);
      } else {
        const summary = JSON.parse(run.stdout) as { files: { file: string; rowsRead: number; kept: number; skipped: Record<string, number> }[] };
        const entry = summary.files.find((f) => f.file === c.file)!;
        const skipped = Object.values(entry.skipped).reduce((a, b) => a + b, 0);
        if (c.fault !== 'UTF-8 BOM' && c.fault !== 'CR-only line endings' && c.file !== 'links.csv') expect(skipped, label).toBeGreaterThan(0);
        expect(entry.kept, label).toBeGreaterThan(0);
        expect(existsSync(join(dir, 'out', 'manifest.json')), label).toBe(true);
      }
    });
  }

  it('refuses a missing input file and a missing data folder with exit 1, a bad --ratings value with exit 2 (usage error)', async () => {
    const dir = join(root, 'missing');
    cpSync(demo, join(dir, 'csv'), { recursive: true });
    rmSync(join(dir, 'csv', 'credits.csv'));
    const [missingFile, missingDir, badFlag] = await inPairs(
      [
        ['--data', join(dir, 'csv'), '--out', join(dir, 'out')],
        ['--data', join(dir, 'nope'), '--out', join(dir, 'out')],
        ['--data', join(dir, 'csv'), '--out', join(dir, 'out'), '--ratings', 'huge'],
      ],
      buildData,
    );
    expect(missingFile.code).toBe(1);
    expect(missingFile.stderr).toMatch(new RegExp(`build-data: ${join(dir, 'csv', 'credits.csv')}: cannot read input file \\(ENOENT\\)`));
    expect(missingDir.code).toBe(1);
    expect(missingDir.stderr).toContain(join(dir, 'nope'));
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toMatch(/--ratings must be/);
    expect(badFlag.stderr).toContain('usage: npm run build-data');
  });
});
