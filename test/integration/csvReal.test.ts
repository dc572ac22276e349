// CSV readers and shards on the real Kaggle files (skipped with a printed reason when absent): damaged copies and byte-mutated
// windows of real rows keep the readers' accounting exact, and mutated real shards are refused with ShardError only.
// Everything built here lives in a temporary directory and is deleted afterwards.
import { createHash } from 'node:crypto';
import { promises as fs, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import { decodeDataset, SHARD_FILES, type ShardManifest } from '../../src/engine/shards/dataset';
import { readShard, ShardError } from '../../src/engine/shards/format';
import { buildData } from '../../src/pipeline/buildData';
import type { SkipCounts } from '../../src/pipeline/csv';
import { readCredits, readKeywords, readMovies } from '../../src/pipeline/movies';
import { readLinks, readRatings, type LinkTable } from '../../src/pipeline/ratings';
import { CSV_FAULTS, hostileTmpDir, mutatedBytes } from '../helpers/hostileInputs';
import { HAS_REAL_DATA, REAL_DATA_DIR, reportSkip } from '../helpers/realData';
import { asTmdbIds } from '../../src/engine/ids';

reportSkip('real-data CSV and shard fault tests');

const total = (skips: SkipCounts) => Object.values(skips).reduce((a, b) => a + b, 0);
type Accounting = { rows: number; accounted: number };

describe.skipIf(!HAS_REAL_DATA)('CSV readers and shards on the real Kaggle files', () => {
  let dir = '';
  let links: LinkTable;
  const tried: Record<string, number> = {};

  const readers: Record<string, (path: string) => Promise<Accounting>> = {
    'movies_metadata.csv': (p) => readMovies(p).then(({ report }) => ({ rows: report.rowsRead, accounted: report.kept + total(report.skipped) })),
    'credits.csv': (p) => readCredits(p).then(({ report }) => ({ rows: report.rowsRead, accounted: report.kept + total(report.skipped) })),
    'keywords.csv': (p) => readKeywords(p).then(({ report }) => ({ rows: report.rowsRead, accounted: report.kept + total(report.skipped) })),
    'links.csv': (p) => readLinks(p).then((t) => ({ rows: t.rows, accounted: t.movieIdToTmdb.size + total(t.skipped) })),
    'ratings_small.csv': (p) => readRatings(p, links).then((t) => ({ rows: t.rowsRead, accounted: t.count + total(t.skipped) })),
  };

  beforeAll(async () => {
    dir = hostileTmpDir('real');
    links = await readLinks(join(REAL_DATA_DIR, 'links.csv'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    console.log(`csvReal: cases ${JSON.stringify(tried)}`);
  });

  it('every named fault on every real file: refused naming the file, or every row accounted for', async () => {
    for (const [file, read] of Object.entries(readers)) {
      const valid = readFileSync(join(REAL_DATA_DIR, file));
      for (const fault of CSV_FAULTS) {
        const path = join(dir, `${fault.name.replace(/\W+/g, '-')}-${file}`);
        await fs.writeFile(path, fault.apply(valid));
        tried.faults = (tried.faults ?? 0) + 1;
        const label = `${file} / ${fault.name}`;
        try {
          const { rows, accounted } = await read(path);
          expect(fault.unusable && fault.name !== 'header line only', label).toBe(false);
          expect(accounted, label).toBe(rows);
        } catch (error) {
          expect(error, label).not.toBeInstanceOf(TypeError);
          expect((error as Error).message, label).toContain(path);
        }
        await fs.rm(path);
      }
    }
  });

  it('byte-mutated windows of 40 real rows (quotes, commas, line breaks, flips, cuts) keep the accounting exact (3 x 300 cases)', async () => {
    const windowOf = (file: string) => {
      const lines = readFileSync(join(REAL_DATA_DIR, file), 'utf8').split('\n');
      return fc.nat({ max: lines.length - 42 }).map((start) => Buffer.from([lines[0], ...lines.slice(1 + start, 41 + start)].join('\n') + '\n'));
    };
    const metaChars = fc.constantFrom(0x22, 0x2c, 0x0a, 0x0d, 0x27, 0x5b, 0x7b, 0x5c, 0x00);
    for (const file of ['movies_metadata.csv', 'credits.csv', 'keywords.csv']) {
      const mutated = fc
        .tuple(windowOf(file), fc.array(fc.tuple(fc.nat(), metaChars), { minLength: 1, maxLength: 6 }), fc.option(fc.nat()))
        .map(([bytes, edits, cut]) => {
          const out = Buffer.from(bytes);
          for (const [at, value] of edits) out[at % out.length] = value;
          return cut === null ? out : out.subarray(0, cut % out.length);
        });
      await fc.assert(
        fc.asyncProperty(mutated, async (bytes) => {
          tried[`mutated ${file}`] = (tried[`mutated ${file}`] ?? 0) + 1;
          const path = join(dir, `window-${file}`);
          await fs.writeFile(path, bytes);
          try {
            const { rows, accounted } = await readers[file](path);
            expect(accounted).toBe(rows);
          } catch (error) {
            expect(error).not.toBeInstanceOf(TypeError);
            expect((error as Error).message).toContain(path);
          }
        }),
        { numRuns: 300, seed: 42 },
      );
    }
  });

  it('mutated real shards: readShard throws only ShardError (4 x 300); with forged checksums decode ends in ShardError or a working engine (4 x 10)', async () => {
    const out = join(dir, 'shards');
    await buildData({ dataDir: REAL_DATA_DIR, outDir: out, datasetKind: 'kaggle', ratings: 'small' });
    const manifest = JSON.parse(await fs.readFile(join(out, 'manifest.json'), 'utf8')) as ShardManifest;
    const shards: Record<string, Uint8Array> = {};
    for (const name of SHARD_FILES) shards[name] = new Uint8Array(await fs.readFile(join(out, name)));
    for (const name of SHARD_FILES) {
      fc.assert(
        fc.property(mutatedBytes(shards[name]), (bytes) => {
          tried[`real ${name}`] = (tried[`real ${name}`] ?? 0) + 1;
          try {
            readShard(name, bytes);
          } catch (error) {
            if (!(error instanceof ShardError)) throw new Error(`${name}: ${(error as Error).name}: ${(error as Error).message}`, { cause: error });
          }
        }),
        { numRuns: 300, seed: 7 },
      );
      await fc.assert(
        fc.asyncProperty(mutatedBytes(shards[name]), async (bytes) => {
          tried[`real forged ${name}`] = (tried[`real forged ${name}`] ?? 0) + 1;
          const forged: ShardManifest = {
            ...manifest,
            files: manifest.files.map((f) => (f.name === name ? { name, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') } : f)),
          };
          try {
            const engine = new Engine(await decodeDataset(forged, { ...shards, [name]: bytes }));
            for (const id of asTmdbIds([862, 8844, 11])) if (engine.rowOf(id) !== undefined) await engine.recommend(id, { vector: null, ratedIds: [] });
            engine.search('toy story', 5);
          } catch (error) {
            if (!(error instanceof ShardError)) throw new Error(`${name}: ${(error as Error).name}: ${(error as Error).message}`, { cause: error });
          }
        }),
        { numRuns: 10, seed: 8 },
      );
    }
  }, 480_000); // A real build plus 1,240 decodes: 17 s in CI, over 120 s with both cores busy and a second suite running (issue 21 item 11).
});
