// Node shard fetcher: files from a folder on disk (the CLIs, benchmarks and tests). The one engine module allowed
// Node built-ins (eslint.config.js); the browser never imports it.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { ShardError } from './format';
import type { ShardFetcher } from './load';

/** Reads shards from `dir` (the folder holding manifest.json). */
export function directoryShardFetcher(dir: string): ShardFetcher {
  return async (name) => {
    try {
      return new Uint8Array(await fs.readFile(join(dir, name)));
    } catch (error) {
      throw new ShardError(name, 'missing', `cannot read ${join(dir, name)} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  };
}
