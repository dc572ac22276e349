// npm run eval-hidden -- [--data <Kaggle dir>] [--scenario disliked|popular-unrated] [--test-fraction 0.2 --seed 0] [--json]
// "Not interested" as a weak negative: "For you" NDCG@10 with hidden movies only left out vs also fed to the online
// update as a low rating (chosen on validation). Skips, saying why, when ratings_small.csv is absent.
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_KMF_PARAMS } from '../src/engine/kmf';
import { loadKaggleRatings, randomSplit } from '../src/evaluation/dataset';
import { DEFAULT_NEGATIVE_GRID, evaluateHiddenNegative, type HiddenSplitResult } from '../src/evaluation/hiddenNegative';
import { readCatalog } from '../src/pipeline/buildData';
import { defineCli } from './lib/cli';
import { table } from './lib/output';

const DEFAULT_DATA = process.env.CINELOCAL_REAL_DATA ?? '../shared/data/kaggle-movies';

const cli = defineCli({
  name: 'eval-hidden',
  usage: 'npm run eval-hidden -- [--data <Kaggle dir>] [--scenario disliked|popular-unrated] [--test-fraction 0.2] [--seed 0] [--grid 0.5,1,1.5,2] [--json]',
  description:
    '"Not interested" as a weak negative: For you NDCG@10 with hidden movies only excluded vs also fed to the online update as a low rating (docs/model-quality.md).',
  options: {
    data: {
      type: 'string',
      default: DEFAULT_DATA,
      value: 'dir',
      description: 'Kaggle folder (ratings_small.csv, links_small.csv, movies_metadata.csv, credits.csv, keywords.csv)',
    },
    scenario: {
      type: 'string',
      default: 'disliked',
      choices: ['disliked', 'popular-unrated'],
      description: "hidden movies: the user's held-out ratings ≤ 2, or 5 popular movies they never rated",
    },
    'test-fraction': { type: 'number', default: 0.2, min: 0.01, max: 0.99, description: 'share of ratings in the test split' },
    seed: { type: 'integer', default: 0, description: 'split seed' },
    grid: {
      type: 'string',
      default: DEFAULT_NEGATIVE_GRID.join(','),
      value: 'ratings',
      description: 'ratings tried for hidden movies on validation (0..5, comma-separated)',
    },
    json: { type: 'boolean', description: 'print one JSON object on stdout' },
  },
});
const { values: options } = cli.parse();
const grid = options.grid.split(',').map((x) => Number(x.trim()));
if (grid.length === 0 || grid.some((r) => !(r >= 0 && r <= 5))) cli.fail(`--grid must be ratings in 0..5, got ${options.grid}`);

const fmt = (x: number | null | undefined, digits = 4) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits));

function printSplit(title: string, result: HiddenSplitResult, log: (m: string) => void): void {
  log(`${title}: ${result.users} users with a relevant held-out movie, ${result.usersWithHidden} of them with hidden movies (${result.hiddenMovies} hidden)`);
  log(
    table(
      ['variant', 'NDCG@10 (all)', 'NDCG@10 (with hidden)', 'P@10 (with hidden)', 'Δ NDCG vs excluded (95%)', 'better / worse'],
      result.variants.map((v) => [
        v.name,
        fmt(v.all.ndcg),
        fmt(v.withHidden.ndcg),
        fmt(v.withHidden.precision),
        v.vsExcluded ? `${v.vsExcluded.mean >= 0 ? '+' : ''}${fmt(v.vsExcluded.mean)} [${fmt(v.vsExcluded.low)}, ${fmt(v.vsExcluded.high)}]` : '–',
        v.vsExcluded ? `${v.vsExcluded.better} / ${v.vsExcluded.worse}` : '–',
      ]),
    ),
  );
}

async function main(): Promise<void> {
  const log = (message: string): void => void process.stderr.write(message + '\n');
  const needed = ['ratings_small.csv', 'movies_metadata.csv', 'credits.csv', 'keywords.csv'];
  const missing = needed.filter((file) => !fs.existsSync(path.join(options.data, file)));
  if (missing.length > 0) {
    const reason = `SKIPPED eval-hidden: ${missing.join(', ')} not found in ${path.resolve(options.data)} (pass --data <Kaggle dir> or set CINELOCAL_REAL_DATA)`;
    log(reason);
    if (options.json) process.stdout.write(JSON.stringify({ skipped: reason }) + '\n');
    return;
  }
  const loaded = await loadKaggleRatings(options.data);
  const { train, test } = randomSplit(loaded.data, options['test-fraction'], options.seed);
  log(
    `${loaded.ratingsPath}: ${loaded.data.count} ratings (${loaded.data.nUsers} users), random ${Math.round((1 - options['test-fraction']) * 100)}/${Math.round(options['test-fraction'] * 100)} split, seed ${options.seed}; scenario ${options.scenario}`,
  );
  const { catalog, soup } = await readCatalog(options.data);
  const started = performance.now();
  const result = await evaluateHiddenNegative(catalog, soup, train, test, {
    scenario: options.scenario as 'disliked' | 'popular-unrated',
    negativeGrid: grid,
    seed: options.seed,
    kmfParams: DEFAULT_KMF_PARAMS,
    log,
  });
  log('');
  printSplit('validation (inside the training split)', result.validation, log);
  log(`chosen on validation: rating ${result.chosenRating}`);
  printSplit('test', result.test, log);
  log(
    `the weak negative ${result.helps ? 'HELPS' : 'does NOT measurably help'} on the test split (95% interval of the per-user NDCG@10 difference ${result.helps ? 'above' : 'not above'} 0); ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  if (options.json) {
    const finite = (_key: string, value: unknown): unknown => (typeof value === 'number' && !Number.isFinite(value) ? null : value);
    process.stdout.write(JSON.stringify(result, finite) + '\n');
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
