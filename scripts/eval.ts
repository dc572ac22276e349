// npm run eval -- --data <Kaggle dir> [--test-fraction 0.2 --seed 0 | --train <csv> --test <csv>] [--json] [--report <html>]
//                 [--no-online] [--no-ranking] [--cold-items]
// --cold-items also runs the cold-movie protocol (content-derived item vectors; needs movies_metadata/credits/keywords.csv).
// Compares global mean, user+item biases, the reference design's KMF configuration and our tuned KMF on one split,
// then runs the online-update protocol (Rendle & Schmidt-Thieme 2008). --json prints one JSON object on stdout.
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_KMF_PARAMS } from '../src/engine/kmf';
import { compareModels, type ModelEvaluation } from '../src/evaluation/compare';
import { loadKaggleLinks, loadKaggleRatings, randomSplit, toDatasets, type RatingDataset } from '../src/evaluation/dataset';
import { BiasBaselineModel, GlobalMeanModel, KmfRatingModel, REFERENCE_KMF_PARAMS } from '../src/evaluation/models';
import { evaluateColdItems, loadSoupCatalog, type ColdItemResult } from '../src/evaluation/coldItems';
import { evaluateOnlineFidelity, type OnlineFidelityResult } from '../src/evaluation/onlineFidelity';
import { renderEvaluationReport } from '../src/evaluation/report';
import { readRatings } from '../src/pipeline/ratings';

interface EvalOptions {
  data: string;
  testFraction: number;
  seed: number;
  train: string | null;
  test: string | null;
  json: boolean;
  report: string | null;
  online: boolean;
  ranking: boolean;
  coldItems: boolean;
}

const USAGE = 'usage: npm run eval -- --data <Kaggle dir> [--test-fraction 0.2 --seed 0 | --train <csv> --test <csv>] [--json] [--report <html>] [--no-online] [--no-ranking] [--cold-items]';

function parseOptions(argv: string[]): EvalOptions {
  const options: EvalOptions = { data: '', testFraction: 0.2, seed: 0, train: null, test: null, json: false, report: null, online: true, ranking: true, coldItems: false };
  const value = (i: number, flag: string): string => {
    const next = argv[i];
    if (next === undefined || next.startsWith('--')) throw new Error(`${flag} needs a value\n${USAGE}`);
    return next;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--data') options.data = value(++i, arg);
    else if (arg === '--test-fraction') options.testFraction = Number(value(++i, arg));
    else if (arg === '--seed') options.seed = Number(value(++i, arg));
    else if (arg === '--train') options.train = value(++i, arg);
    else if (arg === '--test') options.test = value(++i, arg);
    else if (arg === '--json') options.json = true;
    else if (arg === '--report') options.report = value(++i, arg);
    else if (arg === '--no-online') options.online = false;
    else if (arg === '--no-ranking') options.ranking = false;
    else if (arg === '--cold-items') options.coldItems = true;
    else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  if (!options.data) throw new Error(`--data is required\n${USAGE}`);
  if ((options.train === null) !== (options.test === null)) throw new Error(`--train and --test go together\n${USAGE}`);
  if (!(options.testFraction > 0 && options.testFraction < 1)) throw new Error(`--test-fraction must be in (0, 1)`);
  return options;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const log = (message: string): void => void process.stderr.write(message + '\n');
  let train: RatingDataset;
  let test: RatingDataset;
  let all: RatingDataset;
  let dataDescription: string;
  if (options.train && options.test) {
    const { links, linksPath } = await loadKaggleLinks(options.data);
    const tables = [await readRatings(options.train, links), await readRatings(options.test, links)];
    [train, test] = toDatasets(tables);
    all = train;
    dataDescription = `train ${options.train} (${train.count} ratings), test ${options.test} (${test.count} ratings), ids via ${linksPath}`;
  } else {
    const loaded = await loadKaggleRatings(options.data);
    all = loaded.data;
    ({ train, test } = randomSplit(all, options.testFraction, options.seed));
    dataDescription = `${loaded.ratingsPath}: ${all.count} ratings kept of ${loaded.table.rowsRead} rows (${all.nUsers} users, ${all.nItems} movies), random ${Math.round((1 - options.testFraction) * 100)}/${Math.round(options.testFraction * 100)} split, seed ${options.seed}`;
  }
  log(dataDescription);

  const models = [
    new GlobalMeanModel(),
    new BiasBaselineModel(),
    new KmfRatingModel('reference KMF', REFERENCE_KMF_PARAMS, '40-factor sigmoid KMF, RMSprop lr 0.001, batch 64, no L2, early stopping (patience 3, 10% validation)'),
    new KmfRatingModel('tuned KMF', DEFAULT_KMF_PARAMS, `sigmoid KMF, DEFAULT_KMF_PARAMS ${JSON.stringify(DEFAULT_KMF_PARAMS)}`),
  ];
  const evaluations: ModelEvaluation[] = compareModels(models, train, test, {
    ranking: options.ranking,
    onModel: (m) =>
      log(
        `${m.name.padEnd(18)} RMSE ${m.rmse.toFixed(4)}  MAE ${m.mae.toFixed(4)}  P@10 ${m.ranking.precision.toFixed(4)}  R@10 ${m.ranking.recall.toFixed(4)}  NDCG@10 ${m.ranking.ndcg.toFixed(4)}  coverage ${m.ranking.coverage.toFixed(4)}  train ${(m.trainMs / 1000).toFixed(2)} s${m.epochs !== null ? `  epochs ${m.epochs}` : ''}`,
      ),
  });

  let online: OnlineFidelityResult | null = null;
  if (options.online) {
    log('online-update protocol: 10% of users held out, replayed in batches of 5 ratings ...');
    online = evaluateOnlineFidelity(all, { heldOutFraction: 0.1, seed: options.seed, batchSize: 5, maxSeen: 50, retrainCheckpoints: [5, 10, 20, 40] });
    for (const p of online.points) {
      log(`  seen ${String(p.seen).padStart(2)}: users ${p.users}, online RMSE ${p.onlineRmse.toFixed(4)}${p.retrainRmse !== null ? `, retrain RMSE ${p.retrainRmse.toFixed(4)} (${((p.onlineRmse / p.retrainRmse - 1) * 100).toFixed(2)}%)` : ''}`);
    }
    log(`  update time: median ${online.updateMs.median.toFixed(3)} ms, p95 ${online.updateMs.p95.toFixed(3)} ms, max ${online.updateMs.max.toFixed(3)} ms`);
  }

  let coldItems: ColdItemResult | null = null;
  if (options.coldItems) {
    log('cold-movie protocol: 10% of the movies with a soup held out of training entirely ...');
    coldItems = evaluateColdItems(all, await loadSoupCatalog(options.data), { heldOutFraction: 0.1, seed: options.seed });
    log(`  ${coldItems.heldOutItems} held-out movies, ${coldItems.heldOutRatings} ratings; content fit ${(coldItems.contentFitMs / 1000).toFixed(1)} s, ${coldItems.cgIterations} CG iterations`);
    for (const m of coldItems.methods) log(`  ${m.name.padEnd(34)} RMSE ${m.rmse.toFixed(4)}  MAE ${m.mae.toFixed(4)}  NDCG@10 ${m.ndcg.toFixed(4)}  P@10 ${m.precision.toFixed(4)}`);
  }

  if (options.report) {
    fs.mkdirSync(path.dirname(path.resolve(options.report)), { recursive: true });
    fs.writeFileSync(
      options.report,
      renderEvaluationReport({ title: 'CineLocal model evaluation', dataDescription, models: evaluations, online, coldItems, generatedAt: new Date().toISOString() }),
    );
    log(`report written to ${options.report}`);
  }
  if (options.json) {
    const finite = (_key: string, value: unknown): unknown => (typeof value === 'number' && !Number.isFinite(value) ? null : value);
    process.stdout.write(JSON.stringify({ data: dataDescription, models: evaluations, online, coldItems }, finite) + '\n');
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
