// The plug-in point for recommender models: fitted in Node at build time, shipped in their own shard file, scored and
// updated per user in the worker. Like Surprise's AlgoBase (fit / estimate), split across the build and the browser.
import type { RatingTriples } from '../kmf';
import type { KeywordMatrixInput } from '../keywordIndex';
import type { ShardArray, ShardContents } from '../shards/format';

/** What a model is fitted on at build time. */
export interface TrainingData {
  /** Ratings with dense user and item indices. */
  triples: RatingTriples;
  /** Catalog row of each dense item. */
  rowOfItem: ArrayLike<number>;
  /** Catalog size: shipped arrays have one row per catalog movie. */
  rows: number;
  /** The keyword soup, for models that use content (e.g. KMF vectors for movies nobody rated). */
  soup: KeywordMatrixInput;
}

/** A user's rating of one catalog row, as the worker holds it. */
export interface RowRating {
  row: number;
  rating: number;
}

/** A fit's result: the model as shipped (what `encode` writes and `decode` returns) and what the build reports. */
export interface FittedModel<Loaded, Info> {
  model: Loaded;
  info: Info;
}

export interface RecommenderModel<Loaded, UserState, Params, Info> {
  /** Key in the dataset's `models` and in the manifest's `build` section. */
  readonly name: string;
  /** The model's own shard file (documented in docs/shard-format.md). */
  readonly shardFile: string;
  /** Build time (Node): fit on the training ratings; `progress` reports named stages (fraction 1 = done). */
  fit(data: TrainingData, params: Partial<Params> | undefined, progress: (stage: string, fraction: number) => void): FittedModel<Loaded, Info>;
  /** The arrays the model ships in its shard file. */
  encode(model: Loaded, rows: number): Record<string, ShardArray>;
  /** Reads the arrays back (checked: every failure is a ShardError naming the file). */
  decode(shard: ShardContents, rows: number): Loaded;
  /** Worker: the online update — fold a user's ratings into this model's user state, item side fixed. */
  fitUser(model: Loaded, ratings: RowRating[], manifestBuild: Record<string, unknown>): UserState;
}
