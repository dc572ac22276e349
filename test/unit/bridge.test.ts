import { afterEach, describe, expect, it } from 'vitest';
import { createEngineBridge, EngineError, toEngineError, type BridgeState, type EngineBridge } from '../../src/bridge/bridge';
import { ENGINE_METHODS, type EngineMethod, type EngineStatus, type EngineWorkerApi, type LoadProgress } from '../../src/bridge/engineApi';
import type { MovieSummary } from '../../src/engine/types';
import { EngineError as WorkerEngineError, toEngineErrorPayload } from '../../src/bridge/engineErrors';
import { ShardError } from '../../src/engine/shards/format';
import { ChannelWorker, guardedApi } from '../helpers/fakeWorker';
import { packRatings } from '../../src/bridge/ratingsWire';

const STATUS: EngineStatus = {
  ready: true,
  dataset: { name: 'test', kind: 'demo', inputChecksum: 'x' },
  modelVersion: 'm1',
  counts: { movies: 2, vocabulary: 3, ratedMovies: 2 },
  backend: { active: 'typed-array', timingsMs: { 'typed-array': 1 } },
  readyMs: 5,
  minRatingsForVector: 5,
};
const movie = (id: number): MovieSummary => ({ id, title: `Movie ${id}`, year: 2000, genres: [], popularity: 1, voteAverage: 5, voteCount: 1 });

const never = <T>() => new Promise<T>(() => undefined);
let bridges: EngineBridge[] = [];
afterEach(() => {
  for (const b of bridges) b.dispose();
  bridges = [];
});

function setup(makeApi: (workerIndex: number) => Partial<EngineWorkerApi>, options: Parameters<typeof createEngineBridge>[0] = {}) {
  const workers: ChannelWorker[] = [];
  const loads: string[] = [];
  const bridge = createEngineBridge({
    callTimeoutMs: 300,
    computeTimeoutMs: 300,
    loadIdleTimeoutMs: 500,
    ...options,
    createWorker: () => {
      const index = workers.length;
      const api = makeApi(index);
      const worker = new ChannelWorker(
        guardedApi<Partial<EngineWorkerApi>>({
          ...api,
          load: async (baseUrl, onProgress, refetch) => {
            loads.push(`${index}:${baseUrl}${refetch ? ` refetch=${refetch.join(',')}` : ''}`);
            return api.load ? api.load(baseUrl, onProgress) : STATUS;
          },
        }),
      );
      workers.push(worker);
      return worker;
    },
  });
  bridges.push(bridge);
  const states: BridgeState['phase'][] = [];
  bridge.subscribe((s) => states.push(s.phase));
  return { bridge, workers, loads, states };
}

describe('engine bridge, two-stage load', () => {
  it('ready at the catalog: search answers at once, recommend waits for whenLoaded, then ready again with the complete status', async () => {
    let finish: () => void = () => undefined;
    const second = new Promise<void>((resolve) => (finish = resolve));
    const calls: string[] = [];
    const { bridge, states } = setup(() => ({
      load: async () => ({ ...STATUS, complete: false }),
      whenLoaded: async () => {
        await second;
        calls.push('whenLoaded');
        return { ...STATUS, complete: true };
      },
      search: async () => {
        calls.push('search');
        return [{ movie: movie(1), score: 1 }];
      },
      recommend: async () => {
        calls.push('recommend');
        return [];
      },
    }));
    const status = await bridge.load('http://x/data/');
    expect(status.complete).toBe(false);
    const recommended = bridge.recommend(1, { vector: null, ratings: packRatings([], 0) });
    expect(await bridge.search('toy')).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toEqual(['search']);
    finish();
    await recommended;
    expect(calls).toEqual(['search', 'whenLoaded', 'recommend']);
    const state = bridge.getState();
    expect(state.phase === 'ready' && state.status.complete).toBe(true);
    expect(states.filter((p) => p === 'ready')).toHaveLength(2);
  });

  it('a second stage that fails (a corrupt model shard) turns the bridge to failed with that file, and its calls reject with it', async () => {
    const { bridge } = setup(() => ({
      load: async () => ({ ...STATUS, complete: false }),
      whenLoaded: async () => {
        throw new ShardError('model.bin', 'checksum', 'SHA-256 does not match');
      },
      search: async () => [],
      forYou: async () => [],
    }));
    await bridge.load('http://x/data/');
    await expect(bridge.forYou({ modelVersion: 'm1', bias: 0, factors: [], ratingCount: 1 })).rejects.toMatchObject({
      kind: 'shard-corrupt',
      file: 'model.bin',
    });
    const state = bridge.getState();
    expect(state.phase).toBe('failed');
    expect(state.phase === 'failed' && state.error.file).toBe('model.bin');
  });

  it('a slow second stage is not taken for a hang while its downloads report progress', async () => {
    let progress: ((p: LoadProgress) => void) | undefined;
    const { bridge, workers } = setup(
      () => ({
        load: async (_url, onProgress) => {
          progress = onProgress;
          return { ...STATUS, complete: false };
        },
        whenLoaded: async () => {
          // 1.2 s in all, with progress every 100 ms: longer than the 500 ms idle timeout, never idle that long.
          for (let i = 0; i < 12; i++) {
            await new Promise((resolve) => setTimeout(resolve, 100));
            await progress?.({ loadedBytes: i, totalBytes: 12, file: 'model.bin' });
          }
          return { ...STATUS, complete: true };
        },
        fitUser: async () => null,
      }),
      { loadIdleTimeoutMs: 500 },
    );
    await bridge.load('http://x/data/');
    await expect(bridge.fitUser(packRatings([], 0))).resolves.toBeNull();
    expect(workers).toHaveLength(1);
  });
});

describe('engine bridge', () => {
  it('retry() after a shard failure asks the fresh worker to refetch that file and the manifest past every cache', async () => {
    let corrupt = true;
    const { bridge, loads } = setup(() => ({
      load: async () => {
        if (corrupt) throw new ShardError('catalog.bin', 'corrupt', '1330 bytes, the manifest says 60112');
        return STATUS;
      },
    }));
    await bridge.load('http://x/data/').catch(() => undefined);
    corrupt = false;
    await bridge.retry();
    expect(loads).toEqual(['0:http://x/data/', '1:http://x/data/ refetch=catalog.bin,manifest.json']);
    // A Retry after a failure without a file (a crash) refetches nothing.
    await bridge.retry();
    expect(loads[2]).toBe('2:http://x/data/');
  });

  it('catalogIds answers ids the engine already returned without a worker call, and asks the worker for others', async () => {
    const asked: number[][] = [];
    const { bridge } = setup(() => ({
      search: async () => [{ movie: movie(7), score: 1 }],
      knownIds: async (ids) => {
        asked.push(ids);
        return Int32Array.from(ids.filter((id) => id < 100));
      },
    }));
    await bridge.load('http://x/data/');
    await bridge.search('seven');
    expect(await bridge.catalogIds([7])).toEqual([7]);
    expect(asked).toEqual([]);
    expect(await bridge.catalogIds([7, 8, 500])).toEqual([7, 8]);
    expect(asked).toEqual([[7, 8, 500]]);
    // A new load forgets them (the catalog may have changed).
    await bridge.retry();
    await bridge.catalogIds([7]);
    expect(asked).toHaveLength(2);
  });

  it('forwards calls and load progress, and reports loading → ready', async () => {
    const seen: LoadProgress[] = [];
    const { bridge, states } = setup(() => ({
      load: async (_url, onProgress) => {
        await onProgress?.({ loadedBytes: 10, totalBytes: 20, file: 'a.bin' });
        await onProgress?.({ loadedBytes: 20, totalBytes: 20, file: 'b.bin' });
        return STATUS;
      },
      getMovies: async (ids) => ids.map(movie),
    }));
    const status = await bridge.load('http://x/data/', (p) => seen.push(p));
    expect(status.modelVersion).toBe('m1');
    expect(seen.map((p) => p.loadedBytes)).toEqual([10, 20]);
    expect(states[0]).toBe('loading');
    expect(states.at(-1)).toBe('ready');
    expect((await bridge.getMovies([3, 4])).map((m) => m.title)).toEqual(['Movie 3', 'Movie 4']);
  });

  it('restarts a crashed worker, re-loads the shards and retries the in-flight call', async () => {
    const { bridge, workers, loads } = setup((index) => ({
      search: async (query) => (index === 0 ? never() : [{ movie: movie(1), score: query.length }]),
    }));
    await bridge.load('http://x/data/');
    const pending = bridge.search('toy');
    await new Promise((r) => setTimeout(r, 20));
    workers[0].crash('out of memory');
    const hits = await pending;
    expect(hits[0].score).toBe(3);
    expect(workers[0].terminated).toBe(true);
    expect(loads).toEqual(['0:http://x/data/', '1:http://x/data/']);
    expect(bridge.restartCount()).toBe(1);
    expect(bridge.getState().phase).toBe('ready');
  });

  it('every ENGINE_METHODS row is a bridge method: it reaches the worker method of that name, with its progress argument', async () => {
    const names = Object.keys(ENGINE_METHODS).filter((name) => name !== 'load') as EngineMethod[];
    const received: string[] = [];
    const picks = [{ movie: movie(5) }];
    // Answers shaped as the bridge reads them (the movie ids it remembers); the rest answer their name.
    const answers: Partial<Record<EngineMethod, unknown>> = {
      search: [{ movie: movie(1), score: 1 }],
      getMovies: [movie(2)],
      recommend: [{ movie: movie(3) }],
      forYou: [{ movie: movie(4) }],
      groupRecommend: Object.assign([...picks], { picks }),
      onboardingMovies: { movies: [movie(6)], page: 0, hasMore: false },
      explore: { items: [{ movie: movie(7) }], total: 1 },
      getMovieDetails: { movie: movie(8) },
      describe: [{ movie: movie(9) }],
    };
    const progressOf = (name: EngineMethod) => (ENGINE_METHODS[name] as { progressArg?: number }).progressArg;
    const { bridge } = setup(() =>
      Object.fromEntries(
        names.map((name) => [
          name,
          async (...args: unknown[]) => {
            const at = progressOf(name);
            if (at !== undefined) await (args[at] as (p: LoadProgress) => Promise<void>)({ loadedBytes: 1, totalBytes: 2, file: name });
            received.push(`${name}(${String(args[0])})`);
            return answers[name] ?? name;
          },
        ]),
      ),
    );
    await bridge.load('http://x/data/');
    // Arguments the bridge itself reads (transferred copies); the rest pass through as they are.
    const firstArg: Partial<Record<EngineMethod, unknown>> = {
      analyseHistoryImport: [{ name: 'a.csv', bytes: new Uint8Array([1]) }],
      letterboxdCsv: { movieIds: new Int32Array(1), ratings: new Float32Array(1), updatedAt: new Float64Array(1) },
    };
    const progress: string[] = [];
    for (const name of names) {
      const args: unknown[] = [firstArg[name] ?? 'arg'];
      const at = progressOf(name);
      if (at !== undefined) args[at] = (p: LoadProgress) => progress.push(p.file);
      await (bridge as unknown as Record<EngineMethod, (...a: unknown[]) => Promise<unknown>>)[name](...args);
    }
    expect(received.map((call) => call.slice(0, call.indexOf('(')))).toEqual(names);
    expect(received).toContain('status(arg)');
    expect(progress).toEqual(names.filter((name) => progressOf(name) !== undefined));
    // The movies of every answer that lists them are known on this thread now (no worker call).
    const calls = received.length;
    expect(await bridge.catalogIds([1, 2, 3, 4, 5, 6, 7, 8, 9])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(received).toHaveLength(calls);
  });

  it('each method waits as long as its ENGINE_METHODS row says: a hung history import outlasts a hung quick call fourfold', async () => {
    const { bridge } = setup(() => ({ genres: () => never(), analyseHistoryImport: () => never() }), { callTimeoutMs: 100, computeTimeoutMs: 100 });
    await bridge.load('http://x/data/');
    let started = Date.now();
    await expect(bridge.genres()).rejects.toMatchObject({ kind: 'worker-crashed' });
    const quickMs = Date.now() - started;
    started = Date.now();
    await expect(bridge.analyseHistoryImport([{ name: 'a.csv', bytes: new Uint8Array(1) }])).rejects.toMatchObject({ kind: 'worker-crashed' });
    const importMs = Date.now() - started;
    // Two attempts each (one retry on the restarted worker).
    expect(quickMs).toBeGreaterThanOrEqual(200);
    expect(importMs).toBeGreaterThanOrEqual(800);
    expect(importMs).toBeGreaterThan(quickMs * 2);
  });

  it('treats a call that exceeds its timeout as a hung worker: restart, then reject with worker-crashed if it hangs again', async () => {
    const { bridge, workers } = setup(() => ({ recommend: () => never() }));
    await bridge.load('http://x/data/');
    const started = Date.now();
    const error = await bridge.recommend(1, { vector: null, ratings: packRatings([], 0) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).kind).toBe('worker-crashed');
    expect((error as EngineError).message).toMatch(/did not answer within 0 s|did not answer/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    expect(workers.length).toBe(3);
    expect(workers.slice(0, 2).every((w) => w.terminated)).toBe(true);
  });

  it('a hung load (no progress) restarts the worker and the load follows the fresh worker', async () => {
    const { bridge, loads } = setup((index) => ({ load: async () => (index === 0 ? never<EngineStatus>() : STATUS) }));
    const status = await bridge.load('http://x/data/');
    expect(status.ready).toBe(true);
    expect(loads).toHaveLength(2);
  });

  it('a corrupt shard fails the load with a message naming the file; retry() loads again on a fresh worker', async () => {
    let corrupt = true;
    const { bridge, workers } = setup(() => ({
      load: async () => {
        if (corrupt) throw new ShardError('movies-0.bin', 'corrupt', 'checksum mismatch');
        return STATUS;
      },
    }));
    const error = await bridge.load('http://x/data/').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({ kind: 'shard-corrupt', file: 'movies-0.bin' });
    expect((error as Error).message).toContain('movies-0.bin');
    const state = bridge.getState();
    expect(state.phase === 'failed' && state.error.message).toContain('movies-0.bin');
    await expect(bridge.getMovies([1])).rejects.toMatchObject({ kind: 'shard-corrupt' });
    corrupt = false;
    await bridge.retry();
    expect(bridge.getState().phase).toBe('ready');
    expect(workers[0].terminated).toBe(true);
  });

  it('progress messages that arrive after a failed load do not turn the failure back into loading', async () => {
    const { bridge } = setup(() => ({
      load: async (_url, onProgress) => {
        for (let i = 1; i <= 5; i++) void onProgress?.({ loadedBytes: i, totalBytes: 5, file: 'keywords.bin' });
        throw new ShardError('model.bin', 'missing', 'the server answered 404 Not Found');
      },
    }));
    await expect(bridge.load('http://x/data/')).rejects.toMatchObject({ kind: 'shard-missing' });
    await new Promise((r) => setTimeout(r, 50));
    expect(bridge.getState()).toMatchObject({ phase: 'failed', error: { kind: 'shard-missing' } });
  });

  it('gives up after the restart budget and stays recoverable through retry()', async () => {
    const { bridge, workers } = setup((index) => ({ load: async () => (index < 3 ? never<EngineStatus>() : STATUS) }), {
      maxRestarts: 1,
      loadIdleTimeoutMs: 100,
    });
    const error = await bridge.load('http://x/data/').catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'worker-crashed' });
    expect(bridge.getState().phase).toBe('failed');
    expect(workers.length).toBe(3);
    await new Promise((r) => setTimeout(r, 150));
    expect(workers.length).toBe(3); // no restart loop
    await bridge.retry();
    expect(bridge.getState().phase).toBe('ready');
  });
});

describe('one error model: mapped once in the worker, carried as {kind, message, file?}', () => {
  it('the worker maps every failure to a payload (shard kinds with the file, RangeError → bad-input, anything else → internal)', () => {
    expect(toEngineErrorPayload(new ShardError('manifest.json', 'version', 'format 2, expected 1'))).toEqual({
      kind: 'shard-version',
      message: 'Data file "manifest.json" has the wrong format version: format 2, expected 1',
      file: 'manifest.json',
    });
    expect(toEngineErrorPayload(new ShardError('a.bin', 'missing', 'HTTP 404'))).toMatchObject({ kind: 'shard-missing', file: 'a.bin' });
    expect(toEngineErrorPayload(new ShardError('x.bin', 'corrupt', 'bad'))).toMatchObject({ kind: 'shard-corrupt', file: 'x.bin' });
    expect(toEngineErrorPayload(new ShardError('x.bin', 'checksum', 'sha-256 differs'))).toMatchObject({ kind: 'shard-corrupt', file: 'x.bin' });
    expect(toEngineErrorPayload(new RangeError('rating 7 is outside 0–5'))).toEqual({ kind: 'bad-input', message: 'rating 7 is outside 0–5' });
    expect(toEngineErrorPayload(new WorkerEngineError('cancelled', 'Superseded'))).toEqual({ kind: 'cancelled', message: 'Superseded' });
    expect(toEngineErrorPayload(new Error('boom'))).toEqual({ kind: 'internal', message: 'boom' });
    expect(toEngineErrorPayload('weird')).toEqual({ kind: 'internal', message: 'weird' });
  });

  it('the page reads the kind from the fields only, never from the message', () => {
    expect(toEngineError({ kind: 'shard-missing', message: 'Data file "a.bin" could not be loaded', file: 'a.bin' })).toMatchObject({
      kind: 'shard-missing',
      file: 'a.bin',
    });
    expect(toEngineError(Object.assign(new Error('x'), { kind: 'bad-input' })).kind).toBe('bad-input');
    expect(toEngineError({ kind: 'no-such-kind', message: 'x' }).kind).toBe('internal');
    expect(toEngineError(new Error('[not-loaded] call load() first'))).toMatchObject({ kind: 'internal', message: '[not-loaded] call load() first' });
    expect(toEngineError('weird').kind).toBe('internal');
    const same = new EngineError('cancelled', 'Superseded');
    expect(toEngineError(same)).toBe(same);
  });

  it('a failure crosses Comlink whole: kind, message and file', async () => {
    const { bridge } = setup(() => ({
      search: async () => {
        throw new WorkerEngineError('cancelled', 'Superseded by a newer search.');
      },
      genres: async () => {
        throw new ShardError('keywords.bin', 'version', 'format 9');
      },
    }));
    await bridge.load('http://x/data/');
    await expect(bridge.search('x')).rejects.toMatchObject({ name: 'EngineError', kind: 'cancelled', message: 'Superseded by a newer search.' });
    await expect(bridge.genres()).rejects.toMatchObject({ kind: 'shard-version', file: 'keywords.bin' });
  });
});
