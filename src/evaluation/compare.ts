// Fits several models on one split and scores each with the same metrics.
import type { KmfEpochStats } from '../engine/kmf';
import type { RatingDataset } from './dataset';
import { errorMetrics, rankingMetrics, rmseByUserActivity, type ActivityBucket, type RankingMetrics } from './metrics';
import type { RatingModel } from './models';

export interface ModelEvaluation {
  name: string;
  description: string;
  rmse: number;
  mae: number;
  ranking: RankingMetrics;
  trainMs: number;
  epochs: number | null;
  history: KmfEpochStats[];
  byActivity: ActivityBucket[];
}

/** Fits each model on `train` and measures it on `test` (ranking metrics can be skipped for speed). */
export function compareModels(
  models: RatingModel[],
  train: RatingDataset,
  test: RatingDataset,
  options: { ranking?: boolean; onModel?: (evaluation: ModelEvaluation) => void } = {},
): ModelEvaluation[] {
  return models.map((model) => {
    const fit = model.fit(train);
    const predict = (u: number, i: number): number => model.predict(u, i);
    const errors = errorMetrics(predict, test);
    const ranking =
      options.ranking === false
        ? { k: 10, precision: Number.NaN, recall: Number.NaN, ndcg: Number.NaN, coverage: Number.NaN, users: 0 }
        : rankingMetrics(predict, train, test);
    const evaluation: ModelEvaluation = {
      name: model.name,
      description: model.description,
      rmse: errors.rmse,
      mae: errors.mae,
      ranking,
      trainMs: fit.trainMs,
      epochs: fit.epochs ?? null,
      history: fit.history ?? [],
      byActivity: rmseByUserActivity(predict, train, test),
    };
    options.onModel?.(evaluation);
    return evaluation;
  });
}
