// CLI: npm run demo-data -- [--out .cache/demo-data] [--seed N] [--movies N] [--users N]
import { resolve } from 'node:path';
import { DEMO_DEFAULT_MOVIES, DEMO_DEFAULT_SEED, DEMO_DEFAULT_USERS, generateDemoData } from '../src/pipeline/demo/generateDemoData';
import { defineCli } from './lib/cli';
import { formatMs, keyValueTable, plural, table } from './lib/output';

const cli = defineCli({
  name: 'demo-data',
  usage: 'npm run demo-data -- [--out .cache/demo-data] [--seed N] [--movies 1500] [--users 300]',
  description: 'Writes the deterministic synthetic catalog (Kaggle CSV format, dirt included) that build-data uses without ./data.',
  options: {
    out: { type: 'string', default: '.cache/demo-data', value: 'dir', description: 'where the CSVs go' },
    seed: { type: 'integer', default: DEMO_DEFAULT_SEED, description: 'random seed: the same seed writes the same files' },
    movies: { type: 'integer', default: DEMO_DEFAULT_MOVIES, description: 'number of movies' },
    users: { type: 'integer', default: DEMO_DEFAULT_USERS, description: 'number of users who rate' },
  },
});
const { values } = cli.parse();

/** "malformedMetadataRows" → "malformed metadata rows". */
const words = (key: string) => key.replace(/([A-Z])/g, ' $1').toLowerCase();

async function main(): Promise<void> {
  const outDir = resolve(values.out);
  const summary = await generateDemoData(outDir, { seed: values.seed, movies: values.movies, users: values.users });
  const files = Object.entries(summary.files);
  console.log(`demo data (seed ${summary.seed}): ${plural(files.length, 'file')} written to ${outDir} in ${formatMs(summary.elapsedMs)}`);
  console.log(
    table(
      ['file', 'rows', 'bytes'],
      files.map(([name, file]) => [name, file.rows, file.bytes]),
    ),
  );
  const { files: _files, dirt: _dirt, outDir: _outDir, seed: _seed, elapsedMs: _elapsedMs, ...counts } = summary;
  console.log('\nContents (the dirt is on purpose: build-data must skip or repair it)');
  console.log(keyValueTable(Object.entries(counts).map(([key, n]) => [words(key), n])));
}

main().catch((error: unknown) => {
  console.error(`demo-data: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
