// CLI: npm run demo-data -- --out <dir> [--seed N] [--movies N] [--users N]
import { resolve } from 'node:path';
import { DEMO_DEFAULT_SEED, generateDemoData } from '../src/pipeline/demo/generateDemoData';

function parseArgs(argv: string[]): { out: string; seed: number; movies?: number; users?: number } {
  const args: { out: string; seed: number; movies?: number; users?: number } = { out: '.cache/demo-data', seed: DEMO_DEFAULT_SEED };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const integer = (): number => {
      if (value === undefined || !/^-?\d+$/.test(value)) throw new Error(`${flag} needs an integer value, got ${JSON.stringify(value)}`);
      i++;
      return Number(value);
    };
    switch (flag) {
      case '--out':
        if (value === undefined) throw new Error('--out needs a directory');
        args.out = value;
        i++;
        break;
      case '--seed': args.seed = integer(); break;
      case '--movies': args.movies = integer(); break;
      case '--users': args.users = integer(); break;
      case '--help':
      case '-h':
        console.log('usage: npm run demo-data -- [--out .cache/demo-data] [--seed N] [--movies 1500] [--users 300]');
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${JSON.stringify(flag)} (try --help)`);
    }
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const outDir = resolve(args.out);
  const summary = await generateDemoData(outDir, { seed: args.seed, movies: args.movies, users: args.users });
  console.log(`demo data (seed ${summary.seed}) written to ${outDir} in ${summary.elapsedMs} ms`);
  for (const [name, file] of Object.entries(summary.files)) {
    console.log(`  ${name.padEnd(20)} ${String(file.rows).padStart(7)} rows ${String(file.bytes).padStart(10)} bytes`);
  }
  const { files: _files, dirt: _dirt, outDir: _outDir, ...counts } = summary;
  console.log(JSON.stringify(counts, null, 2));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
