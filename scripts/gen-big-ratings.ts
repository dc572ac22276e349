// Generates a full-size synthetic ratings.csv (26M rows, Kaggle format) and measures ingest + training time and peak RSS.
// Usage: tsx scripts/gen-big-ratings.ts [--out .cache/ratings-26m.csv] [--rows 26000000] [--links <links.csv>]
//        [--measure] [--epochs 3] [--skip-generate]      (--help lists them)
// The output is synthetic but must never be committed (it goes to .cache or /tmp).
import fs from 'node:fs';
import path from 'node:path';
import { readLinks, readRatings } from '../src/pipeline/ratings';
import { trainKmf } from '../src/engine/kmf';
import { createRandom } from '../src/engine/kmf/random';
import { RatingIndex } from '../src/engine/ratingIndex';
import { PLANTED_CLUSTERS, plantedCluster } from '../src/evaluation/planted';
import { defineCli } from './lib/cli';
import { plural } from './lib/output';

const cli = defineCli({
  name: 'gen-big-ratings',
  usage: 'tsx scripts/gen-big-ratings.ts [--out .cache/ratings-26m.csv] [--rows 26000000] [--links <links.csv>] [--measure] [--epochs 3] [--skip-generate]',
  description:
    'Writes a full-size synthetic ratings.csv (Kaggle format) and, with --measure, times ingest + KMF training and reports peak RSS.\nThe file is synthetic and must never be committed (keep it in .cache or /tmp).',
  options: {
    out: { type: 'string', default: '.cache/ratings-26m.csv', value: 'csv', description: 'the ratings file to write (and measure)' },
    rows: { type: 'integer', default: 26_000_000, min: 1, description: 'ratings to generate' },
    links: { type: 'string', default: '../shared/data/kaggle-movies/links.csv', value: 'csv', description: 'the Kaggle links.csv whose movieIds are rated' },
    measure: { type: 'boolean', description: 'read the file and train on it, printing times and peak RSS' },
    epochs: { type: 'integer', default: 3, min: 1, description: 'training epochs for --measure' },
    'skip-generate': { type: 'boolean', description: 'measure an existing --out file without writing it' },
  },
});
const { values } = cli.parse();

interface Options {
  out: string;
  rows: number;
  links: string;
  measure: boolean;
  epochs: number;
  skipGenerate: boolean;
}

/**
 * Writes `rows` ratings for ~270k users over the links' movieIds with planted low-rank structure and a popularity skew:
 * a user takes 70% of their movies from their taste cluster and rates those about 1.2★ higher than the others.
 */
async function generate(options: Options, movieIds: number[]): Promise<void> {
  fs.mkdirSync(path.dirname(options.out), { recursive: true });
  const out = fs.createWriteStream(options.out);
  const random = createRandom(12345);
  // Each cluster's movies in links order (the head of links.csv is the popular head), for skewed picks within it.
  const byCluster: number[][] = Array.from({ length: PLANTED_CLUSTERS }, () => []);
  for (const id of movieIds) byCluster[plantedCluster(id)].push(id);
  const users = Math.max(1, Math.round(options.rows / 96));
  const ratingsPerUser = options.rows / users;
  let written = 0;
  let user = 0;
  let buffer = 'userId,movieId,rating,timestamp\r\n';
  const startMs = performance.now();
  while (written < options.rows) {
    user++;
    const userBias = (random() - 0.5) * 1.5;
    const taste = byCluster[Math.floor(random() * PLANTED_CLUSTERS)];
    const count = Math.min(options.rows - written, Math.max(1, Math.round(ratingsPerUser * (0.2 + 1.6 * random()))));
    let time = 1_000_000_000 + Math.floor(random() * 400_000_000);
    for (let j = 0; j < count; j++) {
      // Squared uniform skews picks towards the (popular) head of the links list.
      const inTaste = random() < 0.7;
      const pool = inTaste ? taste : movieIds;
      const movieId = pool[Math.floor(random() * random() * pool.length)];
      const stars = Math.min(10, Math.max(1, Math.round(7 + userBias * 2 + (inTaste ? 1.2 : -1.2) + (random() + random() - 1) * 3)));
      time += Math.floor(random() * 1000);
      buffer += `${user},${movieId},${(stars / 2).toFixed(1)},${time}\r\n`;
      if (buffer.length > 1 << 20) {
        if (!out.write(buffer)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
        buffer = '';
      }
    }
    written += count;
  }
  out.write(buffer);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  console.log(`generated ${plural(written, 'row')} for ${plural(user, 'user')} in ${((performance.now() - startMs) / 1000).toFixed(1)} s -> ${options.out}`);
}

async function main(): Promise<void> {
  const options: Options = { ...values, skipGenerate: values['skip-generate'] };
  const links = await readLinks(options.links);
  if (!options.skipGenerate) await generate(options, [...links.movieIdToTmdb.keys()]);
  if (!options.measure) return;

  const readStart = performance.now();
  const table = await readRatings(options.out, links);
  const readMs = performance.now() - readStart;
  console.log(
    `read ${plural(table.count, 'rating')} (${plural(table.users, 'user')}, ${plural(table.rowsRead, 'row')}) in ${(readMs / 1000).toFixed(1)} s; skipped ${JSON.stringify(table.skipped)}`,
  );
  console.log(`peak RSS after read: ${(process.resourceUsage().maxRSS / 1024 / 1024).toFixed(2)} GiB`);

  // Dense indices as the build script makes them.
  const denseStart = performance.now();
  const index = new RatingIndex();
  const { user, item } = index.addRatings(table.userIds, table.tmdbIds, table.count);
  console.log(`dense indexing in ${((performance.now() - denseStart) / 1000).toFixed(1)} s`);

  const result = trainKmf(
    { user, item, rating: table.ratings, count: table.count, nUsers: index.nUsers, nItems: index.nItems },
    { epochs: options.epochs, patience: options.epochs, validationFraction: 0.02, refitOnAll: false },
    (e) => console.log(`epoch ${e.epoch}: train RMSE ${e.trainRmse.toFixed(4)}, validation RMSE ${e.validationRmse.toFixed(4)}`),
  );
  console.log(`trained ${plural(result.epochs, 'epoch')} in ${(result.trainMs / 1000).toFixed(1)} s`);
  const totalS = (performance.now() - readStart) / 1000;
  console.log(`read + index + train: ${totalS.toFixed(1)} s; peak RSS ${(process.resourceUsage().maxRSS / 1024 / 1024).toFixed(2)} GiB`);
}

main().catch((error: unknown) => {
  console.error(`gen-big-ratings: ${(error as Error).message}`);
  process.exit(1);
});
