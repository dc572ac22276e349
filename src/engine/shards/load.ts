// The one shard loader: fetch manifest.json and every shard through a fetcher, check the manifest, report progress,
// and decode (sizes, SHA-256 and versions are verified by decodeDataset). The fetcher is where browser and Node differ:
// fetchBrowser.ts (HTTP with progress and a size cap) and fetchNode.ts (a folder on disk).
import { SHARD_FILES, decodeDataset, type Dataset, type ShardManifest } from './dataset';
import { ShardError } from './format';

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
export async function loadDataset(fetchFile: ShardFetcher, onProgress?: (p: ShardLoadProgress) => void): Promise<Dataset> {
  const manifest = parseManifest(await fetchFile('manifest.json'));
  // Start-up shards only: the details chunks and imdb.bin are listed too but fetched on first need (details.ts).
  const totalBytes = manifest.files.reduce((s, f) => s + (SHARD_FILES.includes(f.name) ? f.bytes : 0), 0);
  const loadedPerFile = new Map<string, number>();
  const files: Record<string, Uint8Array> = {};
  await Promise.all(
    SHARD_FILES.map(async (name) => {
      const expected = manifest.files.find((f) => f.name === name)?.bytes;
      files[name] = await fetchFile(
        name,
        (loaded) => {
          loadedPerFile.set(name, loaded);
          let loadedBytes = 0;
          for (const v of loadedPerFile.values()) loadedBytes += v;
          onProgress?.({ loadedBytes, totalBytes, file: name });
        },
        expected,
      );
    }),
  );
  return decodeDataset(manifest, files);
}
