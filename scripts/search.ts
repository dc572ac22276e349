// npm run search -- --data-dir <shards dir> --query "toy story" [--limit 10] [--json]
import { parseArgs } from 'node:util';
import { loadEngineFromDir } from '../src/node/loadEngine';

const { values } = parseArgs({ options: { 'data-dir': { type: 'string', default: 'public/data' }, query: { type: 'string' }, limit: { type: 'string', default: '10' }, json: { type: 'boolean', default: false } } });

async function main(): Promise<number> {
  if (!values.query) {
    console.error('search: --query "<title words>" is required');
    return 1;
  }
  const engine = await loadEngineFromDir(values['data-dir']!);
  const hits = engine.search(values.query, Number(values.limit));
  if (values.json) console.log(JSON.stringify(hits, null, 2));
  else if (hits.length === 0) console.log(`No titles match "${values.query}".`);
  else console.table(hits.map((h) => ({ tmdbId: h.movie.id, title: h.movie.title, year: h.movie.year ?? '', genres: h.movie.genres.join(', '), votes: h.movie.voteCount, match: h.score })));
  return 0;
}

main().then((code) => process.exit(code), (error: Error) => { console.error(`search: ${error.message}`); process.exit(1); });
