// Public surface of the sigmoid-link kernel matrix factorization (KMF) model.
export {
  DEFAULT_KMF_PARAMS,
  RATING_SCALE,
  predictRating,
  predictTrainedUser,
  ratingFromLogit,
  ratingToLogit,
  sigmoid,
  type KmfItemSide,
  type KmfModel,
  type KmfOptimizer,
  type KmfParams,
  type RatingTriples,
} from './model';
export { trainKmf, rmseOn, type KmfEpochStats, type KmfTrainResult } from './train';
export { onlineUpdateUser, choleskyInPlace, choleskySolveInPlace, type OnlineUpdateParams, type OnlineUserFit } from './online';
export { fitContentItemModel, DEFAULT_CONTENT_ITEM_PARAMS, type ContentItemModel, type ContentItemParams, type ContentItemPrediction } from './content';
