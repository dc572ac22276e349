// When the search box also runs describe search: a query of at least DESCRIBE_MIN_WORDS words reads as a description
// ("cartoon where a cowboy doll gets jealous"), shorter ones stay title search only (as you type, nothing else runs).

export const DESCRIBE_MIN_WORDS = 4;
/** Describe search waits for a pause in typing this long (title search does not wait). */
export const DESCRIBE_DEBOUNCE_MS = 350;
export const DESCRIBE_LIMIT = 10;

/** Words = runs of letters or digits. */
export function wordCount(query: string): number {
  let n = 0;
  // A 100 KB paste needs no exact count: stop once the threshold is reached.
  for (const _ of query.slice(0, 4000).matchAll(/[\p{L}\p{N}]+/gu)) if (++n >= DESCRIBE_MIN_WORDS) break;
  return n;
}

export function isDescriptive(query: string): boolean {
  return wordCount(query) >= DESCRIBE_MIN_WORDS;
}

/** The live status line of the description section. */
export function describeStatusText(state: {
  pending: boolean;
  loadingShard: { loadedBytes: number; totalBytes: number } | null;
  count: number | null;
}): string {
  if (state.loadingShard && state.pending) {
    const { loadedBytes, totalBytes } = state.loadingShard;
    return totalBytes > 0 ? `Loading the description index… ${Math.round((100 * loadedBytes) / totalBytes)}%` : 'Loading the description index…';
  }
  if (state.pending && state.count === null) return 'Looking for movies that match your description…';
  if (state.count === null) return '';
  if (state.count === 0) return 'No movie matches this description. Try other details: a scene, a character, the decade.';
  return `${state.count} ${state.count === 1 ? 'movie matches' : 'movies match'} your description, best first.`;
}
