// npm run lists -- [--data ../shared/data/kaggle-movies] [--shards .cache/bench-shards] [--k 10]
// Prints real "like this" and "For you" lists for several kinds of ratings_small users (a sci-fi fan, a family-film
// fan, a drama fan, a horror fan, the heaviest rater), each pick tagged by how it relates to the seed. Numbers can rise
// while lists stop answering the question; this is the look at the lists that goes with `npm run eval`.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadKaggleRatings } from '../src/evaluation/dataset';
import { chooseArchetypes, ARCHETYPE_GENRES } from '../src/evaluation/archetypes';
import { pickRelation, relatednessJudge, type PickRelation } from '../src/evaluation/protocols';
import { buildData } from '../src/pipeline/buildData';
import { loadEngineFromDir } from '../src/node/loadEngine';
import type { Recommendation, UserRating } from '../src/engine/types';
import { asTmdbId } from '../src/engine/ids';
import { defineCli } from './lib/cli';

const cli = defineCli({
  name: 'lists',
  usage: 'npm run lists -- [--data ../shared/data/kaggle-movies] [--shards .cache/bench-shards] [--k 10]',
  description: 'Real "like this" and "For you" lists for several kinds of user, each pick tagged by its relation to the seed.',
  options: {
    data: { type: 'string', default: '../shared/data/kaggle-movies', value: 'dir', description: 'folder with the Kaggle CSVs' },
    shards: { type: 'string', default: '.cache/bench-shards', value: 'dir', description: 'shards built from that folder (built when missing)' },
    k: { type: 'integer', default: 10, min: 1, description: 'picks per list' },
    'like-this': { type: 'string', value: 'json', description: 'weights to try instead of the shipped ones, e.g. \'{"confidence":30}\' (models/blend.ts)' },
  },
});
const { values } = cli.parse();

const TAG: Record<PickRelation, string> = { series: 'S', crowd: 'C', content: 'K', unrelated: '·' };

async function main(): Promise<void> {
  const dataDir = resolve(values.data);
  if (!existsSync(join(dataDir, 'movies_metadata.csv'))) {
    console.log(`lists: the real Kaggle CSVs are not in ${dataDir}; nothing to show (pass --data)`);
    return;
  }
  const shards = resolve(values.shards);
  if (!existsSync(join(shards, 'manifest.json'))) await buildData({ dataDir, outDir: shards, datasetKind: 'kaggle', ratings: 'small' });
  const engine = await loadEngineFromDir(shards);
  if (values['like-this']) engine.recommender.setWeights({ likeThis: { ...engine.recommender.weights.likeThis, ...JSON.parse(values['like-this']) } });
  const { data } = await loadKaggleRatings(dataDir);
  const catalog = engine.data.catalog;
  const judge = relatednessJudge(data, catalog, engine.data.keywords);
  const title = (id: number) => catalog.titles[engine.rowOf(asTmdbId(id)) ?? -1] ?? `#${id}`;
  const k = values.k;
  const line = (seedId: number, list: Recommendation[]) => {
    const ids = list.map((r) => r.movie.id);
    const cosines = judge.keywordCosine(seedId, ids);
    const series = judge.series(seedId);
    const tags = ids.map((id, i) => pickRelation(judge, seedId, id, cosines[i], series));
    const unrelated = tags.filter((t) => t === 'unrelated').length;
    return `${ids.map((id, i) => `${title(id)} [${TAG[tags[i]]}]`).join(' · ')}  — unrelated ${unrelated}/${ids.length}`;
  };
  console.log(`Tags: [S] same series, [C] crowd related (lift ≥ 1.5, ≥ 3 co-likers), [K] keyword cosine ≥ 0.1, [·] none of these.\n`);
  for (const a of chooseArchetypes(
    data,
    (id) => catalog.genreMask[engine.rowOf(asTmdbId(id)) ?? -1] ?? 0,
    catalog.genreNames,
    (id) => catalog.voteCount[engine.rowOf(asTmdbId(id)) ?? -1] ?? 0,
  )) {
    const ratings: UserRating[] = a.ratings;
    const ratedIds = ratings.map((r) => r.movieId);
    const vector = engine.fitUser(ratings);
    console.log(`## ${a.label}: user ${a.userId}, ${ratings.length} ratings, ${Math.round(100 * a.share)}% of their 4★+ in ${a.genre}`);
    for (const seedId of a.seeds) {
      const seedRating = [{ movieId: seedId, rating: 5 }];
      console.log(`### like ${title(seedId)} (they rated it ${ratings.find((r) => r.movieId === seedId)?.rating})`);
      console.log(`- with ratings: ${line(seedId, await engine.recommend(asTmdbId(seedId), { vector, ratedIds, ratings }, { k }))}`);
      console.log(
        `- one rating:   ${line(seedId, await engine.recommend(asTmdbId(seedId), { vector: engine.fitUser(seedRating), ratedIds: [seedId], ratings: seedRating }, { k }))}`,
      );
      console.log(`- visitor:      ${line(seedId, await engine.recommend(asTmdbId(seedId), { vector: null, ratedIds: [] }, { k }))}`);
    }
    if (vector) {
      const forYou = await engine.forYou(vector, { k, exclude: ratedIds });
      console.log(`### For you: ${forYou.map((f) => title(f.movie.id)).join(' · ')}\n`);
    }
  }
  console.log(`(archetype genres: ${ARCHETYPE_GENRES.map((g) => g.genre).join(', ')})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
