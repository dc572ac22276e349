// UI side of the engine worker: Comlink proxy with call timeouts, crash/hang detection, automatic restart and re-load.
import * as Comlink from 'comlink';
import { ENGINE_METHODS, type EngineCallTimeout, type EngineMethod, type EngineStatus, type EngineWorkerApi, type LoadProgress } from './engineApi';
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

type Answer<K extends EngineMethod> = Awaited<ReturnType<EngineWorkerApi[K]>>;

/** The movie ids in each answer that lists movies: remembered, so catalogIds answers them on this thread. */
const RETURNED_IDS: { [K in EngineMethod]?: (answer: Answer<K>) => Iterable<number> } = {
  search: (hits) => hits.map((h) => h.movie.id),
  getMovies: (movies) => movies.map((m) => m.id),
  recommend: (list) => list.map((item) => item.movie.id),
  forYou: (list) => list.map((item) => item.movie.id),
  groupRecommend: (result) => result.picks.map((item) => item.movie.id),
  onboardingMovies: (page) => page.movies.map((m) => m.id),
  explore: (result) => result.items.map((item) => item.movie.id),
  getMovieDetails: (details) => (details ? [details.movie.id] : []),
  describe: (list) => list.map((item) => item.movie.id),
};

/**
 * Arguments sent by transfer (one memcpy, no clone on this thread): each attempt sends fresh copies, so the retry after a
 * worker crash still has the bytes.
 */
const TRANSFERRED: { [K in EngineMethod]?: (...args: Parameters<EngineWorkerApi[K]>) => Parameters<EngineWorkerApi[K]> } = {
  analyseHistoryImport: (files, onProgress) => {
    const copies = files.map((f) => ({ name: f.name, bytes: f.bytes.slice() }));
    return [
      Comlink.transfer(
        copies,
        copies.map((c) => c.bytes.buffer),
      ),
      onProgress,
    ];
  },
  letterboxdCsv: (ratings) => {
    const copy = { movieIds: ratings.movieIds.slice(), ratings: ratings.ratings.slice(), updatedAt: ratings.updatedAt.slice() };
    return [Comlink.transfer(copy, [copy.movieIds.buffer, copy.ratings.buffer, copy.updatedAt.buffer])];
  },
};

/** The remote as plain functions by name (Comlink's Remote<> types each method apart; the table's methods are called by name). */
type RemoteByName = Record<EngineMethod, (...args: unknown[]) => Promise<unknown>>;

export function createEngineBridge(options: EngineBridgeOptions = {}): EngineBridge {
  const createWorker = options.createWorker ?? createEngineWorker;
  const callTimeoutMs = options.callTimeoutMs ?? 15_000;
  const computeTimeoutMs = options.computeTimeoutMs ?? 30_000;
  const loadIdleTimeoutMs = options.loadIdleTimeoutMs ?? 60_000;
  const maxRestarts = options.maxRestarts ?? 3;
  const timeouts: Record<EngineCallTimeout, number> = {
    quick: callTimeoutMs,
    compute: computeTimeoutMs,
    import: computeTimeoutMs * 4,
    loadIdle: loadIdleTimeoutMs,
  };

  let state: BridgeState = { phase: 'idle' };
  const listeners = new Set<(state: BridgeState) => void>();
  let restarts = 0;
  let generation = 0;
  let disposed = false;
  let lastLoad: { baseUrl: string; onProgress?: (p: LoadProgress) => void } | null = null;
  /** The load every call waits for after a restart; null before the first load. */
  let loading: Promise<EngineStatus> | null = null;
  /** The load's second stage (keywords, models): calls outside the catalog stage wait for it too; null when none is pending. */
  let completing: Promise<EngineStatus> | null = null;
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
    completing = null;
    const progressProxy = Comlink.proxy((progress: LoadProgress) => {
      if (target !== session) return;
      // The second stage's downloads keep its wait alive, as the first stage's keep the load's.
      resetIdleTimer();
      // Progress messages can arrive after the load settled (they are separate messages): never undo 'failed' or 'ready'.
      if (settled) return;
      setState({ phase: 'loading', progress, restarts });
      onProgress?.(progress);
    });
    try {
      const status = await callOnSession(
        target,
        (remote) => (refetch.length > 0 ? remote.load(baseUrl, progressProxy, refetch) : remote.load(baseUrl, progressProxy)),
        timeouts[ENGINE_METHODS.load.timeout],
        'while loading',
        (reset) => {
          resetIdleTimer = reset;
        },
      );
      settled = true;
      if (target === session) setState({ phase: 'ready', status, restarts });
      if (status.complete === false && target === session) completing = awaitSecondStage(target, (reset) => (resetIdleTimer = reset));
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

  /** The second stage on this worker: 'ready' again with the complete status, or 'failed' with the file that failed. */
  function awaitSecondStage(target: WorkerSession, onTimerReset: (reset: () => void) => void): Promise<EngineStatus> {
    const second = callOnSession(target, (remote) => remote.whenLoaded(), timeouts.loadIdle, 'while loading the models', onTimerReset);
    second.then(
      (status) => {
        if (target === session && state.phase === 'ready') setState({ phase: 'ready', status, restarts });
      },
      (error: unknown) => {
        const engineError = toEngineError(error);
        // A crash already started a new load on a fresh worker: that load reports.
        if (target === session && !(engineError.kind === 'worker-crashed' && state.phase === 'loading'))
          setState({ phase: 'failed', error: engineError, restarts });
      },
    );
    return second;
  }

  async function call<T>(
    what: string,
    timeoutMs: number,
    invoke: (remote: Comlink.Remote<EngineWorkerApi>) => Promise<T>,
    onTimerReset?: (reset: () => void) => void,
    catalogStage = false,
  ): Promise<T> {
    if (disposed) throw new EngineError('not-loaded', 'The engine was shut down.');
    for (let attempt = 0; ; attempt++) {
      if (loading) await loading;
      try {
        // Outside the catalog stage, the call's own timeout starts once the models are in (a slow network is not a hang).
        if (!catalogStage && completing) await completing;
        return await callOnSession(session, invoke, timeoutMs, what, onTimerReset);
      } catch (error) {
        const engineError = toEngineError(error);
        // Calls are read-only, so one retry on the restarted worker is safe.
        if (engineError.kind !== 'worker-crashed' || attempt >= 1 || state.phase === 'failed') throw engineError;
      }
    }
  }

  /** A bridge method from its ENGINE_METHODS row: its timeout, progress that re-arms it, transferred arguments, remembered ids. */
  function forward<K extends EngineMethod>(name: K): EngineWorkerApi[K] {
    const progressArg: number | undefined = (ENGINE_METHODS[name] as { progressArg?: number }).progressArg;
    const transfer = TRANSFERRED[name] as ((...args: unknown[]) => unknown[]) | undefined;
    const ids = RETURNED_IDS[name] as ((answer: unknown) => Iterable<number>) | undefined;
    const method = async (...args: unknown[]) => {
      let rearm: () => void = () => undefined;
      const sent = progressArg === undefined ? args : Array.from({ length: Math.max(args.length, progressArg + 1) }, (_, i) => args[i]);
      if (progressArg !== undefined) {
        // A download's progress re-arms the timeout, so a slow network is not taken for a hang.
        const onProgress = args[progressArg] as ((p: unknown) => void) | undefined;
        sent[progressArg] = Comlink.proxy((p: unknown) => {
          rearm();
          onProgress?.(p);
        });
      }
      const answer = await call(
        name,
        timeouts[ENGINE_METHODS[name].timeout],
        (remote) => (remote as unknown as RemoteByName)[name](...(transfer ? transfer(...sent) : sent)),
        progressArg === undefined
          ? undefined
          : (reset) => {
              rearm = reset;
            },
        (ENGINE_METHODS[name] as { stage?: 'catalog' }).stage === 'catalog',
      );
      return ids ? remember(answer, ids) : answer;
    };
    return method as unknown as EngineWorkerApi[K];
  }

  const forwarded = Object.fromEntries((Object.keys(ENGINE_METHODS) as EngineMethod[]).map((name) => [name, forward(name)])) as unknown as EngineWorkerApi;

  const bridge: EngineBridge = {
    ...forwarded,
    load(baseUrl, onProgress) {
      lastLoad = { baseUrl, onProgress };
      loading = runLoad(baseUrl, onProgress);
      return loading;
    },
    async catalogIds(ids) {
      if (state.phase === 'ready' && ids.every((id) => seenIds.has(id))) return ids;
      return remember(Array.from(await bridge.knownIds(ids)), (known) => known);
    },
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
