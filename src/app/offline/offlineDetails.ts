// "Available offline" for movie pages (issue 21): when the device setting is on, every movie-details chunk the app has not
// decoded is downloaded in the background, one at a time, through the engine worker (which checks each against the
// manifest; the service worker keeps the copy). A page seen is kept by the service worker either way.
import type { EngineBridge } from '../../bridge/bridge';
import { toEngineError } from '../../bridge/engineErrors';

/** Device-wide setting key (settings table), default off. */
export const OFFLINE_DETAILS_SETTING = 'offlineMovieDetails';

export type OfflineDetailsState =
  | { phase: 'off' }
  | { phase: 'downloading'; doneFiles: number; totalFiles: number; loadedBytes: number; totalBytes: number }
  | { phase: 'done'; totalFiles: number; totalBytes: number }
  | { phase: 'failed'; message: string; doneFiles: number; totalFiles: number };

export interface OfflineDetailsDownload {
  getState(): OfflineDetailsState;
  subscribe(listener: () => void): () => void;
  /** Downloads every chunk not yet held (a no-op while running, or when done for this engine load). */
  start(): Promise<void>;
  /** Stops after the chunk in flight; pages already downloaded stay in the cache. */
  stop(): void;
}

type Bridge = Pick<EngineBridge, 'detailsChunks' | 'prefetchDetailsChunk'>;

export function createOfflineDetailsDownload(bridge: Bridge): OfflineDetailsDownload {
  let state: OfflineDetailsState = { phase: 'off' };
  const listeners = new Set<() => void>();
  /** Bumped by stop() and by every start(): a run that sees another generation ends quietly. */
  let generation = 0;
  let running: Promise<void> | null = null;
  const publish = (next: OfflineDetailsState) => {
    state = next;
    for (const listener of listeners) listener();
  };

  async function run(mine: number): Promise<void> {
    const chunks = await bridge.detailsChunks();
    const totalFiles = chunks.length;
    const totalBytes = chunks.reduce((s, c) => s + c.bytes, 0);
    let doneFiles = 0;
    let doneBytes = 0;
    publish({ phase: 'downloading', doneFiles, totalFiles, loadedBytes: 0, totalBytes });
    for (const chunk of chunks) {
      if (generation !== mine) return;
      if (!chunk.loaded) {
        await bridge.prefetchDetailsChunk(chunk.index, (p) => {
          if (generation === mine) publish({ phase: 'downloading', doneFiles, totalFiles, loadedBytes: doneBytes + p.loadedBytes, totalBytes });
        });
      }
      doneFiles += 1;
      doneBytes += chunk.bytes;
      if (generation === mine) publish({ phase: 'downloading', doneFiles, totalFiles, loadedBytes: doneBytes, totalBytes });
    }
    if (generation === mine) publish({ phase: 'done', totalFiles, totalBytes });
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      if (running || state.phase === 'done') return running ?? Promise.resolve();
      const mine = ++generation;
      const doneBefore = state.phase === 'failed' ? state.doneFiles : 0;
      publish({ phase: 'downloading', doneFiles: doneBefore, totalFiles: state.phase === 'failed' ? state.totalFiles : 0, loadedBytes: 0, totalBytes: 0 });
      running = run(mine)
        .catch((error: unknown) => {
          if (generation !== mine) return;
          const current = state;
          publish({
            phase: 'failed',
            message: toEngineError(error).message,
            doneFiles: current.phase === 'downloading' ? current.doneFiles : 0,
            totalFiles: current.phase === 'downloading' ? current.totalFiles : 0,
          });
        })
        .finally(() => {
          if (generation === mine) running = null;
        });
      return running;
    },
    stop() {
      generation += 1;
      running = null;
      publish({ phase: 'off' });
    },
  };
}

/** The one download per bridge, shared by the app-wide sync and the About toggle. */
const downloads = new WeakMap<Bridge, OfflineDetailsDownload>();
export function offlineDetailsDownload(bridge: Bridge): OfflineDetailsDownload {
  let download = downloads.get(bridge);
  if (!download) {
    download = createOfflineDetailsDownload(bridge);
    downloads.set(bridge, download);
  }
  return download;
}

/** "Downloaded 12 of 40 parts (1.2 MB of 3.9 MB)…" and friends: the toggle's status line. */
export function offlineDetailsStatusText(state: OfflineDetailsState, formatBytes: (bytes: number) => string): string {
  switch (state.phase) {
    case 'off':
      return '';
    case 'downloading':
      return state.totalFiles === 0
        ? 'Preparing the download…'
        : `Downloading movie pages for offline use: ${state.doneFiles} of ${state.totalFiles} parts (${formatBytes(state.loadedBytes)} of ${formatBytes(state.totalBytes)})…`;
    case 'done':
      return `Every movie page is available offline (${state.totalFiles} parts, ${formatBytes(state.totalBytes)}).`;
    case 'failed':
      return `The download stopped after ${state.doneFiles} of ${state.totalFiles} parts: ${state.message}`;
  }
}
