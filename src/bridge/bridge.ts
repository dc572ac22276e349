// UI side of the engine worker: Comlink proxy with call timeouts, crash/hang detection, automatic restart and re-load.
import * as Comlink from 'comlink';
import type { ParsedImport } from '../storage/importExport';
import type { EngineStatus, EngineWorkerApi, HistoryAnalysis, HistoryImportProgress, LoadProgress } from './engineApi';
import { EngineError, toEngineError } from './engineErrors';

// The error model lives in engineErrors.ts; the UI imports it from here with the bridge.
export { EngineError, toEngineError };

/** What the bridge needs from a Worker (a real one, or a MessagePort-backed fake in tests). */
export interface WorkerLike extends Comlink.Endpoint {
  terminate(): void;
}

export type BridgeState =
  | { phase: 'idle' }
  | { phase: 'loading'; progress: LoadProgress | null; restarts: number }
  | { phase: 'ready'; status: EngineStatus; restarts: number }
  | { phase: 'failed'; error: EngineError; restarts: number };

export interface EngineBridge extends EngineWorkerApi {
  getState(): BridgeState;
  /** Called on every state change (loading progress, ready, failed); returns an unsubscribe function. */
  subscribe(listener: (state: BridgeState) => void): () => void;
  /** Terminates the worker, starts a fresh one and re-runs the last load (the Retry button). */
  retry(): Promise<EngineStatus>;
  /**
   * Which of `ids` the loaded catalog holds. Ids the engine has already returned in this load (search, lists,
   * getMovies) are answered on the main thread at once, so saving a rating never waits behind engine work (a user
   * vector fit); only unseen ids ask the worker, which answers ids only (`knownIds`), not summaries. Imports use it too.
   */
  catalogIds(ids: number[]): Promise<number[]>;
  /** Number of automatic restarts so far. */
  restartCount(): number;
  dispose(): void;
}

export interface EngineBridgeOptions {
  createWorker?: () => WorkerLike;
  /** Timeout of quick calls (search, getMovies, genres, status). */
  callTimeoutMs?: number;
  /** Timeout of compute calls (recommend, forYou, fitUser). */
  computeTimeoutMs?: number;
  /** A load is hung when no progress arrives for this long. */
  loadIdleTimeoutMs?: number;
  /** Automatic restarts allowed before the bridge gives up and waits for retry(). */
  maxRestarts?: number;
}

function createEngineWorker(): WorkerLike {
  return new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), { type: 'module', name: 'cinelocal-engine' });
}

interface WorkerSession {
  worker: WorkerLike;
  remote: Comlink.Remote<EngineWorkerApi>;
  generation: number;
  /** Rejecters of calls in flight on this worker, so a crash can fail them at once instead of leaving them hanging. */
  pending: Set<(error: EngineError) => void>;
  onError: (event: Event) => void;
}

type QuickMethod = 'status' | 'search' | 'getMovies' | 'genres' | 'titleOrder' | 'knownIds' | 'parseRatingsFile' | 'onboardingMovies' | 'explore' | 'people';
type ComputeMethod = 'recommend' | 'forYou' | 'fitUser' | 'predictRatings' | 'groupRecommend' | 'tasteProfile';

export function createEngineBridge(options: EngineBridgeOptions = {}): EngineBridge {
  const createWorker = options.createWorker ?? createEngineWorker;
  const callTimeoutMs = options.callTimeoutMs ?? 15_000;
  const computeTimeoutMs = options.computeTimeoutMs ?? 30_000;
  const loadIdleTimeoutMs = options.loadIdleTimeoutMs ?? 60_000;
  const maxRestarts = options.maxRestarts ?? 3;

  let state: BridgeState = { phase: 'idle' };
  const listeners = new Set<(state: BridgeState) => void>();
  let restarts = 0;
  let generation = 0;
  let disposed = false;
  let lastLoad: { baseUrl: string; onProgress?: (p: LoadProgress) => void } | null = null;
  /** The load every call waits for after a restart; null before the first load. */
  let loading: Promise<EngineStatus> | null = null;
  let session = startSession();
  /** Movie ids the engine returned since the last load started (the catalog can change with a load). */
  let seenIds = new Set<number>();
  const remember = <T>(value: T, ids: (value: T) => Iterable<number>): T => {
    for (const id of ids(value)) seenIds.add(id);
    return value;
  };

  function setState(next: BridgeState): void {
    state = next;
    for (const listener of listeners) listener(next);
  }

  function startSession(): WorkerSession {
    generation += 1;
    const worker = createWorker();
    const current: WorkerSession = {
      worker,
      remote: Comlink.wrap<EngineWorkerApi>(worker),
      generation,
      pending: new Set(),
      onError: (event: Event) => {
        const detail = (event as ErrorEvent).message;
        event.preventDefault?.();
        crash(current, `The engine worker crashed${detail ? ` (${detail})` : ''}.`);
      },
    };
    worker.addEventListener('error', current.onError);
    worker.addEventListener('messageerror', current.onError);
    return current;
  }

  function stopSession(old: WorkerSession, reason: EngineError): void {
    old.worker.removeEventListener('error', old.onError);
    old.worker.removeEventListener('messageerror', old.onError);
    old.worker.terminate();
    for (const reject of old.pending) reject(reason);
    old.pending.clear();
  }

  /** Ends a crashed or hung worker, fails its calls with 'worker-crashed', and restarts + re-loads (within the restart budget). */
  function crash(crashed: WorkerSession, message: string): void {
    if (crashed !== session || disposed) return;
    const error = new EngineError('worker-crashed', message);
    stopSession(crashed, error);
    session = startSession();
    if (restarts >= maxRestarts) {
      loading = Promise.reject(error);
      loading.catch(() => undefined);
      setState({ phase: 'failed', error, restarts });
      return;
    }
    restarts += 1;
    if (lastLoad) {
      loading = runLoad(lastLoad.baseUrl, lastLoad.onProgress);
      loading.catch(() => undefined);
    }
  }

  /** Runs `invoke` on the current worker, failing with 'worker-crashed' on crash or after `timeoutMs` (which restarts the worker). */
  function callOnSession<T>(
    target: WorkerSession,
    invoke: (remote: Comlink.Remote<EngineWorkerApi>) => Promise<T>,
    timeoutMs: number,
    what: string,
    onTimerReset?: (reset: () => void) => void,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const arm = () => {
        if (timer !== undefined) clearTimeout(timer);
        timer = setTimeout(() => crash(target, `The engine did not answer ${what} within ${Math.round(timeoutMs / 1000)} s and was restarted.`), timeoutMs);
      };
      const settle = () => {
        if (timer !== undefined) clearTimeout(timer);
        target.pending.delete(rejecter);
      };
      const rejecter = (error: EngineError) => {
        settle();
        reject(error);
      };
      target.pending.add(rejecter);
      arm();
      onTimerReset?.(arm);
      invoke(target.remote).then(
        (value) => {
          settle();
          resolve(value);
        },
        (error: unknown) => {
          settle();
          reject(toEngineError(error));
        },
      );
    });
  }

  async function runLoad(baseUrl: string, onProgress?: (p: LoadProgress) => void, refetch: string[] = []): Promise<EngineStatus> {
    const target = session;
    seenIds = new Set();
    setState({ phase: 'loading', progress: null, restarts });
    let resetIdleTimer: () => void = () => undefined;
    let settled = false;
    const progressProxy = Comlink.proxy((progress: LoadProgress) => {
      // Progress messages can arrive after the load settled (they are separate messages): never undo 'failed' or 'ready'.
      if (target !== session || settled) return;
      resetIdleTimer();
      setState({ phase: 'loading', progress, restarts });
      onProgress?.(progress);
    });
    try {
      const status = await callOnSession(
        target,
        (remote) => (refetch.length > 0 ? remote.load(baseUrl, progressProxy, refetch) : remote.load(baseUrl, progressProxy)),
        loadIdleTimeoutMs,
        'while loading',
        (reset) => {
          resetIdleTimer = reset;
        },
      );
      settled = true;
      if (target === session) setState({ phase: 'ready', status, restarts });
      return status;
    } catch (error) {
      settled = true;
      const engineError = toEngineError(error);
      // A crash already started a new load on a fresh worker: follow it instead of failing.
      if (engineError.kind === 'worker-crashed' && target !== session && loading && state.phase !== 'failed') return loading;
      if (target === session) setState({ phase: 'failed', error: engineError, restarts });
      throw engineError;
    }
  }

  async function call<T>(
    what: string,
    timeoutMs: number,
    invoke: (remote: Comlink.Remote<EngineWorkerApi>) => Promise<T>,
    onTimerReset?: (reset: () => void) => void,
  ): Promise<T> {
    if (disposed) throw new EngineError('not-loaded', 'The engine was shut down.');
    for (let attempt = 0; ; attempt++) {
      if (loading) await loading;
      try {
        return await callOnSession(session, invoke, timeoutMs, what, onTimerReset);
      } catch (error) {
        const engineError = toEngineError(error);
        // Calls are read-only, so one retry on the restarted worker is safe.
        if (engineError.kind !== 'worker-crashed' || attempt >= 1 || state.phase === 'failed') throw engineError;
      }
    }
  }

  const quick = <K extends QuickMethod>(name: K) => name;
  const compute = <K extends ComputeMethod>(name: K) => name;

  const bridge: EngineBridge = {
    load(baseUrl, onProgress) {
      lastLoad = { baseUrl, onProgress };
      loading = runLoad(baseUrl, onProgress);
      return loading;
    },
    status: () => call(quick('status'), callTimeoutMs, (r) => r.status()),
    search: async (query, limit, channel) =>
      remember(await call(quick('search'), callTimeoutMs, (r) => r.search(query, limit, channel)), (hits) => hits.map((h) => h.movie.id)),
    getMovies: async (ids) => remember(await call(quick('getMovies'), callTimeoutMs, (r) => r.getMovies(ids)), (movies) => movies.map((m) => m.id)),
    genres: () => call(quick('genres'), callTimeoutMs, (r) => r.genres()),
    titleOrder: (ids) => call(quick('titleOrder'), callTimeoutMs, (r) => r.titleOrder(ids)),
    knownIds: (ids) => call(quick('knownIds'), callTimeoutMs, (r) => r.knownIds(ids)),
    parseRatingsFile: (fileName, text, now) =>
      call<ParsedImport | { fileError: string }>(quick('parseRatingsFile'), callTimeoutMs, (r) => r.parseRatingsFile(fileName, text, now)),
    recommend: async (movieId, user, opts) =>
      remember(await call(compute('recommend'), computeTimeoutMs, (r) => r.recommend(movieId, user, opts)), (list) => list.map((item) => item.movie.id)),
    forYou: async (vector, opts) =>
      remember(await call(compute('forYou'), computeTimeoutMs, (r) => r.forYou(vector, opts)), (list) => list.map((item) => item.movie.id)),
    async catalogIds(ids) {
      if (state.phase === 'ready' && ids.every((id) => seenIds.has(id))) return ids;
      return remember(Array.from(await bridge.knownIds(ids)), (known) => known);
    },
    fitUser: (ratings) => call(compute('fitUser'), computeTimeoutMs, (r) => r.fitUser(ratings)),
    predictRatings: (vector, ids) => call(compute('predictRatings'), computeTimeoutMs, (r) => r.predictRatings(vector, ids)),
    tasteProfile: (ratings) => call(compute('tasteProfile'), computeTimeoutMs, (r) => r.tasteProfile(ratings)),
    groupRecommend: async (members, opts) =>
      remember(await call(compute('groupRecommend'), computeTimeoutMs, (r) => r.groupRecommend(members, opts)), (list) => list.map((item) => item.movie.id)),
    onboardingMovies: async (options) =>
      remember(await call(quick('onboardingMovies'), callTimeoutMs, (r) => r.onboardingMovies(options)), (page) => page.movies.map((m) => m.id)),
    explore: async (filter, sort, user, paging) =>
      remember(await call(quick('explore'), callTimeoutMs, (r) => r.explore(filter, sort, user, paging)), (result) =>
        result.items.map((item) => item.movie.id),
      ),
    people: (query, limit) => call(quick('people'), callTimeoutMs, (r) => r.people(query, limit)),
    async getMovieDetails(id, onProgress) {
      // The first page of a chunk downloads it: its progress re-arms the timeout, so a slow network is not taken for a hang.
      let rearm: () => void = () => undefined;
      const progress = Comlink.proxy((p: LoadProgress) => {
        rearm();
        onProgress?.(p);
      });
      const details = await call(
        'getMovieDetails',
        computeTimeoutMs,
        (r) => r.getMovieDetails(id, progress),
        (reset) => {
          rearm = reset;
        },
      );
      return details ? remember(details, (d) => [d.movie.id]) : null;
    },
    detailsChunks: () => call('detailsChunks', callTimeoutMs, (r) => r.detailsChunks()),
    async prefetchDetailsChunk(index, onProgress) {
      // Progress re-arms the timeout, as for the movie page's own chunk.
      let rearm: () => void = () => undefined;
      const progress = Comlink.proxy((p: LoadProgress) => {
        rearm();
        onProgress?.(p);
      });
      await call(
        'prefetchDetailsChunk',
        computeTimeoutMs,
        (r) => r.prefetchDetailsChunk(index, progress),
        (reset) => {
          rearm = reset;
        },
      );
    },
    async describe(query, limit, channel, onProgress) {
      // The first call downloads describe.bin: its progress re-arms the timeout, as for the details chunks.
      let rearm: () => void = () => undefined;
      const progress = Comlink.proxy((p: LoadProgress) => {
        rearm();
        onProgress?.(p);
      });
      const results = await call(
        'describe',
        computeTimeoutMs,
        (r) => r.describe(query, limit, channel, progress),
        (reset) => {
          rearm = reset;
        },
      );
      return remember(results, (list) => list.map((item) => item.movie.id));
    },
    async analyseHistoryImport(files, onProgress) {
      // Each attempt transfers a fresh copy (one memcpy, no clone on this thread), so a retry after a worker crash still
      // has the bytes; the worker reports each stage and imdb.bin's download, which re-arms the timeout.
      let rearm: () => void = () => undefined;
      const progress = Comlink.proxy((p: HistoryImportProgress) => {
        rearm();
        onProgress?.(p);
      });
      return call<HistoryAnalysis>(
        'analyseHistoryImport',
        computeTimeoutMs * 4,
        (r) => {
          const copies = files.map((f) => ({ name: f.name, bytes: f.bytes.slice() }));
          // Comlink's Remote<> spreads the union apart; the value is the worker's HistoryAnalysis as is.
          return r.analyseHistoryImport(
            Comlink.transfer(
              copies,
              copies.map((c) => c.bytes.buffer),
            ),
            progress,
          ) as Promise<HistoryAnalysis>;
        },
        (reset) => {
          rearm = reset;
        },
      );
    },
    letterboxdCsv: (ratings) =>
      call('letterboxdCsv', computeTimeoutMs, (r) => {
        const copy = { movieIds: ratings.movieIds.slice(), ratings: ratings.ratings.slice(), updatedAt: ratings.updatedAt.slice() };
        return r.letterboxdCsv(Comlink.transfer(copy, [copy.movieIds.buffer, copy.ratings.buffer, copy.updatedAt.buffer]));
      }),
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    retry() {
      if (!lastLoad) return Promise.reject(new EngineError('not-loaded', 'Nothing to retry: the engine was never asked to load.'));
      // A file that failed its check is fetched again past every cache (the worker already evicted it).
      const refetch = state.phase === 'failed' && state.error.file ? [state.error.file, 'manifest.json'] : [];
      stopSession(session, new EngineError('worker-crashed', 'The engine was restarted.'));
      session = startSession();
      restarts = 0;
      loading = runLoad(lastLoad.baseUrl, lastLoad.onProgress, [...new Set(refetch)]);
      return loading;
    },
    restartCount: () => restarts,
    dispose() {
      disposed = true;
      stopSession(session, new EngineError('not-loaded', 'The engine was shut down.'));
      listeners.clear();
    },
  };
  return bridge;
}
