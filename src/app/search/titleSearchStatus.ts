// What the live region under a title search box says (Search view and welcome page alike), from the search's state.
import type { SearchHit } from '../../engine/types';

export interface TitleSearchState {
  /** The trimmed query ('' = nothing typed). */
  query: string;
  /** An answer for this query is still on its way. */
  pending: boolean;
  /** Hits for this query (or the previous one while pending), undefined before any answer. */
  hits: SearchHit[] | undefined;
  failed: boolean;
}

/** Typo-tolerant matches only (score 0): the whole list is a guess and says so. */
export function isApproximate(hits: readonly SearchHit[]): boolean {
  return hits.length > 0 && hits.every((hit) => hit.score === 0);
}

/** null = say nothing (nothing typed, or the error alert speaks instead). */
export function titleSearchStatus({ query, pending, hits, failed }: TitleSearchState): string | null {
  if (!query) return null;
  if (pending && !hits) return 'Searching…';
  if (failed || !hits) return null;
  if (hits.length === 0) return `No movies match “${query}”.`;
  if (isApproximate(hits)) return `No title matches “${query}” as typed; ${hits.length} close ${hits.length === 1 ? 'match' : 'matches'} (approximate).`;
  return `${hits.length} ${hits.length === 1 ? 'result' : 'results'} for “${query}”`;
}
