// Learning describe search from tip-of-the-tongue queries with known answers (train-describe; train queries only):
// query term weights, the query-word → keyword expansion, BM25F field weights and the final feature weights.
import { DescribeIndex, PRIOR_BUCKETS, type QueryFeatures } from './index';
import type { DescribeModel } from './model';
import { metricsOfRanks, type DescribeMetrics } from './evaluate';

export interface Example {
  query: string;
  row: number;
}

/**
 * P(term in the film | term in the question), relative to the average over all terms, smoothed towards 1 with
 * `smoothing` pseudo-questions: "remember", "watched" → ~0.2; "alien", "girl" → >1. Only terms in `minQueries` questions.
 */
export function learnTermWeights(index: DescribeIndex, examples: Example[], options: { minQueries: number; smoothing: number }): Record<string, number> {
  const asked = new Map<string, number>();
  const found = new Map<string, number>();
  let askedTotal = 0;
  let foundTotal = 0;
  for (const e of examples) {
    for (const q of index.queryTerms(e.query, index.model, false)) {
      const hit = index.hasTerm(e.row, q.id) ? 1 : 0;
      asked.set(q.term, (asked.get(q.term) ?? 0) + 1);
      found.set(q.term, (found.get(q.term) ?? 0) + hit);
      askedTotal++;
      foundTotal += hit;
    }
  }
  const mean = foundTotal / Math.max(1, askedTotal);
  const out: Record<string, number> = {};
  for (const [term, n] of asked) {
    if (n < options.minQueries) continue;
    const rate = ((found.get(term) ?? 0) + options.smoothing * mean) / (n + options.smoothing);
    const weight = Math.min(4, rate / mean);
    if (Math.abs(weight - 1) >= 0.05) out[term] = Math.round(weight * 100) / 100;
  }
  return out;
}

/**
 * Translation from question words to keyword terms, counted per film (a film asked about in several questions counts
 * once, with the union of their words): weight(w, u) = P(film has keyword term u | w in its question) − P(film has u),
 * the first smoothed with `smoothing` pseudo-films. Pairs seen for `minPairs` films with weight ≥ `minGain` are kept,
 * the `perTerm` strongest per word. A difference of probabilities, not a ratio: rare keywords do not blow up.
 */
export function learnExpansion(
  index: DescribeIndex,
  examples: Example[],
  options: { minPairs: number; minGain: number; perTerm: number; smoothing?: number },
): Record<string, [string, number][]> {
  const wordsOf = new Map<number, Set<string>>();
  for (const e of examples) {
    const words = wordsOf.get(e.row) ?? new Set<string>();
    for (const q of index.queryTerms(e.query, index.model, false)) words.add(q.term);
    wordsOf.set(e.row, words);
  }
  const films = wordsOf.size;
  const localId = new Map<string, number>();
  const words: string[] = [];
  const asked: number[] = [];
  const has = new Map<number, number>();
  const pairs = new Map<number, number>();
  const v = index.vocabulary.length;
  for (const [row, set] of wordsOf) {
    const targets = index.keywordTermsOf(row);
    for (const u of targets) has.set(u, (has.get(u) ?? 0) + 1);
    for (const term of set) {
      let w = localId.get(term);
      if (w === undefined) {
        w = words.length;
        localId.set(term, w);
        words.push(term);
        asked.push(0);
      }
      asked[w]++;
      for (const u of targets) pairs.set(w * v + u, (pairs.get(w * v + u) ?? 0) + 1);
    }
  }
  const smoothing = options.smoothing ?? 5;
  const byWord = new Map<number, [string, number][]>();
  for (const [key, count] of pairs) {
    if (count < options.minPairs) continue;
    const w = Math.floor(key / v);
    const u = key - w * v;
    const gain = count / (asked[w] + smoothing) - (has.get(u) ?? 0) / films;
    if (gain < options.minGain) continue;
    const list = byWord.get(w) ?? [];
    list.push([index.vocabulary[u], Math.round(gain * 1000) / 1000]);
    byWord.set(w, list);
  }
  const out: Record<string, [string, number][]> = {};
  for (const [w, list] of byWord) out[words[w]] = list.sort((a, b) => b[1] - a[1]).slice(0, options.perTerm);
  return out;
}

/**
 * The learned prior: per film bucket (votes × overview × keywords), log of the share of asked-about films (each film
 * once) over the share of catalog films, smoothed with `smoothing` pseudo-films spread like the catalog.
 */
export function learnPrior(index: DescribeIndex, examples: Example[], smoothing = 20): number[] {
  const catalog = new Array<number>(PRIOR_BUCKETS).fill(0);
  for (let d = 0; d < index.rows; d++) catalog[index.priorBucket(d)]++;
  const asked = new Array<number>(PRIOR_BUCKETS).fill(0);
  const films = new Set(examples.map((e) => e.row));
  for (const row of films) asked[index.priorBucket(row)]++;
  return catalog.map((c, b) => {
    const share = c / index.rows;
    // Floored: a bucket no asked-about film is in gets a low but finite log-odds.
    return Math.round(Math.log(Math.max((asked[b] + smoothing * share) / (films.size + smoothing), 1e-4) / Math.max(share, 1e-9)) * 1000) / 1000;
  });
}

/** Cached features of the examples under one model (bm25f and expansion do not depend on the feature weights). */
export interface CachedExample {
  row: number;
  features: QueryFeatures;
}

export function cacheFeatures(index: DescribeIndex, examples: Example[], model: DescribeModel, nowYear: number): CachedExample[] {
  return examples.map((e) => ({ row: e.row, features: index.features(e.query, { model, nowYear }) }));
}

export function evaluateCached(index: DescribeIndex, cached: CachedExample[], weights: number[]): DescribeMetrics {
  const scores = new Float32Array(index.rows);
  return metricsOfRanks(cached.map((c) => index.rankOf(index.combine(c.features, weights, scores), c.row)));
}

/** What coordinate ascent maximises: the two goals and MRR. */
export function objective(m: DescribeMetrics): number {
  return m.s10 + m.s100 + m.mrr;
}

/**
 * Coordinate ascent (Metzler & Croft 2007) on a few parameters: each in turn tries a ladder of multiples and keeps the
 * best; rounds until nothing improves. `score` evaluates a parameter vector.
 */
export function coordinateAscent(
  start: number[],
  score: (p: number[]) => number,
  options: { steps: number[]; rounds: number; fixed?: number[]; values?: number[]; log?: (line: string) => void },
): number[] {
  let best = [...start];
  let bestScore = score(best);
  for (let round = 0; round < options.rounds; round++) {
    let improved = false;
    for (let i = 0; i < best.length; i++) {
      if (options.fixed?.includes(i)) continue;
      // Multiples of the current value, and a fixed ladder (reaches small weights from 0 or from far away).
      const candidates = new Set([...options.steps.map((step) => best[i] * step), ...(options.values ?? [])]);
      candidates.delete(best[i]);
      for (const value of candidates) {
        const trial = [...best];
        trial[i] = value;
        if (trial[i] < 0) continue;
        const s = score(trial);
        if (s > bestScore + 1e-9) {
          best = trial;
          bestScore = s;
          improved = true;
        }
      }
    }
    options.log?.(`round ${round + 1}: ${bestScore.toFixed(4)} [${best.map((x) => x.toFixed(3)).join(', ')}]`);
    if (!improved) break;
  }
  return best;
}

/**
 * Genre log-odds of being asked about: per genre name ('' for films without one), the share of asked-about films
 * (each once) with it over the share of catalog films with it, smoothed with `smoothing` pseudo-films. Documentaries and
 * foreign films are rarely asked about, science fiction and horror often.
 */
export function learnGenrePrior(index: DescribeIndex, examples: Example[], smoothing = 5): Record<string, number> {
  const names = index.catalog.genreNames;
  const keysOf = (d: number): number[] => {
    const mask = index.catalog.genreMask[d];
    const out: number[] = [];
    for (let g = 0; g < names.length; g++) if (mask & (1 << g)) out.push(g);
    return out.length > 0 ? out : [names.length];
  };
  const catalog = new Array<number>(names.length + 1).fill(0);
  const asked = new Array<number>(names.length + 1).fill(0);
  for (let d = 0; d < index.rows; d++) for (const k of keysOf(d)) catalog[k]++;
  const films = new Set(examples.map((e) => e.row));
  for (const d of films) for (const k of keysOf(d)) asked[k]++;
  const out: Record<string, number> = {};
  catalog.forEach((c, k) => {
    if (c === 0) return;
    const share = c / index.rows;
    out[k < names.length ? names[k] : ''] = Math.round(Math.log((asked[k] + smoothing * share) / (films.size + smoothing) / share) * 1000) / 1000;
  });
  return out;
}

/** How many training questions name each film: TMDB ids ascending and their counts (the asked-about prior). */
export function learnAsked(ids: ArrayLike<number>, examples: Example[], weight: number): NonNullable<DescribeModel['asked']> {
  const count = new Map<number, number>();
  for (const e of examples) count.set(ids[e.row], (count.get(ids[e.row]) ?? 0) + 1);
  const sorted = [...count.entries()].sort((a, b) => a[0] - b[0]);
  return { weight, ids: sorted.map(([id]) => id), counts: sorted.map(([, c]) => c) };
}
