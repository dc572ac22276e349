// npm run build-data -- [--data <dir with the Kaggle CSVs> | --demo] [--out public/data] [--ratings small|full] [--if-missing] [--json] [--quiet]
import { existsSync, readFileSync } from 'node:fs';
import { SHARD_FORMAT_VERSION } from '../src/engine/shards/format';
import { join, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { buildData, type BuildReport } from '../src/pipeline/buildData';
import { InputFileError } from '../src/pipeline/csv';
import { checkInputs, expectedInputs, MissingInputsError } from '../src/pipeline/inputs';
import { defineCli } from './lib/cli';
import { formatBytes, keyValueTable, plural, table } from './lib/output';

const BUILD_GOAL_MS = 20_000;

function manifestFormatVersion(path: string): number | null {
  try {
    const version = (JSON.parse(readFileSync(path, 'utf8')) as { formatVersion?: unknown }).formatVersion;
    return typeof version === 'number' ? version : null;
  } catch {
    return null;
  }
}
const FULL_BUILD_GOAL_MS = 600_000;
const GZIP_GOAL_BYTES = 5_000_000;
const DEFAULT_OUT = 'public/data';

const cli = defineCli({
  name: 'build-data',
  usage: 'npm run build-data -- [--data <dir> | --demo] [--out public/data] [--ratings small|full] [--if-missing] [--json] [--quiet]',
  description: [
    'Builds the engine shards (manifest.json + binary shards) from the Kaggle "The Movies Dataset" CSVs.',
    'Without --data it reads ./data when that folder exists (every input must be there), else the generated demo catalog.',
  ].join('\n'),
  options: {
    data: { type: 'string', value: 'dir', description: 'folder with the Kaggle CSVs' },
    demo: { type: 'boolean', description: 'build the generated demo catalog, even when ./data exists' },
    out: { type: 'string', default: DEFAULT_OUT, value: 'dir', description: 'where the shards go' },
    ratings: { type: 'string', default: 'small', choices: ['small', 'full'], description: 'ratings_small.csv or the 26M-row ratings.csv' },
    'if-missing': { type: 'boolean', description: 'do nothing when <out>/manifest.json exists (npm start uses this)' },
    json: { type: 'boolean', description: 'print the summary as JSON on stdout, no progress bars' },
    quiet: { type: 'boolean', description: 'print nothing but errors' },
  },
});
const { values } = cli.parse();

/** The data folder once resolved: errors that start with a path inside it are input problems. */
let inputDir = '';

async function main(): Promise<number> {
  const outDir = resolve(values.out);
  if (values['if-missing'] && existsSync(join(outDir, 'manifest.json'))) {
    // Shards of an older format would only be refused by the app: those are rebuilt.
    const version = manifestFormatVersion(join(outDir, 'manifest.json'));
    if (version === SHARD_FORMAT_VERSION) {
      console.log(`build-data: ${outDir}/manifest.json exists, keeping it (run npm run build-data to rebuild)`);
      return 0;
    }
    console.log(`build-data: ${outDir} holds shard format ${version ?? 'unknown'}, this app reads ${SHARD_FORMAT_VERSION}: rebuilding`);
  }
  let dataDir: string;
  let kind: 'demo' | 'kaggle';
  if (values.data && !values.demo) {
    dataDir = resolve(values.data);
    kind = 'kaggle';
  } else if (!values.demo && existsSync('data')) {
    // A ./data folder means the Kaggle data is meant to be used: a missing file there is an error, not a reason for the demo.
    dataDir = resolve('data');
    kind = 'kaggle';
  } else {
    dataDir = resolve('.cache/demo-data');
    const { generateDemoData } = await import('../src/pipeline/demo/generateDemoData');
    const demo = await generateDemoData(dataDir);
    // On stderr with --json, so stdout stays one JSON document.
    const say = values.json ? console.error : console.log;
    const why = values.demo ? '--demo' : 'no ./data folder and no --data given';
    if (!values.quiet)
      say(`build-data: ${why}, using the generated demo catalog in ${dataDir} (${plural(demo.files['movies_metadata.csv']?.rows ?? 0, 'movie')})`);
    kind = 'demo';
  }
  inputDir = dataDir;
  // Every input checked before any parsing: all missing or unreadable files are named in one error.
  await checkInputs(dataDir, values.ratings);

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

/** One reason per line, "reason: count", so no count has to agree with a noun. */
const reasons = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([reason, count]) => `${reason}: ${count.toLocaleString('en-US')}`)
    .join('\n') || '—';

function printSummary(report: BuildReport, outDir: string): void {
  console.log('\nInput files');
  console.log(
    table(
      ['file', 'rows read', 'kept', 'skipped (reason: rows)', 'kept with warnings'],
      report.files.map((f) => [f.file, f.rowsRead, f.kept, reasons(f.skipped), reasons(f.warnings)]),
    ),
  );

  const gzipTotal = report.shards.reduce((s, x) => s + x.gzipBytes, 0);
  console.log(`\nShards in ${outDir} (${plural(report.shards.length, 'file')})`);
  console.log(
    table(
      ['shard', { name: 'bytes', align: 'right' }, { name: 'gzip', align: 'right' }],
      [
        ...report.shards.map((s) => [s.name, formatBytes(s.bytes), formatBytes(s.gzipBytes)]),
        ['total', formatBytes(report.shards.reduce((s, x) => s + x.bytes, 0)), formatBytes(gzipTotal)],
        // Not part of start-up (nor of the size goal): fetched on the first movie page.
        ...report.lazyShards.map((s) => [
          `${s.name} (lazy: ${s.name === 'describe.bin' ? 'describe search' : s.name === 'imdb.bin' ? 'history import' : s.name === 'runtimes.bin' ? 'length mood' : 'movie page'})`,
          formatBytes(s.bytes),
          formatBytes(s.gzipBytes),
        ]),
      ],
    ),
  );

  console.log('\nModel and index');
  console.log(
    keyValueTable([
      ['movies', report.movies],
      ['genres', report.genres.length],
      ['vocabulary (terms in ≥ 2 movies)', report.vocabulary],
      ['terms in one movie only (norm only)', report.singletonTerms],
      ['keyword non-zeros', report.keywordNonZeros],
      ['ratings', report.ratings],
      ['users', report.users],
      ['rated movies', report.ratedMovies],
      ['unrated movies with content-derived vectors', report.derivedMovies],
      ['factors', report.factors],
      ['epochs', report.epochs],
      ['validation RMSE', report.validationRmse.toFixed(4)],
      ['RMSE all ratings, int8 factors (float32: see manifest)', report.quantizedValidationRmse.toFixed(4)],
      ['model version', report.manifest.modelVersion],
    ]),
  );

  console.log('\nGoals');
  const seconds = `${(report.totalMs / 1000).toFixed(1)} s`;
  console.log(
    table(
      ['goal', { name: 'measured', align: 'right' }, 'met'],
      [
        values.ratings === 'full'
          ? ['build time ≤ 10 min (full ratings.csv)', seconds, report.totalMs <= FULL_BUILD_GOAL_MS]
          : ['build time ≤ 20 s (ratings_small)', seconds, report.totalMs <= BUILD_GOAL_MS],
        ['all shards ≤ 5 MB gzip', formatBytes(gzipTotal), gzipTotal <= GZIP_GOAL_BYTES],
        ['peak memory ≤ 4 GiB', `${(report.peakRssBytes / 2 ** 30).toFixed(2)} GiB`, report.peakRssBytes <= 4 * 2 ** 30],
      ],
    ),
  );

  console.log('\nStage times');
  const stages = Object.entries(report.stageMs);
  console.log(
    table(['stage', { name: 'ms', align: 'right' }], [...stages.map(([stage, ms]) => [stage, Math.round(ms)]), ['total', Math.round(report.totalMs)]]),
  );
  // EASE fits on a second thread beside KMF; its row above is only the wait for it after the content vectors.
  if (report.neighboursThread.ms !== null)
    console.log(`item neighbours (EASE) took ${Math.round(report.neighboursThread.ms)} ms on a second thread, beside KMF training and the content vectors`);
  else if (report.neighboursThread.error)
    console.log(`item neighbours (EASE) were fitted on this thread: the second thread failed (${report.neighboursThread.error})`);

  // npm start serves public/data; shards built elsewhere are for the CLIs (or to be copied there).
  console.log(`\nnext: ${outDir === resolve(DEFAULT_OUT) ? 'npm start' : `npm run search -- --data-dir ${outDir} --query "<title>"`}`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Input problems (the message names the file) get one clear message; anything else is a bug and keeps its stack.
    if (error instanceof MissingInputsError) {
      console.error(`build-data: ${error.message}`);
      console.error(`build-data needs ${expectedInputs(values.ratings)} in the data folder.`);
    } else if (
      error instanceof InputFileError ||
      (error instanceof Error && (/ENOENT|cannot read/i.test(error.message) || (inputDir !== '' && error.message.startsWith(inputDir))))
    )
      console.error(`build-data: ${error.message}`);
    else console.error('build-data failed:', error);
    process.exit(1);
  },
);
