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
import { cacheFeatures, coordinateAscent, evaluateCached, learnExpansion, learnTermWeights, objective, type Example } from '../src/engine/describe/train';
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
    sample: { type: 'integer', default: 2000, min: 100, description: 'training queries used by coordinate ascent (every one is used for counts)' },
  },
});
const { values } = cli.parse();
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

// A fixed, seeded sample of the training queries for the ascent (every training query still feeds the counts).
const sample = [...train].sort((a, b) => hash(a.query) - hash(b.query)).slice(0, values.sample);
function hash(text: string): number {
  return createHash('sha1').update(text).digest().readUInt32LE(0);
}
const validationMetrics = (model: DescribeModel) => metricsOfRanks(describeRanks(index, (id) => rowOf.get(id), validationQueries, 'shipped', { model, nowYear: TOT_POST_YEAR }));

// 1. Query term weights (train counts), 2. BM25F field weights and k1 (ascent on the training sample, BM25F alone).
let model: DescribeModel = { ...DEFAULT_MODEL, termWeights: learnTermWeights(index, train, { minQueries: 5, smoothing: 20 }) };
log(`term weights for ${Object.keys(model.termWeights).length} terms`);
const bm25Only = [1, 0, 0, 0, 0];
const fieldParams = coordinateAscent([model.k1, ...model.fieldWeights], (p) => objective(evaluateCached(index, cacheFeatures(index, sample, { ...model, k1: p[0], fieldWeights: p.slice(1), expansion: {} }, TOT_POST_YEAR), bm25Only)), { steps: [0.5, 0.7, 1.4, 2], rounds: 2, log: (line) => log(`BM25F ${line}`) });
model = { ...model, k1: fieldParams[0], fieldWeights: fieldParams.slice(1) };
log(`BM25F k1 ${model.k1.toFixed(2)}, field weights ${FIELDS.map((f, i) => `${f} ${model.fieldWeights[i].toFixed(2)}`).join(', ')}`);

// 3. Expansion (train counts) with thresholds chosen on validation; 4. feature weights by ascent on the training sample.
let best: { model: DescribeModel; validation: DescribeMetrics; setting: string } | null = null;
for (const minPairs of [2, 3, 5])
  for (const perTerm of [10, 30]) {
    const expansion = learnExpansion(index, train, { minPairs, minLift: 2, perTerm });
    const candidate = { ...model, expansion };
    const cached = cacheFeatures(index, sample, candidate, TOT_POST_YEAR);
    const weights = coordinateAscent(candidate.featureWeights, (w) => objective(evaluateCached(index, cached, w)), { steps: [0, 0.5, 0.8, 1.25, 2], rounds: 3, fixed: [0] });
    const fitted = { ...candidate, featureWeights: weights.map((w) => Math.round(w * 1000) / 1000) };
    const m = validationMetrics(fitted);
    const setting = `minPairs ${minPairs}, perTerm ${perTerm}`;
    log(`${setting}: ${Object.keys(expansion).length} expanded words; weights ${FEATURES.map((f, i) => `${f} ${fitted.featureWeights[i]}`).join(', ')}; validation ${fmt(m)}`);
    if (!best || objective(m) > objective(best.validation)) best = { model: fitted, validation: m, setting };
  }

const chosen: DescribeModel = {
  ...best!.model,
  k1: Math.round(best!.model.k1 * 1000) / 1000,
  fieldWeights: best!.model.fieldWeights.map((w) => Math.round(w * 1000) / 1000),
  provenance: {
    script: 'npm run train-describe (scripts/train-describe.ts)',
    trainedOn: `${values.train.split('/').pop()} (sha256 ${createHash('sha256').update(trainText).digest('hex').slice(0, 16)}…, ${train.length} queries in the catalog)`,
    chosenOn: `${values.validation.split('/').pop()} (hyper-parameters only: ${best!.setting})`,
    validation: best!.validation,
    nowYear: TOT_POST_YEAR,
  },
};
writeFileSync(resolve(values.out), JSON.stringify(chosen) + '\n');
log(`chose ${best!.setting}: validation ${fmt(best!.validation)}; wrote ${values.out} (${Math.round((performance.now() - started) / 1000)} s)`);
