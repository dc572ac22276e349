// Browser (and any fetch-capable runtime) shard fetcher: HTTP below a base URL, streamed with progress, capped at the
// manifest's size so a misconfigured host cannot fill the tab's memory. Failures are ShardErrors naming the file.
import { ShardError } from './format';
import type { ShardFetcher } from './load';

async function fetchShard(baseUrl: string, name: string, onBytes?: (loaded: number) => void, maxBytes?: number): Promise<Uint8Array> {
  const url = new URL(name, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new ShardError(name, 'missing', `network error (${(error as Error).message}); check the connection and retry`);
  }
  if (!response.ok) throw new ShardError(name, 'missing', `the server answered ${response.status} ${response.statusText}`);
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    if (maxBytes !== undefined && loaded > maxBytes) {
      await reader.cancel();
      throw new ShardError(name, 'corrupt', `the server sent more than the ${maxBytes} bytes the manifest lists`);
    }
    onBytes?.(loaded);
  }
  const out = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Reads shards over HTTP from `baseUrl` (the folder holding manifest.json). */
export function httpShardFetcher(baseUrl: string): ShardFetcher {
  return (name, onBytes, maxBytes) => fetchShard(baseUrl, name, onBytes, maxBytes);
}
