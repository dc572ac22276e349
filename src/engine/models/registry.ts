// The recommender models a dataset ships. Adding a model: one file implementing RecommenderModel, one entry here
// (the shard set gains its file, the reader checks and decodes it into `dataset.models`). The blend (models/blend.ts)
// wires the two it uses by name — kmf for the predicted ★, neighbours for the item–item evidence — and a new model
// joins the ranking with a term there.
import type { RecommenderModel } from './model';
import { kmfModel } from './kmf';
import { neighboursModel } from './neighbours';

export const MODELS = { kmf: kmfModel, neighbours: neighboursModel } as const;
export type ModelName = keyof typeof MODELS;
/** Any set of models the shard writer and reader can loop over (the shipped one is MODELS). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ModelRegistry = Record<string, RecommenderModel<any, any, any, any>>;

type LoadedOf<M> = M extends { decode(...args: never[]): infer L } ? L : never;
/** Each registered model's decoded (worker-side) form. */
export type LoadedModels = { [K in ModelName]: LoadedOf<(typeof MODELS)[K]> };
