// Scoring describe search on tip-of-the-tongue queries: success@k (the film in the top k of the whole catalog) and MRR.
import type { DescribeIndex, DescribeOptions } from './index';

export interface TotQuery {
  id: string;
  query: string;
  tmdbId: number;
}

export interface DescribeMetrics {
  n: number;
  s1: number;
  s10: number;
  s100: number;
  mrr: number;
}

/** Metrics from 1-based ranks (Infinity: not found); MRR counts ranks up to 1000 like TREC ToT. */
export function metricsOfRanks(ranks: number[]): DescribeMetrics {
  const n = ranks.length;
  const share = (k: number) => (n === 0 ? 0 : ranks.filter((r) => r <= k).length / n);
  return { n, s1: share(1), s10: share(10), s100: share(100), mrr: n === 0 ? 0 : ranks.reduce((s, r) => s + (r <= 1000 ? 1 / r : 0), 0) / n };
}

/** Parses a JSONL file of {id, query, tmdbId}; a bad line is an error naming the file, line and field. */
export function parseTotQueries(text: string, file: string): TotQuery[] {
  const out: TotQuery[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let row: Partial<TotQuery>;
    try {
      row = JSON.parse(line) as Partial<TotQuery>;
    } catch {
      throw new Error(`${file}: line ${i + 1} is not valid JSON`);
    }
    if (typeof row.query !== 'string') throw new Error(`${file}: line ${i + 1} has no string field "query"`);
    if (!Number.isSafeInteger(row.tmdbId)) throw new Error(`${file}: line ${i + 1} has no integer field "tmdbId"`);
    out.push({ id: String(row.id ?? i + 1), query: row.query, tmdbId: row.tmdbId! });
  });
  return out;
}

/** Rank of each query's film under the shipped search (`options`), or under the BM25 baseline. Unknown films rank Infinity. */
export function describeRanks(
  index: DescribeIndex,
  rowOf: (id: number) => number | undefined,
  queries: TotQuery[],
  mode: 'shipped' | 'baseline',
  options: DescribeOptions = {},
): number[] {
  const scores = new Float32Array(index.rows);
  return queries.map((q) => {
    const row = rowOf(q.tmdbId);
    if (row === undefined) return Infinity;
    if (mode === 'baseline') {
      const top = index.searchBaseline(q.query, 1000);
      const at = top.indexOf(row);
      return at < 0 ? Infinity : at + 1;
    }
    const f = index.features(q.query, options);
    index.combine(f, (options.model ?? index.model).featureWeights, scores, options.without);
    return index.rankOf(scores, row);
  });
}

/** The ablation of docs/describe-search.md: the baseline, then the shipped search with its parts switched on one by one. */
export function ablation(
  index: DescribeIndex,
  rowOf: (id: number) => number | undefined,
  queries: TotQuery[],
  nowYear: number,
): { name: string; metrics: DescribeMetrics }[] {
  const steps: { name: string; without: NonNullable<DescribeOptions['without']> }[] = [
    { name: 'BM25F (learned field weights)', without: { termWeights: true, expansion: true, prior: true, year: true, genre: true } },
    { name: '+ learned query term weights', without: { expansion: true, prior: true, year: true, genre: true } },
    { name: '+ keyword expansion', without: { prior: true, year: true, genre: true } },
    { name: '+ popularity prior', without: { year: true, genre: true } },
    { name: '+ year hints', without: { genre: true } },
    { name: '+ genre hints', without: {} },
  ];
  const model = index.model;
  const rich = model.genrePrior !== undefined || model.asked !== undefined;
  // The rows before the last use the prior of vote buckets alone; the last adds the genre and asked-about parts.
  if (rich) index.setPrior(model.prior);
  try {
    return [
      { name: 'BM25 baseline (k1 0.9, b 0.4, one bag)', metrics: metricsOfRanks(describeRanks(index, rowOf, queries, 'baseline')) },
      ...steps.map((s) => ({ name: s.name, metrics: metricsOfRanks(describeRanks(index, rowOf, queries, 'shipped', { nowYear, without: s.without })) })),
      ...(rich
        ? [
            {
              name: '+ genre and asked-about prior (shipped)',
              metrics: (index.setPrior(model.prior, model), metricsOfRanks(describeRanks(index, rowOf, queries, 'shipped', { nowYear }))),
            },
          ]
        : []),
    ];
  } finally {
    index.setPrior(model.prior, model);
  }
}
