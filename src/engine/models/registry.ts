// The recommender models a dataset ships. Adding a model: one file implementing RecommenderModel, one entry here
// (build-data fits it, the shard set gains its file, the engine decodes it into `dataset.models`).
import { kmfModel } from './kmf';
import { neighboursModel } from './neighbours';

export const MODELS = { kmf: kmfModel, neighbours: neighboursModel } as const;
export type ModelName = keyof typeof MODELS;

type LoadedOf<M> = M extends { decode(...args: never[]): infer L } ? L : never;
/** Each registered model's decoded (worker-side) form. */
export type LoadedModels = { [K in ModelName]: LoadedOf<(typeof MODELS)[K]> };
