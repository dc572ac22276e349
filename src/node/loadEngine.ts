// Node side of shard loading: the same Engine.load the worker uses, reading files from a folder.
import { Engine } from '../engine/engine';
import { directoryShardFetcher } from '../engine/shards/fetchNode';

export async function loadEngineFromDir(dir: string): Promise<Engine> {
  return Engine.load(directoryShardFetcher(dir));
}
