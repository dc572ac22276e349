// The learned part of describe search: BM25F field weights, the feature weights of the final linear ranking, query term
// weights and the query-word → catalog-keyword expansion table. Produced by `npm run train-describe` (train queries
// only), committed as trained.json, copied into describe.bin by build-data.

/** Index fields, in the order of `fieldWeights` and `fieldB`. */
export const FIELDS = ['title', 'overview', 'keywords', 'people', 'characters', 'genres'] as const;
export type FieldName = (typeof FIELDS)[number];

/** The final ranking's features, in the order of `featureWeights`. */
export const FEATURES = ['bm25f', 'expansion', 'prior', 'year', 'genre'] as const;
export type FeatureName = (typeof FEATURES)[number];

export interface DescribeModel {
  /** BM25F saturation. */
  k1: number;
  /** Per-field weights (FIELDS order). */
  fieldWeights: number[];
  /** Per-field length normalisation (FIELDS order). */
  fieldB: number[];
  /** Linear weights of the features (FEATURES order), each feature scaled to 0..1 within a query. */
  featureWeights: number[];
  /** Query term → weight (terms not listed weigh 1): chat words ("remember", "watched") learned to weigh ~0. */
  termWeights: Record<string, number>;
  /** termWeights are raised to this power (sharper or flatter); absent: 1. */
  termWeightPower?: number;
  /** Multiplier of the first line's words when the question has several lines (a post's title); absent: 1. */
  headlineBoost?: number;
  /** Log-odds of being asked about per film bucket (index.ts priorBucket), learned; absent: log(1 + votes). */
  prior?: number[];
  /** Log-odds of being asked about per genre name ('' = no genre), learned; added to the prior (mean over a film's genres). */
  genrePrior?: Record<string, number>;
  /**
   * Films asked about in the training questions: TMDB ids (ascending) and how many questions named each. The prior adds
   * weight × log(1 + count): a film people already could not name is asked about again (click-log style, train only).
   */
  asked?: { weight: number; ids: number[]; counts: number[] };
  /** Query term → [catalog keyword term, weight] pairs. */
  expansion: Record<string, [string, number][]>;
  /** Where the numbers came from (script, input file checksum, date). */
  provenance: Record<string, unknown>;
}

/** Untrained defaults: plain BM25F over the fields, no expansion; what the demo gets if trained.json lacks a table. */
export const DEFAULT_MODEL: DescribeModel = {
  k1: 1.2,
  fieldWeights: [3, 1, 2, 1.5, 1.5, 1],
  fieldB: [0.5, 0.75, 0.3, 0.3, 0.3, 0],
  featureWeights: [1, 0, 0.3, 0.3, 0.2],
  termWeights: {},
  expansion: {},
  provenance: { source: 'hand-set defaults' },
};

/** Checks a model read from a shard or JSON; a bad one is an error naming the field. */
export function checkModel(value: unknown, where: string): DescribeModel {
  const m = value as DescribeModel;
  const fail = (what: string): never => {
    throw new Error(`${where}: the describe model's ${what}`);
  };
  if (typeof m !== 'object' || m === null) fail('JSON is not an object');
  if (!(m.k1 > 0)) fail('k1 is not a positive number');
  const numbers = (name: 'fieldWeights' | 'fieldB' | 'featureWeights', length: number) => {
    const a = m[name];
    if (!Array.isArray(a) || a.length !== length || !a.every((x) => Number.isFinite(x))) fail(`${name} is not ${length} numbers`);
  };
  numbers('fieldWeights', FIELDS.length);
  numbers('fieldB', FIELDS.length);
  numbers('featureWeights', FEATURES.length);
  if (typeof m.termWeights !== 'object' || m.termWeights === null) fail('termWeights is not an object');
  for (const [term, w] of Object.entries(m.termWeights)) if (!Number.isFinite(w)) fail(`term weight of "${term}" is not a number`);
  if (m.prior !== undefined && (!Array.isArray(m.prior) || !m.prior.every((x) => Number.isFinite(x)))) fail('prior is not a list of numbers');
  if (
    m.genrePrior !== undefined &&
    (typeof m.genrePrior !== 'object' || m.genrePrior === null || !Object.values(m.genrePrior).every((x) => Number.isFinite(x)))
  )
    fail('genrePrior is not an object of numbers');
  if (m.asked !== undefined) {
    const a = m.asked;
    if (typeof a !== 'object' || a === null || !Number.isFinite(a.weight)) fail('asked.weight is not a number');
    if (!Array.isArray(a.ids) || !Array.isArray(a.counts) || a.ids.length !== a.counts.length)
      fail('asked.ids and asked.counts are not lists of the same length');
    if (!a.ids.every((x) => Number.isSafeInteger(x)) || !a.counts.every((x) => Number.isFinite(x) && x >= 0))
      fail('asked holds an id that is not an integer or a negative count');
  }
  if (typeof m.expansion !== 'object' || m.expansion === null) fail('expansion is not an object');
  for (const [term, list] of Object.entries(m.expansion))
    if (!Array.isArray(list) || !list.every((e) => Array.isArray(e) && typeof e[0] === 'string' && Number.isFinite(e[1])))
      fail(`expansion of "${term}" is not a list of [term, weight]`);
  return m;
}
