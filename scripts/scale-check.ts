// npm run scale-check -- --data-dir <shards built from the synthetic ratings.csv> [--links <links.csv>]
// Reports how well the built models recover the structure scripts/gen-big-ratings.ts planted (docs/model-quality.md).
import { readLinks } from '../src/pipeline/ratings';
import { loadEngineFromDir } from '../src/node/loadEngine';
import { plantedCluster, plantedRecovery, PLANTED_CLUSTERS } from '../src/evaluation/planted';
import { defineCli } from './lib/cli';

const cli = defineCli({
  name: 'scale-check',
  usage: 'npm run scale-check -- --data-dir <dir> [--links ../shared/data/kaggle-movies/links.csv]',
  description: 'Checks that shards built from the planted synthetic ratings recover its taste clusters.',
  options: {
    'data-dir': { type: 'string', required: true, value: 'dir', description: 'shards built by npm run build-data -- --ratings full' },
    links: { type: 'string', default: '../shared/data/kaggle-movies/links.csv', value: 'csv', description: 'the links.csv the ratings were generated over' },
  },
});
const { values } = cli.parse();

async function main(): Promise<void> {
  const links = await readLinks(values.links);
  const clusterOfTmdb = new Map<number, number>();
  for (const [movieId, tmdbId] of links.movieIdToTmdb) clusterOfTmdb.set(tmdbId, plantedCluster(movieId));
  const engine = await loadEngineFromDir(values['data-dir']);
  const r = plantedRecovery(engine, clusterOfTmdb);
  console.log(
    `EASE neighbours: ${(r.neighbourPurity * 100).toFixed(1)}% of the top 10 share the movie's planted cluster (chance ${(100 / PLANTED_CLUSTERS).toFixed(1)}%), ${r.movies} movies`,
  );
  console.log(`KMF item factors: mean cosine within a cluster minus across clusters = ${r.factorSeparation.toFixed(3)}`);
}

main().catch((error: unknown) => {
  console.error(`scale-check: ${(error as Error).message}`);
  process.exit(1);
});
