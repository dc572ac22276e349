// npm run eval-describe -- --queries <file.jsonl> [--data-dir public/data] [--json]
// Scores the shipped describe search (describe.bin's model) on tip-of-the-tongue queries {id, query, tmdbId}, with the
// BM25 baseline (k1 0.9, b 0.4, one bag of every field) in the same run: n, S@1, S@10, S@100 and MRR over the catalog.
import { readFileSync } from 'node:fs';
import { DescribeSearch } from '../src/engine/describe/service';
import { ablation, describeRanks, metricsOfRanks, parseTotQueries, type DescribeMetrics } from '../src/engine/describe/evaluate';
import { directoryShardFetcher } from '../src/engine/shards/fetchNode';
import { loadEngineFromDir } from '../src/node/loadEngine';
import { defineCli } from './lib/cli';
import { table } from './lib/output';
import { asTmdbId } from '../src/engine/ids';

/** Reddit-TOMT posts are from about 2011–2020: "as a kid" counts back from their middle (as train-describe does). */
const DEFAULT_NOW_YEAR = 2018;

const cli = defineCli({
  name: 'eval-describe',
  usage: 'npm run eval-describe -- --queries <file.jsonl> [--data-dir public/data] [--now-year 2018] [--ablation] [--json]',
  description: 'Success@k and MRR of describe search over the whole catalog, with the BM25 baseline.',
  options: {
    queries: { type: 'string', required: true, value: 'file.jsonl', description: 'one {id, query, tmdbId} per line' },
    'data-dir': { type: 'string', default: 'public/data', value: 'dir', description: 'shards built by npm run build-data' },
    'now-year': { type: 'integer', default: DEFAULT_NOW_YEAR, min: 1900, max: 2100, description: 'when the questions were asked ("as a kid")' },
    json: { type: 'boolean', description: 'print {n, s1, s10, s100, mrr, baseline} as JSON' },
    ablation: { type: 'boolean', description: 'also score the search with its parts switched on one by one (docs/describe-search.md)' },
  },
});
const { values } = cli.parse();

async function main(): Promise<number> {
  let text: string;
  try {
    text = readFileSync(values.queries, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${values.queries} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { cause: error });
  }
  const queries = parseTotQueries(text, values.queries);
  const engine = await loadEngineFromDir(values['data-dir']);
  const describe = new DescribeSearch(engine);
  await describe.load(directoryShardFetcher(values['data-dir']), undefined, { baseline: true });
  const index = describe.describeIndex;
  const rowOf = (id: number) => engine.rowOf(asTmdbId(id));
  const missing = queries.filter((q) => rowOf(q.tmdbId) === undefined).length;
  const shipped = metricsOfRanks(describeRanks(index, rowOf, queries, 'shipped', { nowYear: values['now-year'] }));
  const baseline = metricsOfRanks(describeRanks(index, rowOf, queries, 'baseline'));
  const steps = values.ablation ? ablation(index, rowOf, queries, values['now-year']) : null;
  if (values.json) {
    console.log(JSON.stringify({ ...shipped, baseline, notInCatalog: missing, ...(steps ? { ablation: steps } : {}) }));
    return 0;
  }
  const row = (name: string, m: DescribeMetrics) => [name, String(m.n), m.s1.toFixed(3), m.s10.toFixed(3), m.s100.toFixed(3), m.mrr.toFixed(3)];
  console.log(`${queries.length} queries from ${values.queries}${missing ? ` (${missing} name a film not in this catalog: counted as misses)` : ''}`);
  console.log(
    table(['method', 'n', 'S@1', 'S@10', 'S@100', 'MRR'], [row('describe search (shipped)', shipped), row('BM25 baseline (k1 0.9, b 0.4)', baseline)]),
  );
  if (steps)
    console.log(
      `Ablation:\n${table(
        ['method', 'n', 'S@1', 'S@10', 'S@100', 'MRR'],
        steps.map((s) => row(s.name, s.metrics)),
      )}`,
    );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`eval-describe: ${error.message}`);
    process.exit(1);
  },
);
