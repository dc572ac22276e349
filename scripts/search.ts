// npm run search -- --query "toy story" [--data-dir public/data] [--limit 10] [--json]
import { loadEngineFromDir } from '../src/node/loadEngine';
import { defineCli } from './lib/cli';
import { plural, table } from './lib/output';

const cli = defineCli({
  name: 'search',
  usage: 'npm run search -- --query "<title words>" [--data-dir public/data] [--limit 10] [--json]',
  description: 'Title search over built shards (typos allowed), as the app does it.',
  options: {
    query: { type: 'string', required: true, value: 'title words', description: 'what to look for' },
    'data-dir': { type: 'string', default: 'public/data', value: 'dir', description: 'shards built by npm run build-data' },
    limit: { type: 'integer', default: 10, min: 1, description: 'most titles to print' },
    json: { type: 'boolean', description: 'print the hits as JSON' },
  },
});
const { values } = cli.parse();

async function main(): Promise<number> {
  const engine = await loadEngineFromDir(values['data-dir']);
  const hits = engine.search(values.query, values.limit);
  if (values.json) console.log(JSON.stringify(hits, null, 2));
  else if (hits.length === 0) console.log(`No titles match "${values.query}".`);
  else {
    console.log(`${plural(hits.length, 'title')} matching "${values.query}"`);
    console.log(
      table(
        ['tmdbId', 'title', 'year', 'genres', { name: 'votes', align: 'right' }, { name: 'match', align: 'right' }],
        hits.map((h) => [
          String(h.movie.id),
          h.originalTitle ? `${h.movie.title} (original title: ${h.originalTitle})` : h.movie.title,
          h.movie.year ? String(h.movie.year) : '',
          h.movie.genres.join(', '),
          h.movie.voteCount,
          String(h.score),
        ]),
      ),
    );
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`search: ${error.message}`);
    process.exit(1);
  },
);
