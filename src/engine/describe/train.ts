// Learning describe search from tip-of-the-tongue queries with known answers (train-describe; train queries only):
// query term weights, the query-word → keyword expansion, BM25F field weights and the final feature weights.
import { DescribeIndex, type QueryFeatures } from './index';
import { FIELDS, type DescribeModel } from './model';
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
 * Translation from question words to keyword terms: lift = P(keyword term in the film | word in the question) over the
 * keyword term's share of the catalog; pairs seen in `minPairs` questions with lift ≥ `minLift`, log(lift) as weight,
 * the `perTerm` strongest per word.
 */
export function learnExpansion(index: DescribeIndex, examples: Example[], options: { minPairs: number; minLift: number; perTerm: number }): Record<string, [string, number][]> {
  const localId = new Map<string, number>();
  const words: string[] = [];
  const asked: number[] = [];
  const pairs = new Map<number, number>();
  const v = index.vocabulary.length;
  for (const e of examples) {
    const targets = index.keywordTermsOf(e.row);
    for (const q of index.queryTerms(e.query, index.model, false)) {
      let w = localId.get(q.term);
      if (w === undefined) {
        w = words.length;
        localId.set(q.term, w);
        words.push(q.term);
        asked.push(0);
      }
      asked[w]++;
      for (const u of targets) pairs.set(w * v + u, (pairs.get(w * v + u) ?? 0) + 1);
    }
  }
  const keywordField = index.fields[FIELDS.indexOf('keywords')];
  const byWord = new Map<number, [string, number][]>();
  for (const [key, count] of pairs) {
    if (count < options.minPairs) continue;
    const w = Math.floor(key / v);
    const u = key - w * v;
    const share = (keywordField.ptr[u + 1] - keywordField.ptr[u]) / index.rows;
    const lift = count / asked[w] / share;
    if (lift < options.minLift) continue;
    const list = byWord.get(w) ?? [];
    list.push([index.vocabulary[u], Math.round(Math.log(lift) * 100) / 100]);
    byWord.set(w, list);
  }
  const out: Record<string, [string, number][]> = {};
  for (const [w, list] of byWord) out[words[w]] = list.sort((a, b) => b[1] - a[1]).slice(0, options.perTerm);
  return out;
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
export function coordinateAscent(start: number[], score: (p: number[]) => number, options: { steps: number[]; rounds: number; fixed?: number[]; values?: number[]; log?: (line: string) => void }): number[] {
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
