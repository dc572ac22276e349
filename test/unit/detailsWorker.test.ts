// The worker side of the details chunks (workers/engineWorkerApi.ts), in process over HTTP on demo shards this test
// builds: a movie page fetches its one chunk and shares it with the chunk's other movies; "available offline" checks a
// chunk without decoding it; a corrupt chunk is fetched once more, then refused naming it; the history import fetches
// imdb.bin and no chunk.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineWorkerApi } from '../../src/bridge/engineApi';
import type { ShardManifest } from '../../src/engine/shards/dataset';
import { chunkOfRow, detailsChunksOf } from '../../src/engine/shards/details';
import { readShard, requireNumeric } from '../../src/engine/shards/format';
import { createEngineWorkerApi } from '../../workers/engineWorkerApi';

const REPO = resolve(__dirname, '../..');
const DATA = mkdtempSync(join(tmpdir(), 'cinelocal-details-worker-'));
const ANCHOR = 40001;

/** No Cache Storage in Node: a stub that remembers "typed arrays" as the backend (no tfjs here) and holds nothing else. */
const cachesBefore = (globalThis as { caches?: unknown }).caches;
const stubCaches: Partial<CacheStorage> = {
  open: async () =>
    ({
      match: async () => new Response(JSON.stringify({ active: 'typed-array', timings: {} })),
      put: async () => undefined,
      delete: async () => false,
      keys: async () => [],
    }) as unknown as Cache,
  keys: async () => [],
  delete: async () => false,
  match: async () => undefined,
  has: async () => false,
};

let server: Server;
let url = '';
/** Every data file requested, in order; `corrupt` names files answered with garbage of the right size. */
const requested: string[] = [];
const corrupt = new Set<string>();
let ids: Int32Array;
let manifest: ShardManifest;

beforeAll(async () => {
  (globalThis as { caches?: unknown }).caches = stubCaches;
  execFileSync(join(REPO, 'node_modules/.bin/tsx'), [join(REPO, 'scripts/build-data.ts'), '--demo', '--out', DATA, '--quiet'], { cwd: REPO, stdio: 'ignore' });
  server = createServer((request, response) => {
    const name = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname).replace(/^\//, '');
    const file = join(DATA, name);
    if (!file.startsWith(DATA) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      response.writeHead(404).end();
      return;
    }
    requested.push(name);
    const bytes = readFileSync(file);
    response.writeHead(200).end(corrupt.has(name) ? Buffer.alloc(bytes.length, 0x5a) : bytes);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  manifest = JSON.parse(readFileSync(join(DATA, 'manifest.json'), 'utf8')) as ShardManifest;
  ids = requireNumeric('catalog.bin', readShard('catalog.bin', new Uint8Array(readFileSync(join(DATA, 'catalog.bin')))), 'ids', Int32Array);
}, 300_000);

afterAll(() => {
  server?.close();
  rmSync(DATA, { recursive: true, force: true });
  (globalThis as { caches?: unknown }).caches = cachesBefore;
});

const chunkOf = (id: number) => chunkOfRow(detailsChunksOf(manifest, ids.length), ids.indexOf(id));
const detailsFiles = () => requested.filter((name) => /^details|^imdb/.test(name));

async function freshApi(): Promise<EngineWorkerApi> {
  const { api } = createEngineWorkerApi();
  await api.load(url);
  requested.length = 0;
  return api;
}

describe('the worker and the details chunks', () => {
  it("a movie page fetches its one chunk; the chunk's other movies and a second visit fetch nothing", async () => {
    const api = await freshApi();
    const chunk = chunkOf(ANCHOR);
    const details = await api.getMovieDetails(ANCHOR);
    expect(details?.movie.id).toBe(ANCHOR);
    expect(details?.overview.length).toBeGreaterThan(20);
    expect(detailsFiles()).toEqual([chunk.name]);
    await api.getMovieDetails(ANCHOR);
    const neighbour = ids[chunk.firstRow === ids.indexOf(ANCHOR) ? chunk.firstRow + 1 : chunk.firstRow];
    expect((await api.getMovieDetails(neighbour))?.movie.id).toBe(neighbour);
    expect(detailsFiles()).toEqual([chunk.name]);
    expect(await api.getMovieDetails(2147483647)).toBeNull();
    const listed = await api.detailsChunks();
    expect(listed.length).toBe(detailsChunksOf(manifest, ids.length).length);
    expect(listed.filter((c) => c.loaded).map((c) => c.name)).toEqual([chunk.name]);
  }, 60_000);

  it('"available offline" fetches and checks a chunk without decoding it, and skips a decoded one', async () => {
    const api = await freshApi();
    const anchorChunk = chunkOf(ANCHOR);
    await api.getMovieDetails(ANCHOR);
    const other = (await api.detailsChunks()).find((c) => !c.loaded)!;
    await api.prefetchDetailsChunk(other.index);
    await api.prefetchDetailsChunk(anchorChunk.index);
    expect(detailsFiles()).toEqual([anchorChunk.name, other.name]);
    expect((await api.detailsChunks()).find((c) => c.index === other.index)?.loaded).toBe(false);
    await expect(api.prefetchDetailsChunk(9999)).rejects.toMatchObject({ kind: 'bad-input' });
  }, 60_000);

  it('a corrupt chunk is fetched once more, then refused naming it; other chunks still load', async () => {
    const api = await freshApi();
    const chunk = chunkOf(ANCHOR);
    corrupt.add(chunk.name);
    try {
      await expect(api.getMovieDetails(ANCHOR)).rejects.toMatchObject({
        kind: 'shard-corrupt',
        file: chunk.name,
        message: expect.stringContaining(`Data file "${chunk.name}" failed its checksum`),
      });
      // The first copy, the refetch past the caches, the second check (no HTTP cache in Node, so it asks again).
      expect(detailsFiles().filter((name) => name === chunk.name).length).toBe(3);
      await expect(api.prefetchDetailsChunk(chunk.index)).rejects.toMatchObject({ kind: 'shard-corrupt', file: chunk.name });
      const elsewhere = ids[detailsChunksOf(manifest, ids.length).find((c) => c.name !== chunk.name)!.firstRow];
      expect((await api.getMovieDetails(elsewhere))?.movie.id).toBe(elsewhere);
    } finally {
      corrupt.delete(chunk.name);
    }
    // The host is fixed: the same call works.
    expect((await api.getMovieDetails(ANCHOR))?.movie.id).toBe(ANCHOR);
  }, 60_000);

  it('the history import fetches imdb.bin (IMDb ids) and no details chunk', async () => {
    const api = await freshApi();
    const imdb = requireNumeric('imdb.bin', readShard('imdb.bin', new Uint8Array(readFileSync(join(DATA, 'imdb.bin')))), 'imdbIds', Uint32Array);
    const row = ids.indexOf(ANCHOR);
    const tt = `tt${String(imdb[row]).padStart(7, '0')}`;
    const csv = [
      'Const,Your Rating,Date Rated,Title,URL,Title Type,Year',
      `${tt},8,2021-03-04,Something Else Entirely,https://www.imdb.com/title/${tt}/,Movie,1990`,
    ].join('\n');
    const analysis = await api.analyseHistoryImport([{ name: 'ratings.csv', bytes: new TextEncoder().encode(csv) }]);
    expect(analysis.kind).toBe('history');
    if (analysis.kind !== 'history') return;
    // Matched by the IMDb id, though the title says otherwise.
    expect(Array.from(analysis.rows.movieId)).toEqual([ANCHOR]);
    expect(analysis.usedDetails).toBe(true);
    expect(detailsFiles()).toEqual(['imdb.bin']);
  }, 60_000);
});
