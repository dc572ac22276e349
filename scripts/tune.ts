// npm run tune -- --data <Kaggle dir> [--trials 60] [--refine 30] [--search-seed 1] [--test-fraction 0.2 --seed 0] [--out <jsonl>]
// Random search, then local refinement, over the KMF hyper-parameters. Every configuration is scored on a validation part
// carved out of the TRAINING split (the test split is never looked at while choosing); only the winner is then trained on
// the whole training split and scored once on the test split. Prints a markdown table for docs/model-quality.md.
import fs from 'node:fs';
import { DEFAULT_KMF_PARAMS, trainKmf, type KmfParams } from '../src/engine/kmf';
import { createRandom } from '../src/engine/kmf/random';
import { loadKaggleRatings, randomSplit } from '../src/evaluation/dataset';
import { errorMetrics } from '../src/evaluation/metrics';
import { predictTrainedUser } from '../src/engine/kmf';
import { tuneBlendWeights } from '../src/evaluation/tuneBlend';
import { readCatalog } from '../src/pipeline/buildData';
import { defineCli } from './lib/cli';

interface TuneOptions {
  data: string;
  trials: number;
  refine: number;
  searchSeed: number;
  testFraction: number;
  seed: number;
  out: string | null;
}

interface Trial {
  params: Partial<KmfParams>;
  validationRmse: number;
  epochs: number;
  trainMs: number;
}

const cli = defineCli({
  name: 'tune',
  usage: 'npm run tune -- --data <Kaggle dir> [--trials 60] [--refine 30] [--search-seed 1] [--test-fraction 0.2 --seed 0] [--out <jsonl>] [--blend]',
  description:
    "KMF hyper-parameter search (random, then local refinement) on validation inside the training split; with --blend, the ranker's blend weights instead (docs/model-quality.md).",
  options: {
    data: {
      type: 'string',
      required: true,
      value: 'dir',
      description: 'Kaggle folder with ratings_small.csv and links_small.csv (and the movie files for --blend)',
    },
    trials: { type: 'integer', default: 60, min: 0, description: 'random configurations' },
    refine: { type: 'integer', default: 30, min: 0, description: 'local perturbations of the best' },
    'search-seed': { type: 'integer', default: 1, description: 'seed of the search' },
    'test-fraction': { type: 'number', default: 0.2, min: 0.01, max: 0.99, description: 'share of ratings in the test split' },
    seed: { type: 'integer', default: 0, description: 'split seed' },
    out: { type: 'string', value: 'jsonl', description: 'append every trial as a JSON line' },
    blend: { type: 'boolean', description: 'tune the blend weights (For you, like this, newcomers) and print them as JSON' },
  },
});

function parseOptions(): TuneOptions & { blend: boolean } {
  const { values } = cli.parse();
  return {
    data: values.data,
    trials: values.trials,
    refine: values.refine,
    searchSeed: values['search-seed'],
    testFraction: values['test-fraction'],
    seed: values.seed,
    out: values.out ?? null,
    blend: values.blend,
  };
}

const TUNED_KEYS = [
  'factors',
  'learningRate',
  'regUser',
  'regItem',
  'regBias',
  'priorUser',
  'priorItem',
  'lrDecay',
  'initScale',
  'biasLearningRateScale',
  'refitOnAll',
] as const;

function logUniform(random: () => number, min: number, max: number): number {
  return Math.exp(Math.log(min) + random() * (Math.log(max) - Math.log(min)));
}

function pick<T>(random: () => number, values: T[]): T {
  return values[Math.floor(random() * values.length)];
}

function randomParams(random: () => number): Partial<KmfParams> {
  return {
    factors: pick(random, [10, 20, 40, 60, 100]),
    learningRate: logUniform(random, 0.003, 0.04),
    regUser: logUniform(random, 0.005, 0.3),
    regItem: logUniform(random, 0.005, 0.3),
    regBias: logUniform(random, 0.001, 0.3),
    priorUser: logUniform(random, 0.3, 20),
    priorItem: logUniform(random, 0.3, 20),
    lrDecay: pick(random, [0.9, 0.95, 0.97, 0.99, 1]),
    initScale: pick(random, [0.01, 0.05, 0.1, 0.2]),
    biasLearningRateScale: pick(random, [0.5, 1, 2]),
    refitOnAll: pick(random, [true, false]),
  };
}

/** A neighbour of `params`: one to three parameters nudged (continuous ones by a log-factor up to ×1.6). */
function perturb(params: Partial<KmfParams>, random: () => number): Partial<KmfParams> {
  const next = { ...params };
  const changes = 1 + Math.floor(random() * 3);
  for (let c = 0; c < changes; c++) {
    const key = pick(random, [...TUNED_KEYS]);
    const factor = Math.exp((random() * 2 - 1) * Math.log(1.6));
    if (key === 'factors') next.factors = pick(random, [10, 20, 30, 40, 60, 80, 100, 150]);
    else if (key === 'lrDecay') next.lrDecay = pick(random, [0.9, 0.93, 0.95, 0.97, 0.99, 1]);
    else if (key === 'initScale') next.initScale = pick(random, [0.01, 0.03, 0.05, 0.1, 0.2]);
    else if (key === 'biasLearningRateScale') next.biasLearningRateScale = pick(random, [0.5, 1, 2]);
    else if (key === 'refitOnAll') next.refitOnAll = !next.refitOnAll;
    else next[key] = (next[key] as number) * factor;
  }
  return next;
}

function format(params: Partial<KmfParams>): string {
  return TUNED_KEYS.map((key) => {
    const value = params[key];
    return typeof value === 'number' && !Number.isInteger(value) ? value.toPrecision(3) : String(value);
  }).join(' | ');
}

async function main(): Promise<void> {
  const options = parseOptions();
  const log = (message: string): void => void process.stderr.write(message + '\n');
  const { data } = await loadKaggleRatings(options.data);
  const { train, test } = randomSplit(data, options.testFraction, options.seed);
  if (options.blend) {
    // The ranker's weights: validation inside the training split; paste the result into src/engine/models/blend.ts.
    const { catalog, soup } = await readCatalog(options.data);
    process.stdout.write(JSON.stringify(await tuneBlendWeights(catalog, soup, train, { log }), null, 2) + '\n');
    return;
  }
  // Validation for selection comes from the training split only.
  const inner = randomSplit(train, 0.1, options.seed + 1000);
  const random = createRandom(options.searchSeed);
  const base: Partial<KmfParams> = { epochs: 100, patience: 5, validationFraction: 0.1, seed: 0, optimizer: 'sgd' };
  const trials: Trial[] = [];

  const runTrial = (params: Partial<KmfParams>): Trial => {
    const result = trainKmf(inner.train, { ...base, ...params });
    const validationRmse = errorMetrics((u, i) => predictTrainedUser(result.model, u, i), inner.test).rmse;
    const trial: Trial = { params, validationRmse, epochs: result.epochs, trainMs: result.trainMs };
    trials.push(trial);
    // Synchronous append: the search never yields to the event loop, so a stream would only flush at the end.
    if (options.out) fs.appendFileSync(options.out, JSON.stringify(trial) + '\n');
    return trial;
  };

  const seeds: Partial<KmfParams>[] = [{ ...DEFAULT_KMF_PARAMS }, { ...DEFAULT_KMF_PARAMS, priorUser: 3, priorItem: 3 }];
  for (let t = 0; t < options.trials; t++) seeds.push(randomParams(random));
  let best: Trial | null = null;
  for (const [index, params] of seeds.entries()) {
    const trial = runTrial(params);
    if (!best || trial.validationRmse < best.validationRmse) best = trial;
    log(
      `random ${index}: validation RMSE ${trial.validationRmse.toFixed(4)} (${trial.epochs} ep, ${(trial.trainMs / 1000).toFixed(1)} s) best ${best.validationRmse.toFixed(4)}`,
    );
  }
  for (let t = 0; t < options.refine && best; t++) {
    const trial = runTrial(perturb(best.params, random));
    if (trial.validationRmse < best.validationRmse) best = trial;
    log(`refine ${t}: validation RMSE ${trial.validationRmse.toFixed(4)} best ${best.validationRmse.toFixed(4)}`);
  }
  if (!best) return;

  const winner = trainKmf(train, { ...base, ...best.params });
  const testRmse = errorMetrics((u, i) => predictTrainedUser(winner.model, u, i), test).rmse;
  const sorted = trials.slice().sort((a, b) => a.validationRmse - b.validationRmse);
  const lines = [
    `Validation = 10% of the 80% training split (seed ${options.seed + 1000}); each model early-stops on a further 10% of what remains.`,
    '',
    `| rank | validation RMSE | epochs | train s | ${TUNED_KEYS.join(' | ')} |`,
    `|---|---|---|---|${TUNED_KEYS.map(() => '---').join('|')}|`,
    ...sorted
      .slice(0, 15)
      .map((t, r) => `| ${r + 1} | ${t.validationRmse.toFixed(4)} | ${t.epochs} | ${(t.trainMs / 1000).toFixed(1)} | ${format(t.params)} |`),
    '',
    `Winner retrained on the whole training split: test RMSE ${testRmse.toFixed(4)} (${winner.epochs} epochs, ${(winner.trainMs / 1000).toFixed(1)} s).`,
    '',
    'Winner params: `' + JSON.stringify({ ...base, ...best.params }) + '`',
  ];
  console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
