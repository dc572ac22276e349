// The one shard loader: fetch manifest.json and every shard through a fetcher, check the manifest, report progress,
// and decode (each shard's size, SHA-256 and arrays checked as it arrives, then the cross-file checks). The fetcher is
// where browser and Node differ: fetchBrowser.ts (HTTP with progress and a size cap) and fetchNode.ts (a folder on disk).
import { SHARD_FILES, checkManifest, decodeContents, verifyAndReadShard, type Dataset, type ShardManifest } from './dataset';
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

/** Fetch manifest.json and every shard (in parallel, progress summed over files), then decode and verify them. */
export async function loadDataset(fetchFile: ShardFetcher, onProgress?: (p: ShardLoadProgress) => void, phases?: PhaseTimes): Promise<Dataset> {
  const manifest = parseManifest(await fetchFile('manifest.json'));
  // A wrong format version or a missing entry is refused before 9 MB are downloaded.
  checkManifest(manifest);
  phases?.lap('manifest');
  // Start-up shards only: the details chunks and imdb.bin are listed too but fetched on first need (details.ts).
  const totalBytes = manifest.files.reduce((s, f) => s + (SHARD_FILES.includes(f.name) ? f.bytes : 0), 0);
  const loadedPerFile = new Map<string, number>();
  const contents: Record<string, ShardContents> = {};
  await Promise.all(
    SHARD_FILES.map(async (name) => {
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
      // Checked and read as it arrives, while the other files still download (start-up, issue 21 item 4).
      const started = performance.now();
      contents[name] = await verifyAndReadShard(manifest, name, bytes);
      phases?.add('fetch.checkAndRead', performance.now() - started);
    }),
  );
  phases?.lap('fetch');
  return decodeContents(manifest, contents, undefined, phases);
}
