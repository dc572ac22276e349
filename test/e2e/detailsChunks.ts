// The built demo catalog's movie-details chunks (dist/data), read in Node for the browser tests: which chunk holds a
// movie, and movies to open in other chunks.
import { readFileSync } from 'node:fs';
import type { ShardManifest } from '../../src/engine/shards/dataset';
import { chunkOfRow, decodeDetailsChunk, detailsChunksOf, type DetailsChunkEntry } from '../../src/engine/shards/details';
import { readShard, requireNumeric, requireStrings } from '../../src/engine/shards/format';

const DIR = 'dist/data';
const manifest = (): ShardManifest => JSON.parse(readFileSync(`${DIR}/manifest.json`, 'utf8')) as ShardManifest;

function catalog(): { ids: Int32Array; titles: string[] } {
  const shard = readShard('catalog.bin', new Uint8Array(readFileSync(`${DIR}/catalog.bin`)));
  return { ids: requireNumeric('catalog.bin', shard, 'ids', Int32Array), titles: requireStrings('catalog.bin', shard, 'titles') };
}

/** Every chunk the manifest lists, in row order. */
export function detailsChunks(): DetailsChunkEntry[] {
  const { ids } = catalog();
  return detailsChunksOf(manifest(), ids.length);
}

/** The chunk holding movie `id`. */
export function detailsChunkOf(id: number): DetailsChunkEntry {
  const { ids } = catalog();
  const row = ids.indexOf(id);
  if (row < 0) throw new Error(`movie ${id} is not in the demo catalog`);
  return chunkOfRow(detailsChunksOf(manifest(), ids.length), row);
}

/** A movie with an overview whose chunk is none of `avoid` (chunk names), and its chunk. */
export function movieOutside(avoid: string[]): { id: number; title: string; chunk: DetailsChunkEntry } {
  const { ids, titles } = catalog();
  const chunk = detailsChunks().find((c) => !avoid.includes(c.name));
  if (!chunk) throw new Error('every chunk is avoided');
  // Middle of the chunk, a plain title (search and headings find it as written).
  for (let row = chunk.firstRow + Math.floor(chunk.rowCount / 2); row < chunk.firstRow + chunk.rowCount; row++) {
    if (/^[\p{L} ]+$/u.test(titles[row])) return { id: ids[row], title: titles[row], chunk };
  }
  throw new Error(`no plain title in ${chunk.name}`);
}

/** A demo movie whose overview is empty in the data (the dirt the demo generator plants). */
export function movieWithoutOverview(): { id: number; title: string } {
  const m = manifest();
  const { ids, titles } = catalog();
  for (const entry of detailsChunksOf(m, ids.length)) {
    const chunk = decodeDetailsChunk(entry.name, new Uint8Array(readFileSync(`${DIR}/${entry.name}`)), {
      firstRow: entry.firstRow,
      rowCount: entry.rowCount,
      catalogRows: ids.length,
      dataset: m.dataset.inputChecksum,
    });
    const r = chunk.overviews.findIndex((overview) => overview === '');
    if (r >= 0) return { id: ids[entry.firstRow + r], title: titles[entry.firstRow + r] };
  }
  throw new Error('the demo catalog has no movie without an overview');
}
