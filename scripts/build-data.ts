// npm run build-data -- [--data <dir with the Kaggle CSVs> | --demo] [--out public/data] [--ratings small|full] [--if-missing] [--json]
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { buildData, KAGGLE_FILES, type BuildReport } from '../src/pipeline/buildData';
import { InputFileError } from '../src/pipeline/csv';

const BUILD_GOAL_MS = 20_000;
const FULL_BUILD_GOAL_MS = 600_000;
const GZIP_GOAL_BYTES = 5_000_000;

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    demo: { type: 'boolean', default: false },
    out: { type: 'string', default: 'public/data' },
    ratings: { type: 'string', default: 'small' },
    'if-missing': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
  },
});

/** The --data folder once resolved: errors that start with a path inside it are input problems. */
let inputDir = '';

const hasKaggleFiles = (dir: string) => Object.values(KAGGLE_FILES).every((f) => existsSync(join(dir, f)));

async function main(): Promise<number> {
  const outDir = resolve(values.out!);
  if (values['if-missing'] && existsSync(join(outDir, 'manifest.json'))) {
    console.log(`build-data: ${outDir}/manifest.json exists, keeping it (run npm run build-data to rebuild)`);
    return 0;
  }
  if (values.ratings !== 'small' && values.ratings !== 'full') {
    console.error(`build-data: --ratings must be "small" or "full", got "${values.ratings}"`);
    return 1;
  }
  let dataDir: string;
  let kind: 'demo' | 'kaggle';
  if (values.data && !values.demo) {
    dataDir = resolve(values.data);
    if (!existsSync(dataDir)) {
      console.error(`build-data: data directory ${dataDir} does not exist`);
      return 1;
    }
    kind = 'kaggle';
  } else if (!values.demo && hasKaggleFiles('data')) {
    dataDir = resolve('data');
    kind = 'kaggle';
  } else {
    dataDir = resolve('.cache/demo-data');
    const { generateDemoData } = await import('../src/pipeline/demo/generateDemoData');
    const demo = await generateDemoData(dataDir);
    if (!values.quiet) console.log(`build-data: no Kaggle CSVs given, using the generated demo catalog in ${dataDir} (${demo.files['movies_metadata.csv']?.rows ?? '?'} movies)`);
    kind = 'demo';
  }
  inputDir = dataDir;

  const showBars = !values.quiet && !values.json && process.stderr.isTTY;
  const bars = new cliProgress.MultiBar(
    { format: ' {stage} |{bar}| {percentage}%', hideCursor: true, clearOnComplete: false, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  const stageBars = new Map<string, cliProgress.SingleBar>();
  const report = await buildData({
    dataDir,
    outDir,
    datasetKind: kind,
    ratings: values.ratings,
    onProgress: (stage, fraction) => {
      if (!showBars) return;
      let bar = stageBars.get(stage);
      if (!bar) {
        bar = bars.create(100, 0, { stage: stage.padEnd(22) });
        stageBars.set(stage, bar);
      }
      bar.update(Math.round(fraction * 100));
    },
  }).finally(() => bars.stop());

  if (values.json) console.log(JSON.stringify(summaryJson(report), null, 2));
  else if (!values.quiet) printSummary(report, outDir);
  return 0;
}

function summaryJson(report: BuildReport) {
  const { manifest, ...rest } = report;
  return { ...rest, modelVersion: manifest.modelVersion, dataset: manifest.dataset.name };
}

function formatBytes(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)} MB` : `${(n / 1e3).toFixed(1)} kB`;
}

function printSummary(report: BuildReport, outDir: string): void {
  const reasons = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([reason, count]) => `${count} ${reason}`)
      .join('; ') || '—';
  console.log('\nInput files');
  console.table(
    report.files.map((f) => ({ file: f.file, 'rows read': f.rowsRead, kept: f.kept, 'skipped (reason)': reasons(f.skipped), 'kept with warnings': reasons(f.warnings) })),
  );
  const gzipTotal = report.shards.reduce((s, x) => s + x.gzipBytes, 0);
  console.log('Shards in', outDir);
  console.table([
    ...report.shards.map((s) => ({ shard: s.name, bytes: formatBytes(s.bytes), gzip: formatBytes(s.gzipBytes) })),
    { shard: 'total', bytes: formatBytes(report.shards.reduce((s, x) => s + x.bytes, 0)), gzip: formatBytes(gzipTotal) },
  ]);
  console.log('Model and index');
  console.table({
    movies: report.movies,
    genres: report.genres.length,
    'vocabulary (terms in ≥ 2 movies)': report.vocabulary,
    'terms in one movie only (norm only)': report.singletonTerms,
    'keyword non-zeros': report.keywordNonZeros,
    ratings: report.ratings,
    users: report.users,
    'rated movies': report.ratedMovies,
    'unrated movies with content-derived vectors': report.derivedMovies,
    factors: report.factors,
    epochs: report.epochs,
    'validation RMSE': report.validationRmse.toFixed(4),
    'RMSE all ratings, int8 factors (float32: see manifest)': report.quantizedValidationRmse.toFixed(4),
    'model version': report.manifest.modelVersion,
  });
  console.log('Goals');
  console.table([
    values.ratings === 'full'
      ? { goal: 'build time ≤ 10 min (full ratings.csv)', measured: `${(report.totalMs / 1000).toFixed(1)} s`, met: report.totalMs <= FULL_BUILD_GOAL_MS }
      : { goal: 'build time ≤ 20 s (ratings_small)', measured: `${(report.totalMs / 1000).toFixed(1)} s`, met: report.totalMs <= BUILD_GOAL_MS },
    { goal: 'all shards ≤ 5 MB gzip', measured: formatBytes(gzipTotal), met: gzipTotal <= GZIP_GOAL_BYTES },
    { goal: 'peak memory ≤ 4 GiB', measured: `${(report.peakRssBytes / 2 ** 30).toFixed(2)} GiB`, met: report.peakRssBytes <= 4 * 2 ** 30 },
  ]);
  console.log('Stage times (ms):', Object.fromEntries(Object.entries(report.stageMs).map(([k, v]) => [k, Math.round(v)])));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Input problems (the message names the file) get one clear line; anything else is a bug and keeps its stack.
    if (error instanceof InputFileError || (error instanceof Error && (/ENOENT|cannot read/i.test(error.message) || (inputDir !== '' && error.message.startsWith(inputDir)))))
      console.error(`build-data: ${error.message}`);
    else console.error('build-data failed:', error);
    process.exit(1);
  },
);
