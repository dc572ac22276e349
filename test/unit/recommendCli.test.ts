// scripts/recommend.ts --ratings, run as a child process on demo shards it builds into a temp folder: a MovieLens-style file's
// movieId column is never read as TMDB ids (refused, or mapped with --links), and a user without a vector is told why.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTsxScript } from '../helpers/runScript';

const REPO = resolve(__dirname, '../..');
// Built by this test (not public/data, which CI builds only after Vitest ran).
const DATA = mkdtempSync(join(tmpdir(), 'cinelocal-recommend-shards-'));
const ANCHOR = 40001; // DEMO_ANCHOR_MOVIE; 40002 is its sequel
const STACK_TRACE = /^\s+at /m;

/** The repo's tsx directly (no npx), from the repo. */
const recommend = (args: string[]) =>
  runTsxScript('scripts/recommend.ts', ['--movie', String(ANCHOR), '--data-dir', DATA, '--k', '3', ...args], { launcher: 'bin' });

describe('npm run recommend -- --ratings (child process, demo shards)', () => {
  let dir = '';
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cinelocal-recommend-'));
    execFileSync(join(REPO, 'node_modules/.bin/tsx'), [join(REPO, 'scripts/build-data.ts'), '--demo', '--out', DATA], { cwd: REPO, stdio: 'ignore' });
    expect(existsSync(join(DATA, 'manifest.json'))).toBe(true);
  }, 180_000);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(DATA, { recursive: true, force: true });
  });

  it('refuses a MovieLens-style file (movieId column) with a clear message instead of reading MovieLens ids as TMDB ids', async () => {
    const ratings = file('ratings.csv', 'userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,3,5.0,964981247\n');
    const run = await recommend(['--ratings', ratings]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("the id column is 'movieId'");
    expect(run.stderr).toContain('MovieLens id, not a TMDB id');
    expect(run.stderr).toContain('--links');
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(run.stdout).toBe('');
  }, 60_000);

  it('maps a movieId column through --links, and --ids tmdb accepts a CineLocal export (movieId = TMDB id)', async () => {
    const ratings = file('ml.csv', 'userId,movieId,rating,timestamp\n1,1,5.0,964982703\n1,2,4.5,964981247\n');
    const links = file('links.csv', `movieId,imdbId,tmdbId\n1,0114709,${ANCHOR}\n2,0113497,${ANCHOR + 1}\n`);
    const mapped = await recommend(['--ratings', ratings, '--links', links, '--json']);
    expect(mapped.stderr).not.toMatch(STACK_TRACE);
    expect(mapped.code).toBe(0);
    const out = JSON.parse(mapped.stdout) as { personal: boolean; ratings: { rows: number; inCatalog: number; noVectorReason: string | null } };
    expect(out.ratings).toEqual({ rows: 2, inCatalog: 2, noVectorReason: null });
    expect(out.personal).toBe(true);

    const exported = file('export.csv', `userId,movieId,rating,timestamp\nAda,${ANCHOR},5,1700000000\nAda,${ANCHOR + 1},4.5,1700000001\n`);
    const asTmdb = JSON.parse((await recommend(['--ratings', exported, '--ids', 'tmdb', '--json'])).stdout) as { personal: boolean };
    expect(asTmdb.personal).toBe(true);
  }, 60_000);

  it('says why there is no user vector: none of the rated ids is in the catalog', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => `${990_000_001 + i},4`).join('\n');
    const run = await recommend(['--ratings', file('nowhere.csv', `tmdbId,rating\n${rows}\n`)]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('no user vector: none of the 12 rated ids is in the catalog');
    expect(run.stdout).toContain('no user vector');
  }, 60_000);

  it('says when a links file maps none of the rated movieIds', async () => {
    const run = await recommend([
      '--ratings',
      file('ml2.csv', 'userId,movieId,rating\n1,77,4\n'),
      '--links',
      file('links2.csv', `movieId,imdbId,tmdbId\n1,0114709,${ANCHOR}\n`),
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('none of the 1 rated movieIds has a tmdbId in the links file');
  }, 60_000);
});
