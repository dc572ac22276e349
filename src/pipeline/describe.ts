// build-data's describe.bin: overview + tagline, keywords, cast with characters and directors per catalog movie, and
// the model learned by `npm run train-describe` (src/engine/describe/trained.json).
import trained from '../engine/describe/trained.json';
import { checkModel, type DescribeModel } from '../engine/describe/model';
import { encodeDescribe, type DescribeRow } from '../engine/describe/shard';
import type { CreditsRecord, MovieRecord } from './movies';

export function describeRowsForMovies(movies: MovieRecord[], credits: Map<number, CreditsRecord>, keywords: Map<number, string[]>): DescribeRow[] {
  return movies.map((m) => {
    const credit = credits.get(m.id);
    return {
      text: m.tagline ? `${m.overview} ${m.tagline}` : m.overview,
      keywords: keywords.get(m.id) ?? [],
      cast: credit?.billing ?? [],
      characters: credit?.characters ?? [],
      directors: credit?.directors ?? [],
    };
  });
}

/** The committed, trained describe model (checked: a hand-edited file that breaks it stops the build here). */
export function trainedDescribeModel(): DescribeModel {
  return checkModel(trained, 'src/engine/describe/trained.json');
}

/** describe.bin's bytes for these movies with the trained model. */
export function describeShard(movies: MovieRecord[], credits: Map<number, CreditsRecord>, keywords: Map<number, string[]>): Uint8Array {
  return encodeDescribe(describeRowsForMovies(movies, credits, keywords), trainedDescribeModel());
}
