// The "available offline" download (src/app/offline/offlineDetails.ts) over a fake bridge: every chunk not yet held is
// fetched once, in order, with progress; stop() ends it after the chunk in flight; a failure stops with the message and
// Try again resumes; done is not repeated.
import { describe, expect, it } from 'vitest';
import type { DetailsChunkInfo, LoadProgress } from '../../src/bridge/engineApi';
import { EngineError } from '../../src/bridge/engineErrors';
import { createOfflineDetailsDownload, offlineDetailsStatusText, type OfflineDetailsState } from '../../src/app/offline/offlineDetails';

const CHUNKS: DetailsChunkInfo[] = [
  { index: 0, name: 'details-000.bin', bytes: 100, loaded: false },
  { index: 1, name: 'details-001.bin', bytes: 200, loaded: true },
  { index: 2, name: 'details-002.bin', bytes: 300, loaded: false },
];

function fakeBridge(options: { failOn?: number; gate?: Promise<void> } = {}) {
  const fetched: number[] = [];
  let failures = options.failOn === undefined ? 0 : 1;
  return {
    fetched,
    bridge: {
      detailsChunks: async () => CHUNKS,
      async prefetchDetailsChunk(index: number, onProgress?: (p: LoadProgress) => void) {
        await options.gate;
        if (index === options.failOn && failures > 0) {
          failures -= 1;
          throw new EngineError('shard-missing', `Data file "${CHUNKS[index].name}" could not be loaded: network error`, { file: CHUNKS[index].name });
        }
        onProgress?.({ loadedBytes: CHUNKS[index].bytes / 2, totalBytes: CHUNKS[index].bytes, file: CHUNKS[index].name });
        fetched.push(index);
      },
    },
  };
}

describe('the "available offline" download', () => {
  it('fetches each chunk not held yet, in order, with byte progress summed over the chunks, then says done', async () => {
    const { bridge, fetched } = fakeBridge();
    const download = createOfflineDetailsDownload(bridge);
    const seen: OfflineDetailsState[] = [];
    download.subscribe(() => seen.push(download.getState()));
    await download.start();
    expect(fetched).toEqual([0, 2]);
    expect(download.getState()).toEqual({ phase: 'done', totalFiles: 3, totalBytes: 600 });
    const loaded = seen.flatMap((s) => (s.phase === 'downloading' ? [s.loadedBytes] : []));
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
    expect(loaded).toContain(50);
    expect(loaded).toContain(300 + 150);
    expect(offlineDetailsStatusText(download.getState(), (b) => `${b} B`)).toBe('Every movie page is available offline (3 parts, 600 B).');
    // Done is not repeated.
    await download.start();
    expect(fetched).toEqual([0, 2]);
  });

  it('stop() ends the run after the chunk in flight and shows nothing more', async () => {
    let open!: () => void;
    const { bridge, fetched } = fakeBridge({ gate: new Promise<void>((resolve) => (open = resolve)) });
    const download = createOfflineDetailsDownload(bridge);
    const running = download.start();
    await new Promise((resolve) => setTimeout(resolve, 0));
    download.stop();
    open();
    await running;
    expect(fetched).toEqual([0]);
    expect(download.getState()).toEqual({ phase: 'off' });
    expect(offlineDetailsStatusText(download.getState(), String)).toBe('');
  });

  it('a failing chunk stops the run with its message; Try again (start) finishes it', async () => {
    const { bridge, fetched } = fakeBridge({ failOn: 2 });
    const download = createOfflineDetailsDownload(bridge);
    await download.start();
    const failed = download.getState();
    expect(failed).toMatchObject({ phase: 'failed', doneFiles: 2, totalFiles: 3 });
    expect(offlineDetailsStatusText(failed, String)).toBe(
      'The download stopped after 2 of 3 parts: Data file "details-002.bin" could not be loaded: network error',
    );
    await download.start();
    expect(download.getState()).toMatchObject({ phase: 'done' });
    expect(fetched).toEqual([0, 0, 2]);
  });

  it('progress text while downloading', () => {
    expect(offlineDetailsStatusText({ phase: 'downloading', doneFiles: 0, totalFiles: 0, loadedBytes: 0, totalBytes: 0 }, String)).toBe(
      'Preparing the download…',
    );
    expect(offlineDetailsStatusText({ phase: 'downloading', doneFiles: 12, totalFiles: 44, loadedBytes: 1200, totalBytes: 4900 }, (b) => `${b} B`)).toBe(
      'Downloading movie pages for offline use: 12 of 44 parts (1200 B of 4900 B)…',
    );
  });
});
