// Peak memory of the CSV readers on huge hostile files: generate a file of bad rows, then read it in a fresh process.
// Usage: tsx scripts/hardening-rss.ts --generate <kind> --rows 10000000 --file /tmp/bad.csv
//        tsx scripts/hardening-rss.ts --measure <kind> --file /tmp/bad.csv      (prints one JSON line)
// Kinds: bad-ratings (readRatings, every row skipped), bad-metadata (readMovies, every row skipped),
//        stray-quote (readRatings, a quote on data row 2 never closes). Files go to /tmp or .cache, never the repo.
import { readMovies } from '../src/pipeline/movies';
import { readRatings, type LinkTable } from '../src/pipeline/ratings';
import { BAD_RATING_ROWS, writeLines } from '../test/helpers/hostileInputs';
import { defineCli } from './lib/cli';

const KINDS = ['bad-ratings', 'bad-metadata', 'stray-quote'] as const;
type Kind = (typeof KINDS)[number];

const METADATA_HEADER =
  'adult,belongs_to_collection,budget,genres,homepage,id,imdb_id,original_language,original_title,overview,popularity,poster_path,production_companies,production_countries,release_date,revenue,runtime,spoken_languages,status,tagline,title,video,vote_average,vote_count';

/** Bad movies_metadata rows: a date in the id column, too few fields, an empty title, a broken genres cell. */
const BAD_METADATA_ROWS: ((i: number) => string)[] = [
  (i) => `False,,0,[],,1995-10-${i % 28},tt0,en,T,,1,/p.jpg,[],[],1995-10-30,0,81,[],Released,,Title ${i},False,7.7,5415`,
  (i) => `False,,0,[],,${i}`,
  (i) => `False,,0,"[{'id': 16, 'name': 'Animation'}]",,${i}x,tt0,en,,,1,,[],[],,0,,[],Released,,,False,1,1`,
];

const cli = defineCli({
  name: 'hardening-rss',
  usage: `tsx scripts/hardening-rss.ts --generate <kind> [--rows 10000000] --file /tmp/bad.csv
tsx scripts/hardening-rss.ts --measure <kind> --file /tmp/bad.csv`,
  description: `Peak memory of the CSV readers on huge hostile files. Kinds: ${KINDS.join(', ')}. Files go to /tmp or .cache, never the repo.`,
  options: {
    generate: { type: 'string', choices: KINDS, value: 'kind', description: 'write a file of bad rows of this kind' },
    measure: { type: 'string', choices: KINDS, value: 'kind', description: 'read the file in this process and print one JSON line' },
    rows: { type: 'integer', default: 10_000_000, min: 1, description: 'rows to generate' },
    file: { type: 'string', required: true, value: 'csv', description: 'the file to write or read' },
  },
});
const { values } = cli.parse();

async function generate(kind: Kind, rows: number, file: string): Promise<void> {
  const started = performance.now();
  let bytes: number;
  if (kind === 'bad-metadata') bytes = await writeLines(file, METADATA_HEADER, rows, (i) => BAD_METADATA_ROWS[i % BAD_METADATA_ROWS.length](i));
  else if (kind === 'bad-ratings')
    bytes = await writeLines(file, 'userId,movieId,rating,timestamp', rows, (i) => BAD_RATING_ROWS[i % BAD_RATING_ROWS.length](i));
  else bytes = await writeLines(file, 'userId,movieId,rating,timestamp', rows, (i) => (i === 1 ? `2,"1,4.0,1260759144` : `${i + 1},1,4.0,1260759144`));
  console.log(JSON.stringify({ generated: kind, rows, bytes, ms: Math.round(performance.now() - started) }));
}

async function measure(kind: Kind, file: string): Promise<void> {
  const links: LinkTable = { movieIdToTmdb: new Map([[1, 862]]), rows: 1, skipped: {} };
  const started = performance.now();
  let outcome: Record<string, unknown>;
  try {
    if (kind === 'bad-metadata') {
      const { movies, report } = await readMovies(file);
      outcome = { rowsRead: report.rowsRead, kept: movies.length, skipped: report.skipped };
    } else {
      const table = await readRatings(file, links);
      outcome = { rowsRead: table.rowsRead, kept: table.count, skipped: table.skipped };
    }
  } catch (error) {
    outcome = { error: (error as Error).message };
  }
  const maxRssMiB = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ measured: kind, ms: Math.round(performance.now() - started), maxRssMiB: Math.round(maxRssMiB), ...outcome }));
}

async function main(): Promise<void> {
  if (values.generate) await generate(values.generate, values.rows, values.file);
  else if (values.measure) await measure(values.measure, values.file);
  else cli.fail('give --generate <kind> or --measure <kind>');
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
