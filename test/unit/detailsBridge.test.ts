// bridge.getMovieDetails over an in-process Comlink "worker": progress reaches the page and re-arms the call's timeout
// (a slow details chunk download is not a hang), and a corrupt chunk arrives as shard-corrupt naming the file.
import { afterEach, describe, expect, it } from 'vitest';
import { createEngineBridge, type EngineBridge } from '../../src/bridge/bridge';
import type { EngineStatus, EngineWorkerApi, LoadProgress } from '../../src/bridge/engineApi';
import type { MovieDetails } from '../../src/engine/types';
import { detailsChunkName } from '../../src/engine/shards/details';

const DETAILS_FILE = detailsChunkName(3);
import { ShardError } from '../../src/engine/shards/format';
import { ChannelWorker, guardedApi } from '../helpers/fakeWorker';

const STATUS: EngineStatus = {
  ready: true,
  dataset: { name: 'test', kind: 'demo', inputChecksum: 'x' },
  modelVersion: 'm1',
  counts: { movies: 1, vocabulary: 1, ratedMovies: 1 },
  backend: { active: 'typed-array', timingsMs: {} },
  readyMs: 1,
  minRatingsForVector: 1,
};

const DETAILS: MovieDetails = {
  movie: { id: 862, title: 'Toy Story', year: 1995, genres: ['Animation'], popularity: 21.9, voteAverage: 7.7, voteCount: 5415 },
  overview: 'Led by Woody…',
  tagline: '',
  runtime: 81,
  imdbId: 114709,
  originalTitle: null,
  posterPath: '/rhIRbceoE9lR4veEXuwCC2wARtG.jpg',
  directors: ['John Lasseter'],
  cast: ['Tom Hanks'],
  keywords: ['toy'],
};

let bridges: EngineBridge[] = [];
afterEach(() => {
  for (const bridge of bridges) bridge.dispose();
  bridges = [];
});

function bridgeOver(getMovieDetails: EngineWorkerApi['getMovieDetails']) {
  const workers: ChannelWorker[] = [];
  const bridge = createEngineBridge({
    callTimeoutMs: 200,
    computeTimeoutMs: 200,
    createWorker: () => {
      const worker = new ChannelWorker(guardedApi<Partial<EngineWorkerApi>>({ load: async () => STATUS, getMovieDetails }));
      workers.push(worker);
      return worker;
    },
  });
  bridges.push(bridge);
  return { bridge, workers };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('bridge.getMovieDetails', () => {
  it('passes download progress to the page, and progress keeps a download longer than the timeout alive', async () => {
    const { bridge, workers } = bridgeOver(async (id, onProgress) => {
      // 6 × 80 ms = 480 ms, well past the 200 ms timeout, but never 200 ms without progress.
      for (let chunk = 1; chunk <= 6; chunk++) {
        await sleep(80);
        await onProgress?.({ loadedBytes: chunk * 100, totalBytes: 600, file: DETAILS_FILE });
      }
      return id === 862 ? DETAILS : null;
    });
    await bridge.load('http://x/data/');
    const seen: LoadProgress[] = [];
    expect(await bridge.getMovieDetails(862, (p) => seen.push(p))).toEqual(DETAILS);
    expect(seen.map((p) => p.loadedBytes)).toEqual([100, 200, 300, 400, 500, 600]);
    expect(workers).toHaveLength(1);
    expect(bridge.restartCount()).toBe(0);
    // The movie's id is now known on the main thread (saving a rating from the page does not ask the worker).
    expect(await bridge.catalogIds([862])).toEqual([862]);
    expect(await bridge.getMovieDetails(1)).toBeNull();
  });

  it('a corrupt details chunk arrives as shard-corrupt naming the file; the engine is not restarted', async () => {
    const { bridge, workers } = bridgeOver(async () => {
      throw new ShardError(DETAILS_FILE, 'checksum', 'SHA-256 0000… does not match');
    });
    await bridge.load('http://x/data/');
    await expect(bridge.getMovieDetails(862)).rejects.toMatchObject({
      kind: 'shard-corrupt',
      file: DETAILS_FILE,
      message: expect.stringContaining('details-003.bin'),
    });
    expect(workers).toHaveLength(1);
    expect(bridge.getState().phase).toBe('ready');
  });
});
