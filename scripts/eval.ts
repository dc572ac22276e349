// npm run eval -- --data <Kaggle dir> [--test-fraction 0.2 --seed 0 | --train <csv> --test <csv>] [--json] [--report <html>]
//                 [--no-online] [--no-ranking] [--no-onboarding] [--no-groups] [--groups N] [--cold-items]
//                 [--seeds 0,1,2,3,4] [--only groups]
// Rating models (RMSE/MAE) and both top-10 protocols ("For you", "movies like this") for the shipped recommender and
// the baselines (popularity, item-kNN, EASE, PureSVD, the reference design) in one run; then the online-update protocol.
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_KMF_PARAMS } from '../src/engine/kmf';
import { compareModels, type ModelEvaluation } from '../src/evaluation/compare';
import { loadKaggleLinks, loadKaggleRatings, randomSplit, toDatasets, type RatingDataset } from '../src/evaluation/dataset';
import { BiasBaselineModel, GlobalMeanModel, KmfRatingModel, REFERENCE_KMF_PARAMS } from '../src/evaluation/models';
import { evaluateColdItems, loadSoupCatalog, type ColdItemResult } from '../src/evaluation/coldItems';
import { evaluateOnlineFidelity, type OnlineFidelityResult } from '../src/evaluation/onlineFidelity';
import { evaluateOnboarding, type OnboardingReplayResult } from '../src/evaluation/onboardingReplay';
import { evaluateRanking, summariseSplits, type RankingEvaluation } from '../src/evaluation/ranking';
import { evaluateGroups, summariseGroupSplits, type GroupEvaluation, type GroupSplitSummary } from '../src/evaluation/group';
import { DEFAULT_GROUP_STRATEGY } from '../src/engine/group';
import { renderEvaluationReport } from '../src/evaluation/report';
import { readCatalog } from '../src/pipeline/buildData';
import { readRatings } from '../src/pipeline/ratings';
import { defineCli } from './lib/cli';
import { table } from './lib/output';

const cli = defineCli({
  name: 'eval',
  usage:
    'npm run eval -- --data <Kaggle dir> [--test-fraction 0.2 --seed 0 | --seeds 0,1,2 | --train <csv> --test <csv>] [--json] [--report <html>] [--no-online] [--no-ranking] [--no-onboarding] [--no-groups] [--groups N] [--cold-items] [--only groups]',
  description: 'Compares the shipped recommender with baselines on one split: RMSE, "For you" and "movies like this" top-10 (docs/model-quality.md).',
  options: {
    data: {
      type: 'string',
      required: true,
      value: 'dir',
      description: 'Kaggle folder (ratings_small.csv, links_small.csv, movies_metadata.csv, credits.csv, keywords.csv)',
    },
    'test-fraction': { type: 'number', default: 0.2, min: 0.01, max: 0.99, description: 'share of ratings in the test split' },
    seed: { type: 'integer', default: 0, description: 'split seed' },
    train: { type: 'string', value: 'csv', description: 'a training ratings file (with --test) instead of a random split' },
    test: { type: 'string', value: 'csv', description: 'a test ratings file (with --train)' },
    json: { type: 'boolean', description: 'print one JSON object on stdout' },
    report: { type: 'string', value: 'html', description: 'write an HTML report with charts' },
    'no-online': { type: 'boolean', description: 'skip the online-update protocol' },
    'no-ranking': { type: 'boolean', description: 'skip both top-10 protocols' },
    'no-onboarding': { type: 'boolean', description: 'skip the first-run replay (held-out users answer the onboarding order)' },
    'cold-items': { type: 'boolean', description: 'also run the cold-movie protocol' },
    'no-groups': { type: 'boolean', description: 'skip the watch-together protocol (group lists scored per member)' },
    groups: { type: 'integer', default: 200, min: 10, description: 'groups of each kind in the watch-together protocol' },
    seeds: {
      type: 'string',
      value: 'list',
      description: 'comma-separated split seeds (e.g. 0,1,2,3,4): the top-10 and watch-together protocols on each split, reported as mean and range',
    },
    only: { type: 'string', choices: ['groups'], value: 'protocol', description: 'run only this protocol (groups: watch together)' },
  },
});
const { values: options } = cli.parse();
if ((options.train === undefined) !== (options.test === undefined)) cli.fail('--train and --test go together');
if (options.only === 'groups' && options['no-groups']) cli.fail('--only groups and --no-groups contradict each other');
const onlyGroups = options.only === 'groups';

const fmt = (x: number | null | undefined, digits = 4) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits));

async function main(): Promise<void> {
  const log = (message: string): void => void process.stderr.write(message + '\n');
  if (options.seeds !== undefined) return multiSplit(options.seeds, log);
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
    ({ train, test } = randomSplit(all, options['test-fraction'], options.seed));
    dataDescription = `${loaded.ratingsPath}: ${all.count} ratings kept of ${loaded.table.rowsRead} rows (${all.nUsers} users, ${all.nItems} movies), random ${Math.round((1 - options['test-fraction']) * 100)}/${Math.round(options['test-fraction'] * 100)} split, seed ${options.seed}`;
  }
  log(dataDescription);

  const models = onlyGroups
    ? []
    : [
        new GlobalMeanModel(),
        new BiasBaselineModel(),
        new KmfRatingModel(
          'reference KMF',
          REFERENCE_KMF_PARAMS,
          '40-factor sigmoid KMF, RMSprop lr 0.001, batch 64, no L2, early stopping (patience 3, 10% validation)',
        ),
        new KmfRatingModel('tuned KMF', DEFAULT_KMF_PARAMS, `sigmoid KMF, DEFAULT_KMF_PARAMS ${JSON.stringify(DEFAULT_KMF_PARAMS)}`),
      ];
  const evaluations: ModelEvaluation[] = compareModels(models, train, test, {
    ranking: false,
    onModel: (m) =>
      log(
        `${m.name.padEnd(18)} RMSE ${m.rmse.toFixed(4)}  MAE ${m.mae.toFixed(4)}  train ${(m.trainMs / 1000).toFixed(2)} s${m.epochs !== null ? `  epochs ${m.epochs}` : ''}`,
      ),
  });

  let ranking: RankingEvaluation | null = null;
  if (!options['no-ranking'] && !onlyGroups) {
    const { catalog, soup } = await readCatalog(options.data);
    ranking = await evaluateRanking(catalog, soup, train, test, { kmfParams: DEFAULT_KMF_PARAMS, referenceKmfParams: REFERENCE_KMF_PARAMS, log });
    log('');
    log(`"For you": top 10 over the catalog for ${ranking.forYouUsers} test users (relevant = test rating ≥ 4; rated training movies hidden)`);
    log(`"Like this": ${ranking.likeThisCases} lists (up to 3 of each test user's best training movies as seeds), k = 10`);
    log(
      table(
        ['model', 'RMSE', 'NDCG@10', 'P@10', 'R@10', 'like HR@10 (vector)', 'like P@10', '< 50 votes', 'like HR@10 (no vector)', '< 50 votes ', 'coverage'],
        ranking.rows.map((r) => [
          (r.shipped ? '★ ' : '') + r.name,
          fmt(r.rmse),
          fmt(r.forYou?.ndcg),
          fmt(r.forYou?.precision),
          fmt(r.forYou?.recall),
          fmt(r.likeThisWithVector?.hitRate, 3),
          fmt(r.likeThisWithVector?.precision),
          fmt(r.likeThisWithVector?.obscureShare, 3),
          fmt(r.likeThisNoVector?.hitRate, 3),
          fmt(r.likeThisNoVector?.obscureShare, 3),
          fmt(r.likeThisNoVector?.coverage ?? r.forYou?.coverage, 4),
        ]),
      ),
    );
    log(
      `EASE λ chosen on validation: ${ranking.easeLambda.chosen} (${JSON.stringify(ranking.easeLambda.validationNdcg)}); PureSVD factors: ${ranking.pureSvdFactors.chosen}`,
    );
    const t = ranking.shippedTiming;
    log(`shipped, per call in Node: fitUser ${t.fitUserMs.toFixed(2)} ms, forYou ${t.forYouMs.toFixed(2)} ms, recommend ${t.recommendMs.toFixed(2)} ms`);
  }

  let online: OnlineFidelityResult | null = null;
  if (!options['no-online'] && !onlyGroups) {
    log('online-update protocol: 10% of users held out, replayed in batches of 5 ratings ...');
    online = evaluateOnlineFidelity(all, { heldOutFraction: 0.1, seed: options.seed, batchSize: 5, maxSeen: 50, retrainCheckpoints: [5, 10, 20, 40] });
    for (const p of online.points) {
      log(
        `  seen ${String(p.seen).padStart(2)}: users ${p.users}, online RMSE ${p.onlineRmse.toFixed(4)}${p.retrainRmse !== null ? `, retrain RMSE ${p.retrainRmse.toFixed(4)} (${((p.onlineRmse / p.retrainRmse - 1) * 100).toFixed(2)}%)` : ''}`,
      );
    }
    log(`  update time: median ${online.updateMs.median.toFixed(3)} ms, p95 ${online.updateMs.p95.toFixed(3)} ms, max ${online.updateMs.max.toFixed(3)} ms`);
  }

  let onboarding: OnboardingReplayResult | null = null;
  if (!options['no-onboarding'] && !onlyGroups) {
    const { catalog, soup } = await readCatalog(options.data);
    onboarding = await evaluateOnboarding(catalog, soup, all, { seed: options.seed, log });
    log('');
    log(
      `First run: ${onboarding.heldOutUsers} users held out of training (${onboarding.users} with ≥ ${onboarding.checkpoints.at(-1)} answerable movies in the ${onboarding.pool}-movie pool); NDCG@10 on each user's 20% test ratings`,
    );
    log(`  onboarding order computed in ${onboarding.orderMs.toFixed(0)} ms; first page: ${onboarding.firstPage.join(' · ')}`);
    log(
      table(
        ['order', ...onboarding.checkpoints.map((n) => `${n} rated`), 'For you beats popular at'],
        onboarding.orders.flatMap((o) => [
          [`${o.name}: For you`, ...o.points.map((p) => fmt(p.forYouNdcg, 3)), o.beatsPopularAt === null ? 'never' : `${o.beatsPopularAt} rated`],
          [`${o.name}: popular`, ...o.points.map((p) => fmt(p.popularNdcg, 3)), ''],
          [`${o.name}: movies shown (median)`, ...o.points.map((p) => String(p.shownMedian)), ''],
        ]),
      ),
    );
  }

  let groups: GroupEvaluation | null = null;
  if (!options['no-groups']) {
    const { catalog, soup } = await readCatalog(options.data);
    groups = await evaluateGroups(catalog, soup, train, test, {
      kmfParams: DEFAULT_KMF_PARAMS,
      shipped: DEFAULT_GROUP_STRATEGY,
      groupsPerKind: options.groups,
      seed: options.seed,
      log,
    });
    printGroups(groups, log);
    log(`one group list (every member's scores + aggregation) in Node: ${groups.groupMs.toFixed(1)} ms mean`);
  }

  let coldItems: ColdItemResult | null = null;
  if (options['cold-items'] && !onlyGroups) {
    log('cold-movie protocol: 10% of the movies with a soup held out of training entirely ...');
    coldItems = evaluateColdItems(all, await loadSoupCatalog(options.data), { heldOutFraction: 0.1, seed: options.seed });
    log(
      `  ${coldItems.heldOutItems} held-out movies, ${coldItems.heldOutRatings} ratings; content fit ${(coldItems.contentFitMs / 1000).toFixed(1)} s, ${coldItems.cgIterations} CG iterations`,
    );
    for (const m of coldItems.methods)
      log(`  ${m.name.padEnd(34)} RMSE ${m.rmse.toFixed(4)}  MAE ${m.mae.toFixed(4)}  NDCG@10 ${m.ndcg.toFixed(4)}  P@10 ${m.precision.toFixed(4)}`);
  }

  const shipped = ranking?.rows.find((r) => r.shipped) ?? null;
  const modelsJson = [
    ...evaluations.map((m) => ({ ...m, shipped: false })),
    ...(shipped
      ? [
          {
            name: shipped.name,
            description: shipped.description,
            shipped: true,
            rmse: shipped.rmse,
            ranking: shipped.forYou,
            likeThis: { withVector: shipped.likeThisWithVector, noVector: shipped.likeThisNoVector },
          },
        ]
      : []),
  ];
  if (options.report) {
    fs.mkdirSync(path.dirname(path.resolve(options.report)), { recursive: true });
    fs.writeFileSync(
      options.report,
      await renderEvaluationReport({
        title: 'CineLocal model evaluation',
        dataDescription,
        models: evaluations,
        ranking,
        online,
        coldItems,
        onboarding,
        generatedAt: new Date().toISOString(),
      }),
    );
    log(`report written to ${options.report}`);
  }
  if (options.json) {
    const finite = (_key: string, value: unknown): unknown => (typeof value === 'number' && !Number.isFinite(value) ? null : value);
    process.stdout.write(JSON.stringify({ data: dataDescription, models: modelsJson, ranking, online, coldItems, onboarding, groups }, finite) + '\n');
  }
}

/** The watch-together tables of one split: every method's mean member NDCG@10 per group kind, and the goal checks. */
function printGroups(groups: GroupEvaluation, log: (m: string) => void): void {
  log('');
  log(`Watch together: ${groups.users} users with a vector and a held-out like; top ${groups.k} per group; ★ = shipped (${groups.shipped})`);
  log("  NDCG@10 = mean over groups of the members' mean NDCG@10 on their held-out likes, ± 95% interval; shipped ahead = paired difference");
  const ci = (x: { mean: number; half: number } | null) => (x === null ? '–' : `${fmt(x.mean, 4)} ± ${fmt(x.half, 4)}`);
  for (const kind of groups.kinds) {
    log(`${kind.kind} (${kind.groups} groups)`);
    log(
      table(
        ['method', 'NDCG@10', 'worst member NDCG@10', 'picks someone rated ≤ 2', 'shipped ahead by'],
        kind.methods.map((m) => [
          (m.name === groups.shipped ? '★ ' : '') + m.name,
          ci(m.ndcg),
          fmt(m.worstMemberNdcg, 4),
          m.misery === null ? '–' : `${(m.misery * 100).toFixed(2)}%`,
          ci(m.shippedAhead),
        ]),
      ),
    );
  }
  printGroupGoals(summariseGroupSplits([groups]), log);
  log(`one group list (every member's scores + aggregation) in Node: ${groups.groupMs.toFixed(1)} ms mean`);
}

/** The goals (issue 22) per split and kind: shipped ahead of most popular beyond the paired interval, nothing clearly ahead of shipped. */
function printGroupGoals(summary: GroupSplitSummary, log: (m: string) => void): void {
  const ci = (x: { mean: number; half: number }) => `${x.mean >= 0 ? '+' : ''}${fmt(x.mean, 4)} ± ${fmt(x.half, 4)}`;
  const failures = summary.checks.filter((c) => !c.beatsPopular || c.beatenBy.length > 0);
  for (const c of summary.checks.length > 1 ? failures : summary.checks)
    log(
      `  seed ${c.seed}, ${c.kind}: shipped − most popular ${ci(c.overPopular)} (${c.beatsPopular ? 'ahead' : 'NOT ahead beyond the interval'}); ${c.beatenBy.length ? `beaten beyond the interval by ${c.beatenBy.join(', ')}` : 'no strategy ahead beyond the interval'}`,
    );
  if (summary.checks.length > 1) {
    log(`  per split: ${summary.checks.length - failures.length} of ${summary.checks.length} (split, kind) checks pass`);
    for (const c of summary.pooledChecks)
      log(
        `  pooled, ${c.kind}: shipped − most popular ${ci(c.overPopular)} (${c.beatsPopular ? 'ahead' : 'NOT ahead beyond the interval'}); ${c.beatenBy.length ? `beaten beyond the interval by ${c.beatenBy.join(', ')}` : 'no strategy ahead beyond the interval'}`,
      );
  }
  log(`  goal (shipped ahead of most popular, no strategy ahead of shipped beyond the interval): ${summary.goalMet ? 'met' : 'NOT met'}`);
}

/** The watch-together protocol over several splits: split means as mean [min–max], pooled and over-split intervals. */
function printGroupSplits(summary: GroupSplitSummary, log: (m: string) => void): void {
  const spread = (x: { mean: number; min: number; max: number } | null, digits = 4, scale = 1) =>
    x === null ? '–' : `${(x.mean * scale).toFixed(digits)} [${(x.min * scale).toFixed(digits)}–${(x.max * scale).toFixed(digits)}]`;
  const ci = (x: { mean: number; half: number }, sign = false) => `${sign && x.mean >= 0 ? '+' : ''}${fmt(x.mean, 4)} ± ${fmt(x.half, 4)}`;
  log('');
  log(`Watch together over ${summary.seeds.length} splits (seeds ${summary.seeds.join(', ')}); ★ = shipped (${summary.shipped})`);
  log('  NDCG@10 = mean member NDCG@10: mean [min–max] of the split means; pooled ± 95% over every group of every split; t ± 95% over the split means');
  for (const kind of summary.kinds) {
    log(`${kind.kind} (${kind.groups} groups in all)`);
    log(
      table(
        [
          'method',
          'NDCG@10 [min–max]',
          'pooled ± 95%',
          'split means ± 95% (t)',
          'worst member',
          'rated ≤ 2 (%)',
          'shipped ahead [min–max]',
          'ahead, pooled ± 95%',
        ],
        kind.methods.map((m) => [
          (m.name === summary.shipped ? '★ ' : '') + m.name,
          spread(m.ndcg),
          ci(m.pooled),
          ci(m.overSplits),
          spread(m.worstMemberNdcg),
          spread(m.misery, 2, 100),
          m.shippedAhead ? spread(m.shippedAhead.splits) : '–',
          m.shippedAhead ? ci(m.shippedAhead.pooled, true) : '–',
        ]),
      ),
    );
  }
  printGroupGoals(summary, log);
}

/** The top-10 and watch-together protocols on several random splits: each method's metrics as mean [min–max], baselines from the same runs. */
async function multiSplit(seedList: string, log: (m: string) => void): Promise<void> {
  const seeds = seedList.split(',').map((x) => Number(x.trim()));
  if (seeds.length === 0 || seeds.some((x) => !Number.isInteger(x) || x < 0))
    cli.fail(`--seeds takes non-negative integers separated by commas, got "${seedList}"`);
  const loaded = await loadKaggleRatings(options.data);
  const { catalog, soup } = await readCatalog(options.data);
  const runs: RankingEvaluation[] = [];
  const groupRuns: GroupEvaluation[] = [];
  for (const seed of seeds) {
    log(`split seed ${seed} ...`);
    const { train, test } = randomSplit(loaded.data, options['test-fraction'], seed);
    // EASE λ 400 and PureSVD 20 factors: their validation choices on seed 0 (docs/model-quality.md); no KMF-only rankers.
    if (!onlyGroups)
      runs.push(
        await evaluateRanking(catalog, soup, train, test, { kmfParams: DEFAULT_KMF_PARAMS, easeLambdas: [400], svdFactors: [20], kmfRankers: false, log }),
      );
    if (!options['no-groups'])
      groupRuns.push(
        await evaluateGroups(catalog, soup, train, test, {
          kmfParams: DEFAULT_KMF_PARAMS,
          shipped: DEFAULT_GROUP_STRATEGY,
          groupsPerKind: options.groups,
          seed,
          log,
        }),
      );
  }
  const groupSummary = groupRuns.length > 0 ? summariseGroupSplits(groupRuns) : null;
  if (groupSummary && onlyGroups) printGroupSplits(groupSummary, log);
  const json = (value: unknown) =>
    process.stdout.write(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)) + '\n');
  if (onlyGroups) {
    if (options.json) json({ seeds, groups: { summary: groupSummary, runs: groupRuns } });
    return;
  }
  const summary = summariseSplits(runs);
  const cell = (s: { mean: number; min: number; max: number } | null, digits = 3) =>
    s === null ? '–' : `${s.mean.toFixed(digits)} [${s.min.toFixed(digits)}–${s.max.toFixed(digits)}]`;
  log(`\n${seeds.length} splits (seeds ${seeds.join(', ')}); mean [min–max]`);
  log(
    table(
      ['model', 'RMSE', 'For you NDCG@10', 'P@10'],
      summary.map((m) => [m.name, cell(m.rmse, 4), cell(m.forYou.ndcg, 4), cell(m.forYou.precision, 4)]),
    ),
  );
  for (const person of ['withRatings', 'oneRating', 'visitor'] as const) {
    log(
      `"Like this", ${person === 'withRatings' ? 'with their ratings' : person === 'oneRating' ? 'after rating only the seed' : 'a visitor (nothing rated)'}`,
    );
    log(
      table(
        ['model', 'HR@10', 'NDCG@10', '< 50 votes', 'keyword cos', 'franchise recall', 'crowd related', 'unrelated', 'in For you'],
        summary
          .filter((m) => m.likeThis[person].hitRate !== null)
          .map((m) => {
            const l = m.likeThis[person];
            return [
              m.name,
              cell(l.hitRate),
              cell(l.ndcg, 4),
              cell(l.obscureShare),
              cell(l.keywordCosine),
              cell(l.franchiseRecall),
              cell(l.crowdRelated),
              cell(l.unrelated),
              cell(l.forYouOverlap),
            ];
          }),
      ),
    );
  }
  const shipped = runs.map((r) => r.rows.find((x) => x.shipped)!.forYou!.ndcg);
  const ease = runs.map((r) => r.rows.find((x) => x.name.startsWith('EASE'))?.forYou?.ndcg ?? Number.NaN);
  log(
    `For you ahead of EASE on ${shipped.filter((x, i) => x > ease[i]).length} of ${runs.length} splits (${shipped.map((x, i) => `${x.toFixed(4)} vs ${ease[i].toFixed(4)}`).join('; ')})`,
  );
  if (groupSummary) printGroupSplits(groupSummary, log);
  if (options.json) json({ seeds, summary, runs, groups: groupSummary ? { summary: groupSummary, runs: groupRuns } : null });
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
