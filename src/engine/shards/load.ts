// The one shard loader: fetch manifest.json and every shard through a fetcher, check the manifest, report progress,
// and decode (each shard's size, SHA-256 and arrays checked as it arrives, then the cross-file checks). The fetcher is
// where browser and Node differ: fetchBrowser.ts (HTTP with progress and a size cap) and fetchNode.ts (a folder on disk).
import {
  CATALOG_FILES,
  SHARD_FILES,
  checkManifest,
  decodeCatalog,
  decodeContents,
  verifyAndReadShard,
  type Catalog,
  type Dataset,
  type ShardManifest,
} from './dataset';
import { ShardError, type ShardContents } from './format';
import type { PhaseTimes } from '../phases';

/** Reads one file below the shard folder; `onBytes` reports download progress; `maxBytes` (from the manifest) bounds the read. */
export type ShardFetcher = (name: string, onBytes?: (loaded: number) => void, maxBytes?: number) => Promise<Uint8Array>;

export interface ShardLoadProgress {
  loadedBytes: number;
  totalBytes: number;
  /** The shard whose bytes just arrived. */
  file: string;
}

function parseManifest(manifestBytes: Uint8Array): ShardManifest {
  let manifest: ShardManifest;
  try {
    manifest = JSON.parse(new TextDecoder().decode(manifestBytes)) as ShardManifest;
  } catch {
    const looksLikeHtml = /^\s*</.test(new TextDecoder().decode(manifestBytes.subarray(0, 64)));
    throw new ShardError('manifest.json', 'corrupt', looksLikeHtml ? 'the server returned an HTML page instead of the manifest' : 'not valid JSON');
  }
  if (!Array.isArray(manifest?.files)) throw new ShardError('manifest.json', 'corrupt', 'no file list');
  for (const [i, f] of manifest.files.entries()) {
    if (typeof f !== 'object' || f === null || typeof f.name !== 'string' || !Number.isSafeInteger(f.bytes) || f.bytes < 0)
      throw new ShardError('manifest.json', 'corrupt', `file entry ${i} has no valid name and byte count`);
  }
  return manifest;
}

/** What a staged load gives: the catalog first (search can answer), then the whole dataset. */
export interface StagedDataset {
  /** catalog.bin and genres.bin checked and decoded (rejects like `dataset` when they fail). */
  catalog: Promise<{ manifest: ShardManifest; catalog: Catalog }>;
  /** Every start-up shard checked and decoded; rejects with the ShardError of the first file that failed. */
  dataset: Promise<Dataset>;
}

/**
 * Fetch manifest.json and the start-up shards in two stages: catalog.bin and genres.bin first (about a quarter of the
 * bytes; title search and summaries need nothing else), then keywords and the models. The downloads are bandwidth-bound
 * (issue 21 item 4), so the second stage starts once the first stage's bytes are in, not beside them. Progress is
 * summed over every start-up file throughout.
 */
export function loadDatasetStaged(fetchFile: ShardFetcher, onProgress?: (p: ShardLoadProgress) => void, phases?: PhaseTimes): StagedDataset {
  const catalog = (async () => {
    const manifest = parseManifest(await fetchFile('manifest.json'));
    // A wrong format version or a missing entry is refused before 9 MB are downloaded.
    checkManifest(manifest);
    phases?.lap('manifest');
    return manifest;
  })().then(async (manifest) => {
    const fetching = fetchShards(manifest, fetchFile, onProgress, phases);
    const contents = await fetching.stage(CATALOG_FILES);
    phases?.lap('fetch');
    return { manifest, fetching, contents, catalog: decodeCatalog(contents, phases) };
  });
  const dataset = catalog.then(async ({ manifest, fetching, contents, catalog: decoded }) => {
    const rest = await fetching.stage(SHARD_FILES.filter((name) => !CATALOG_FILES.includes(name)));
    phases?.lap('fetchModels');
    return decodeContents(manifest, { ...contents, ...rest }, undefined, phases, decoded);
  });
  const catalogOnly = catalog.then(({ manifest, catalog: decoded }) => ({ manifest, catalog: decoded }));
  // Whoever awaits only one of the two still sees its failure, and the other is not an unhandled rejection.
  dataset.catch(() => undefined);
  catalogOnly.catch(() => undefined);
  return { catalog: catalogOnly, dataset };
}

/** Fetch manifest.json and every start-up shard, then decode and verify them (both stages of loadDatasetStaged). */
export async function loadDataset(fetchFile: ShardFetcher, onProgress?: (p: ShardLoadProgress) => void, phases?: PhaseTimes): Promise<Dataset> {
  return loadDatasetStaged(fetchFile, onProgress, phases).dataset;
}

/** Downloads start-up shards a group at a time, each checked and read as it arrives; progress is summed over all of them. */
function fetchShards(
  manifest: ShardManifest,
  fetchFile: ShardFetcher,
  onProgress: ((p: ShardLoadProgress) => void) | undefined,
  phases: PhaseTimes | undefined,
) {
  const totalBytes = manifest.files.reduce((s, f) => s + (SHARD_FILES.includes(f.name) ? f.bytes : 0), 0);
  const loadedPerFile = new Map<string, number>();
  return {
    async stage(names: readonly string[]): Promise<Record<string, ShardContents>> {
      const contents: Record<string, ShardContents> = {};
      await Promise.all(
        names.map(async (name) => {
          const expected = manifest.files.find((f) => f.name === name)?.bytes;
          const bytes = await fetchFile(
            name,
            (loaded) => {
              loadedPerFile.set(name, loaded);
              let loadedBytes = 0;
              for (const v of loadedPerFile.values()) loadedBytes += v;
              onProgress?.({ loadedBytes, totalBytes, file: name });
            },
            expected,
          );
          // Checked and read as it arrives, while the other files still download.
          const started = performance.now();
          contents[name] = await verifyAndReadShard(manifest, name, bytes);
          phases?.add('fetch.checkAndRead', performance.now() - started);
        }),
      );
      return contents;
    },
  };
}
