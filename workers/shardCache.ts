// A shard that failed its check must not be served again from a cache: the engine worker evicts it from every Cache
// Storage cache (Workbox's precache keys carry a `__WB_REVISION__` query, hence ignoreSearch), and on Retry fetches it
// again past the HTTP cache. See docs/security.md, "A bad shard is not kept".

/** The file's absolute URL below `baseUrl` (the folder holding manifest.json). */
export function shardUrl(baseUrl: string, file: string): string {
  return new URL(file, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).href;
}

/** Deletes every cached copy of these files, in every cache; returns how many entries went. Never throws. */
export async function evictShards(baseUrl: string, files: readonly string[], storage: CacheStorage | undefined = globalThis.caches): Promise<number> {
  if (!storage) return 0;
  let evicted = 0;
  try {
    const names = await storage.keys();
    for (const name of names) {
      const cache = await storage.open(name);
      for (const file of files) {
        const url = shardUrl(baseUrl, file);
        // Count first (Cache.delete answers only true/false), then delete every variant of the URL.
        evicted += (await cache.keys(url, { ignoreSearch: true })).length;
        await cache.delete(url, { ignoreSearch: true });
      }
    }
  } catch {
    // No Cache Storage (opaque origin, private mode): nothing cached to evict.
  }
  return evicted;
}

/**
 * Before a Retry: evicts the files, then downloads them once with `cache: 'reload'`, so neither the service worker's
 * caches nor the browser's HTTP cache can hand back the copy that failed. Under the service worker the download goes
 * through its precache fallback, which checks the build's integrity hash and puts a good copy back into the precache.
 * Failures are left to the load that follows (it reports them by file name).
 */
export async function refetchShards(baseUrl: string, files: readonly string[], fetchImpl: typeof fetch = globalThis.fetch): Promise<void> {
  await evictShards(baseUrl, files);
  await Promise.all(
    files.map(async (file) => {
      try {
        const response = await fetchImpl(shardUrl(baseUrl, file), { cache: 'reload' });
        await response.arrayBuffer();
      } catch {
        // Reported by the load.
      }
    }),
  );
}
