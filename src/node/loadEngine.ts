// Node side of shard loading: read files from a folder and hand them to the same Engine.load the worker uses.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../engine/engine';
import { ShardError } from '../engine/shards/format';

export async function loadEngineFromDir(dir: string): Promise<Engine> {
  return Engine.load(async (name) => {
    try {
      return new Uint8Array(await fs.readFile(join(dir, name)));
    } catch (error) {
      throw new ShardError(name, 'missing', `cannot read ${join(dir, name)} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  });
}
