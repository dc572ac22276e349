// "Not interested" as a weak negative: does feeding hidden movies to the online update as a low rating improve
// "For you" beyond leaving them out? Simulated on a ratings split with the engine the app runs (docs/model-quality.md).
//
// A test user "hides" either the held-out movies they rated ≤ `dislikeThreshold` (scenario 'disliked': movies they would
// have turned down) or a sample of popular movies they never rated ('popular-unrated'). Variants, per user:
//   shown      — nothing known: the hidden movies may fill slots of the list (the app before "not interested");
//   excluded   — hidden movies are left out of the list only (what the app does with `exclude`);
//   negative r — also fed to fitUser (and the item–item history) as rating r, and left out.
// The rating r is chosen on validation inside the training split; the test split is scored once with it.
import { Engine } from '../engine/engine';
import { createRandom } from '../engine/kmf/random';
import type { BlendWeights } from '../engine/models/blend';
import type { Catalog } from '../engine/shards/dataset';
import type { UserRating } from '../engine/types';
import type { KmfParams } from '../engine/kmf';
import { fitModels, inMemoryDataset } from '../pipeline/buildData';
import type { SoupMatrix } from '../pipeline/soup';
import { randomSplit, type RatingDataset } from './dataset';
import { listScorer, relevantByUser, type ListMetrics } from './protocols';
import { asRatingsTable, userRatings } from './ranking';
import { asTmdbId, catalogRowOf } from '../engine/ids';

export type HiddenScenario = 'disliked' | 'popular-unrated';

export interface HiddenNegativeOptions {
  k?: number;
  scenario?: HiddenScenario;
  /** 'disliked': held-out ratings at or below this are the hidden movies. */
  dislikeThreshold?: number;
  /** 'popular-unrated': hidden movies per user, drawn from the `popularPool` most-rated training movies the user never rated. */
  popularPerUser?: number;
  popularPool?: number;
  /** Ratings tried for the hidden movies on validation. */
  negativeGrid?: number[];
  seed?: number;
  kmfParams?: Partial<KmfParams>;
  blend?: { forYou?: Partial<BlendWeights> };
  log?: (message: string) => void;
}

export interface HiddenVariantResult {
  name: string;
  /** The rating fed to the online update, null when hidden movies are not fed. */
  negativeRating: number | null;
  /** Over every user with a relevant held-out movie. */
  all: ListMetrics;
  /** Over the users with at least one hidden movie (the only lists a variant can change). */
  withHidden: ListMetrics;
  /** Per user with hidden movies: NDCG@k minus the 'excluded' variant's (mean, 95% normal interval, wins/losses). */
  vsExcluded: { mean: number; low: number; high: number; better: number; worse: number } | null;
}

export interface HiddenSplitResult {
  users: number;
  usersWithHidden: number;
  hiddenMovies: number;
  variants: HiddenVariantResult[];
}

export interface HiddenNegativeEvaluation {
  scenario: HiddenScenario;
  k: number;
  validation: HiddenSplitResult;
  /** The rating with the best validation NDCG@k over users with hidden movies. */
  chosenRating: number;
  test: HiddenSplitResult;
  /**
   * True when the chosen negative beats 'excluded only' on the test split beyond noise: the 95% interval of the per-user
   * NDCG@k difference (users with hidden movies) lies above 0.
   */
  helps: boolean;
}

export const DEFAULT_NEGATIVE_GRID = [0.5, 1, 1.5, 2];

/** Hidden movies (TMDB ids) per user for one split. */
function hiddenMovies(
  train: RatingDataset,
  heldOut: RatingDataset,
  options: Required<Pick<HiddenNegativeOptions, 'scenario' | 'dislikeThreshold' | 'popularPerUser' | 'popularPool' | 'seed'>>,
): Map<number, number[]> {
  const out = new Map<number, number[]>();
  if (options.scenario === 'disliked') {
    for (let t = 0; t < heldOut.count; t++) {
      if (heldOut.rating[t] > options.dislikeThreshold) continue;
      const u = heldOut.user[t];
      if (!out.has(u)) out.set(u, []);
      out.get(u)!.push(heldOut.tmdbIds[heldOut.item[t]]);
    }
    return out;
  }
  const counts = new Int32Array(train.nItems);
  for (let t = 0; t < train.count; t++) counts[train.item[t]]++;
  const pool = Array.from(counts.keys())
    .sort((a, b) => counts[b] - counts[a] || a - b)
    .slice(0, options.popularPool);
  const rated = new Map<number, Set<number>>();
  for (const data of [train, heldOut]) {
    for (let t = 0; t < data.count; t++) {
      if (!rated.has(data.user[t])) rated.set(data.user[t], new Set());
      rated.get(data.user[t])!.add(data.item[t]);
    }
  }
  const random = createRandom(options.seed);
  for (const [u, items] of [...rated].sort((a, b) => a[0] - b[0])) {
    const candidates = pool.filter((i) => !items.has(i));
    for (let j = candidates.length - 1; j > 0; j--) {
      const swap = Math.floor(random() * (j + 1));
      [candidates[j], candidates[swap]] = [candidates[swap], candidates[j]];
    }
    out.set(
      u,
      candidates.slice(0, options.popularPerUser).map((i) => train.tmdbIds[i]),
    );
  }
  return out;
}

/** Binary-gain NDCG@k of one list (the same formula as listScorer). */
function ndcgOf(list: number[], relevant: Set<number>, k: number): number {
  let dcg = 0;
  list.slice(0, k).forEach((id, rank) => {
    if (relevant.has(id)) dcg += 1 / Math.log2(rank + 2);
  });
  let idcg = 0;
  for (let r = 0; r < Math.min(k, relevant.size); r++) idcg += 1 / Math.log2(r + 2);
  return idcg ? dcg / idcg : 0;
}

function pairedDifference(values: number[], baseline: number[]): HiddenVariantResult['vsExcluded'] {
  const n = values.length;
  if (n === 0) return null;
  const d = values.map((v, i) => v - baseline[i]);
  const mean = d.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? d.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) : 0;
  const half = 1.96 * Math.sqrt(variance / n);
  return { mean, low: mean - half, high: mean + half, better: d.filter((x) => x > 1e-12).length, worse: d.filter((x) => x < -1e-12).length };
}

/** Runs every variant on one split with models fitted on `train`. */
async function evaluateSplit(
  catalog: Catalog,
  soup: SoupMatrix,
  train: RatingDataset,
  heldOut: RatingDataset,
  negatives: number[],
  options: Required<Omit<HiddenNegativeOptions, 'kmfParams' | 'blend' | 'log' | 'negativeGrid'>> & Pick<HiddenNegativeOptions, 'kmfParams' | 'blend'>,
): Promise<HiddenSplitResult> {
  const { k } = options;
  const fitted = fitModels(catalog, soup, asRatingsTable(train), { kmf: options.kmfParams });
  const engine = new Engine(await inMemoryDataset(catalog, soup, fitted, options.blend));
  const catalogIds = catalogRowOf(catalog);
  const voteCountOf = (id: number) => {
    const row = catalogIds.rowOf(asTmdbId(id));
    return row === undefined ? 0 : catalog.voteCount[row];
  };
  const relevant = relevantByUser(heldOut);
  const ratingsOf = userRatings(train);
  const hiddenOf = hiddenMovies(train, heldOut, options);
  const variants: { name: string; negativeRating: number | null; exclude: boolean }[] = [
    { name: 'shown (not hidden)', negativeRating: null, exclude: false },
    { name: 'excluded only', negativeRating: null, exclude: true },
    ...negatives.map((r) => ({ name: `excluded + rating ${r}`, negativeRating: r, exclude: true })),
  ];
  const scorers = variants.map(() => ({
    all: listScorer(k, voteCountOf, catalog.ids.length),
    withHidden: listScorer(k, voteCountOf, catalog.ids.length),
    ndcg: [] as number[],
  }));
  let usersWithHidden = 0;
  let hiddenCount = 0;
  for (const [user, rel] of [...relevant].sort((a, b) => a[0] - b[0])) {
    const ratings = ratingsOf.get(user) ?? [];
    const hidden = (hiddenOf.get(user) ?? []).filter((id) => catalogIds.has(asTmdbId(id)) && !rel.has(id));
    if (hidden.length > 0) {
      usersWithHidden++;
      hiddenCount += hidden.length;
    }
    const baseVector = engine.fitUser(ratings);
    let baseline: number[] = [];
    for (const [v, variant] of variants.entries()) {
      let list: number[] = [];
      if (hidden.length === 0 && v > 0) {
        // Nothing hidden: every variant is the baseline's list.
        list = baseline;
      } else {
        const fed: UserRating[] =
          variant.negativeRating === null ? ratings : [...ratings, ...hidden.map((movieId) => ({ movieId, rating: variant.negativeRating! }))];
        const vector = variant.negativeRating === null ? baseVector : engine.fitUser(fed);
        if (vector) {
          const exclude = [...ratings.map((r) => r.movieId), ...(variant.exclude ? hidden : [])];
          list = (await engine.forYou(vector, { k, exclude, ratings: fed })).map((x) => x.movie.id);
        }
      }
      if (v === 0) baseline = list;
      scorers[v].all.add(list, rel);
      if (hidden.length > 0) {
        scorers[v].withHidden.add(list, rel);
        scorers[v].ndcg.push(ndcgOf(list, rel, k));
      }
    }
  }
  const excludedNdcg = scorers[1].ndcg;
  return {
    users: relevant.size,
    usersWithHidden,
    hiddenMovies: hiddenCount,
    variants: variants.map((variant, v) => ({
      name: variant.name,
      negativeRating: variant.negativeRating,
      all: scorers[v].all.result(),
      withHidden: scorers[v].withHidden.result(),
      vsExcluded: v === 1 ? null : pairedDifference(scorers[v].ndcg, excludedNdcg),
    })),
  };
}

/**
 * Validation (10% of the training split, seed 1000, like the other tuners) picks the rating; the test split compares
 * 'excluded only' with that rating once. Fits the shipped models twice (inner training split, then the training split).
 */
export async function evaluateHiddenNegative(
  catalog: Catalog,
  soup: SoupMatrix,
  train: RatingDataset,
  test: RatingDataset,
  options: HiddenNegativeOptions = {},
): Promise<HiddenNegativeEvaluation> {
  const log = options.log ?? (() => {});
  const settings = {
    k: options.k ?? 10,
    scenario: options.scenario ?? 'disliked',
    dislikeThreshold: options.dislikeThreshold ?? 2,
    popularPerUser: options.popularPerUser ?? 5,
    popularPool: options.popularPool ?? 200,
    seed: options.seed ?? 0,
    kmfParams: options.kmfParams,
    blend: options.blend,
  };
  const grid = options.negativeGrid ?? DEFAULT_NEGATIVE_GRID;
  log(`validation: fitting the shipped models on 90% of the training split, trying ratings ${grid.join(', ')} ...`);
  const inner = randomSplit(train, 0.1, 1000);
  const validation = await evaluateSplit(catalog, soup, inner.train, inner.test, grid, settings);
  let chosenRating = grid[0];
  let best = Number.NEGATIVE_INFINITY;
  for (const variant of validation.variants) {
    if (variant.negativeRating === null) continue;
    if (variant.withHidden.ndcg > best) {
      best = variant.withHidden.ndcg;
      chosenRating = variant.negativeRating;
    }
  }
  log(`validation chose rating ${chosenRating}; test: fitting on the whole training split ...`);
  const testResult = await evaluateSplit(catalog, soup, train, test, [chosenRating], settings);
  const negative = testResult.variants.find((v) => v.negativeRating === chosenRating)!;
  return { scenario: settings.scenario, k: settings.k, validation, chosenRating, test: testResult, helps: (negative.vsExcluded?.low ?? 0) > 0 };
}
