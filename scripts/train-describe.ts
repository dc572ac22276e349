// npm run train-describe -- [--data <Kaggle CSV dir>] [--train <jsonl>] [--validation <jsonl>] [--out <json>]
// Learns describe search (src/engine/describe/train.ts) on the training queries ONLY and picks its few hyper-parameters
// (expansion and term-weight thresholds) on the validation queries; writes src/engine/describe/trained.json with its
// provenance. build-data copies that model into describe.bin.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DescribeIndex } from '../src/engine/describe/index';
import { DEFAULT_MODEL, FEATURES, FIELDS, type DescribeModel } from '../src/engine/describe/model';
import { decodeDescribe, encodeDescribe } from '../src/engine/describe/shard';
import { describeRanks, metricsOfRanks, parseTotQueries, type DescribeMetrics } from '../src/engine/describe/evaluate';
import {
  cacheFeatures,
  coordinateAscent,
  evaluateCached,
  learnAsked,
  learnExpansion,
  learnGenrePrior,
  learnPrior,
  learnTermWeights,
  objective,
  type Example,
} from '../src/engine/describe/train';
import { catalogFromMovies, inputPaths, readMovieInputs } from '../src/pipeline/buildData';
import { describeRowsForMovies } from '../src/pipeline/describe';
import { defineCli } from './lib/cli';

/** Reddit-TOMT posts are from about 2011–2020: "as a kid" counts back from their middle. */
export const TOT_POST_YEAR = 2018;

const cli = defineCli({
  name: 'train-describe',
  usage: 'npm run train-describe -- [--data <dir>] [--train <jsonl>] [--validation <jsonl>] [--out <json>] [--sample <n>]',
  description: 'Fits describe search on tip-of-the-tongue training queries; chooses hyper-parameters on the validation queries.',
  options: {
    data: { type: 'string', default: '../shared/data/kaggle-movies', value: 'dir', description: 'folder with the Kaggle CSVs' },
    train: { type: 'string', default: '../shared/data/tot/reddit-tomt-train.jsonl', value: 'jsonl', description: 'training queries {id, query, tmdbId}' },
    validation: { type: 'string', default: '../shared/data/tot/reddit-tomt-validation.jsonl', value: 'jsonl', description: 'validation queries' },
    out: { type: 'string', default: 'src/engine/describe/trained.json', value: 'json', description: 'where the learned model goes' },
    sample: { type: 'integer', default: 1000, min: 100, description: 'training queries held out of the counts to fit the weights on (part B)' },
    'asked-weight': {
      type: 'string',
      value: 'w',
      description: 'fix the asked-about prior weight (0 = off: films named in training questions get no boost) instead of choosing it on part B',
    },
    weights: { type: 'string', value: 'w1..w5', description: 'skip the feature-weight ascent and use these (as a previous run printed them)' },
    fields: { type: 'string', value: 'k1,w1..w6', description: 'skip the BM25F ascent and use these (as a previous run printed them)' },
  },
});
const { values } = cli.parse();
const askedWeights = values['asked-weight'] === undefined ? [0, 1, 3, 6] : [Number(values['asked-weight'])];
if (!askedWeights.every((w) => Number.isFinite(w) && w >= 0)) cli.fail('--asked-weight needs a number ≥ 0');
const log = (line: string) => console.error(`train-describe: ${line}`);
const fmt = (m: DescribeMetrics) => `S@1 ${m.s1.toFixed(3)} S@10 ${m.s10.toFixed(3)} S@100 ${m.s100.toFixed(3)} MRR ${m.mrr.toFixed(3)}`;

const started = performance.now();
const paths = inputPaths(resolve(values.data), 'small');
const { movies, credits, keywords } = await readMovieInputs(paths, 3);
const catalog = catalogFromMovies(movies, paths.metadata);
const table = decodeDescribe(encodeDescribe(describeRowsForMovies(movies, credits, keywords), DEFAULT_MODEL), catalog.ids.length);
const index = new DescribeIndex(catalog, table);
const rowOf = new Map(Array.from(catalog.ids, (id, row) => [id, row]));
const trainText = readFileSync(resolve(values.train), 'utf8');
const examplesOf = (text: string, file: string): Example[] =>
  parseTotQueries(text, file).flatMap((q) => (rowOf.has(q.tmdbId) ? [{ query: q.query, row: rowOf.get(q.tmdbId)! }] : []));
const train = examplesOf(trainText, values.train);
const validationQueries = parseTotQueries(readFileSync(resolve(values.validation), 'utf8'), values.validation);
const validation: Example[] = validationQueries.flatMap((q) => (rowOf.has(q.tmdbId) ? [{ query: q.query, row: rowOf.get(q.tmdbId)! }] : []));
log(`${catalog.ids.length} movies, ${train.length} training and ${validation.length} validation queries (${Math.round(performance.now() - started)} ms)`);

// Cross-fitting: the counts (term weights, expansion) come from part A of the training queries and the weights that
// combine them are fitted on part B, so the ascent never sees an expansion learned from its own answers. Both parts
// are training queries; validation only picks among a few thresholds.
const shuffled = [...train].sort((a, b) => hash(a.query) - hash(b.query));
const partB = shuffled.slice(0, values.sample);
const partA = shuffled.slice(values.sample);
function hash(text: string): number {
  return createHash('sha1').update(text).digest().readUInt32LE(0);
}
const validationMetrics = (model: DescribeModel) =>
  metricsOfRanks(describeRanks(index, (id) => rowOf.get(id), validationQueries, 'shipped', { model, nowYear: TOT_POST_YEAR }));
const TERM_WEIGHTS = { minQueries: 5, smoothing: 20 };
/** Chosen on validation (docs/describe-search.md): term weights softened to their square root, a post's first line ×2. */
const EXPANSION_GAIN = 0.05;
const QUERY_SHAPE = { termWeightPower: 0.5, headlineBoost: 2 };

// 1. Query term weights (counts on A), 2. BM25F field weights and k1 (ascent on B, BM25F alone).
let model: DescribeModel = { ...DEFAULT_MODEL, ...QUERY_SHAPE, termWeights: learnTermWeights(index, partA, TERM_WEIGHTS), prior: learnPrior(index, partA) };
index.setPrior(model.prior);
log(`term weights for ${Object.keys(model.termWeights).length} terms (part A: ${partA.length} queries; part B: ${partB.length})`);
const bm25Only = [1, 0, 0, 0, 0];
const fieldParams = values.fields
  ? values.fields.split(',').map(Number)
  : coordinateAscent(
      [model.k1, ...model.fieldWeights],
      (p) =>
        objective(evaluateCached(index, cacheFeatures(index, partB, { ...model, k1: p[0], fieldWeights: p.slice(1), expansion: {} }, TOT_POST_YEAR), bm25Only)),
      { steps: [0.5, 0.7, 1.4, 2], rounds: 1, log: (line) => log(`BM25F ${line}`) },
    );
if (fieldParams.length !== 1 + FIELDS.length || !fieldParams.every((x) => x > 0))
  cli.fail(`--fields needs ${1 + FIELDS.length} positive numbers: k1, then ${FIELDS.join(', ')}`);
model = { ...model, k1: fieldParams[0], fieldWeights: fieldParams.slice(1) };
log(`BM25F k1 ${model.k1.toFixed(2)}, field weights ${FIELDS.map((f, i) => `${f} ${model.fieldWeights[i].toFixed(2)}`).join(', ')}`);

// 3. Expansion (counts on A) with thresholds chosen on validation; 4. feature weights by ascent on B.
let best: { model: DescribeModel; validation: DescribeMetrics; setting: { minPairs: number; perTerm: number } } | null = null;
for (const minPairs of [3, 5])
  for (const perTerm of [10]) {
    const expansion = learnExpansion(index, partA, { minPairs, minGain: EXPANSION_GAIN, perTerm });
    const candidate = { ...model, expansion };
    const cached = values.weights ? [] : cacheFeatures(index, partB, candidate, TOT_POST_YEAR);
    const given = values.weights?.split(',').map(Number);
    if (given && (given.length !== FEATURES.length || !given.every((x) => x >= 0)))
      cli.fail(`--weights needs ${FEATURES.length} numbers ≥ 0: ${FEATURES.join(', ')}`);
    const weights =
      given ??
      coordinateAscent([1, 0.2, 0.2, 0.3, 0.2], (w) => objective(evaluateCached(index, cached, w)), {
        steps: [0.7, 1.4],
        values: [0, 0.05, 0.1, 0.2, 0.4, 0.8, 1.5],
        rounds: 2,
        fixed: [0],
        log: (line) => log(`  weights ${line}`),
      });
    const fitted = { ...candidate, featureWeights: weights.map((w) => Math.round(w * 1000) / 1000) };
    const m = validationMetrics(fitted);
    log(
      `minPairs ${minPairs}, perTerm ${perTerm}: ${Object.keys(expansion).length} expanded words; weights ${FEATURES.map((f, i) => `${f} ${fitted.featureWeights[i]}`).join(', ')}; validation ${fmt(m)}`,
    );
    if (!best || objective(m) > objective(best.validation)) best = { model: fitted, validation: m, setting: { minPairs, perTerm } };
  }

// 5. The richer prior: genre log-odds and the films already asked about (counts on A); its weight in the prior and the
// prior's feature weight chosen on part B (training queries, not validation).
const cachedB = cacheFeatures(index, partB, best!.model, TOT_POST_YEAR);
let priorChoice = { askedWeight: 0, priorWeight: best!.model.featureWeights[2], objective: -Infinity };
for (const askedWeight of askedWeights)
  for (const priorWeight of [best!.model.featureWeights[2], 0.4, 0.8, 1.2]) {
    index.setPrior(best!.model.prior, { genrePrior: learnGenrePrior(index, partA), asked: learnAsked(catalog.ids, partA, askedWeight) });
    const weights = best!.model.featureWeights.map((w, i) => (i === 2 ? priorWeight : w));
    const m = evaluateCached(index, cachedB, weights);
    log(`prior: asked weight ${askedWeight}, prior feature weight ${priorWeight}: part B ${fmt(m)}`);
    if (objective(m) > priorChoice.objective + 1e-9) priorChoice = { askedWeight, priorWeight, objective: objective(m) };
  }

// 6. The shipped counts use every training query (A and B), with the chosen thresholds and the fitted weights.
const final: DescribeModel = {
  ...best!.model,
  featureWeights: best!.model.featureWeights.map((w, i) => (i === 2 ? priorChoice.priorWeight : w)),
  termWeights: learnTermWeights(index, train, TERM_WEIGHTS),
  prior: learnPrior(index, train),
  genrePrior: learnGenrePrior(index, train),
  asked: learnAsked(catalog.ids, train, priorChoice.askedWeight),
  expansion: learnExpansion(index, train, { ...best!.setting, minGain: EXPANSION_GAIN }),
};
index.setPrior(final.prior, final);
const finalValidation = validationMetrics(final);
log(`counts refitted on all training queries: validation ${fmt(finalValidation)}`);

const chosen: DescribeModel = {
  ...final,
  k1: Math.round(final.k1 * 1000) / 1000,
  fieldWeights: final.fieldWeights.map((w) => Math.round(w * 1000) / 1000),
  provenance: {
    script: 'npm run train-describe (scripts/train-describe.ts)',
    trainedOn: `${values.train.split('/').pop()} (sha256 ${createHash('sha256').update(trainText).digest('hex').slice(0, 16)}…, ${train.length} queries in the catalog)`,
    chosenOn: `${values.validation.split('/').pop()} (thresholds only: minPairs ${best!.setting.minPairs}, perTerm ${best!.setting.perTerm})`,
    priorChosenOn: `part B of the training queries: asked weight ${priorChoice.askedWeight}, prior feature weight ${priorChoice.priorWeight} (genre log-odds and asked counts from part A)`,
    featureWeights: values.weights
      ? `given with --weights ${values.weights} (printed by an earlier run of this script's ascent)`
      : 'coordinate ascent on part B',
    bm25f: values.fields
      ? `k1 and field weights given with --fields ${values.fields} (printed by an earlier run of this script's ascent)`
      : 'k1 and field weights by coordinate ascent on part B',
    queryShape: QUERY_SHAPE,
    crossFit: `counts on ${partA.length} training queries, weights fitted on the other ${partB.length}; shipped counts from all ${train.length}`,
    validation: finalValidation,
    nowYear: TOT_POST_YEAR,
  },
};
writeFileSync(resolve(values.out), JSON.stringify(chosen) + '\n');
log(
  `chose minPairs ${best!.setting.minPairs}, perTerm ${best!.setting.perTerm}: validation ${fmt(finalValidation)}; wrote ${values.out} (${Math.round((performance.now() - started) / 1000)} s)`,
);
