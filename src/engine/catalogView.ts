// The catalog alone (catalog.bin + genres.bin): title search, movie summaries, id checks and title order. The worker
// answers these as soon as the catalog is in, before the keyword and model shards are (issue 21 item 4); the Engine
// uses the same object once everything is loaded.
import type { Catalog, ShardManifest } from './shards/dataset';
import { TitleSearch } from './titleSearch';
import { catalogRowOf, type CatalogIds, type CatalogRow, type TmdbId } from './ids';
import type { MovieSummary, SearchHit } from './types';

/** A movie's list entry, from the catalog columns. */
export function movieSummary(catalog: Catalog, row: number): MovieSummary {
  return {
    id: catalog.ids[row],
    title: catalog.titles[row],
    year: catalog.years[row] || null,
    genres: genreNamesOf(catalog, catalog.genreMask[row]),
    popularity: catalog.popularity[row],
    voteAverage: catalog.voteAverage[row],
    voteCount: catalog.voteCount[row],
  };
}

/** The genre names of a genre bit mask, in genres.bin order. */
export function genreNamesOf(catalog: Catalog, mask: number): string[] {
  const names = catalog.genreNames;
  const out: string[] = [];
  for (let g = 0; g < names.length; g++) if (mask & (1 << g)) out.push(names[g]);
  return out;
}

export class CatalogView {
  /** TMDB id ↔ catalog row: the catalog's one mapper (src/engine/ids.ts). */
  readonly ids: CatalogIds;
  private titleSearch: TitleSearch | null = null;
  private titleRanks: Uint32Array | null = null;

  constructor(
    readonly manifest: ShardManifest,
    readonly catalog: Catalog,
  ) {
    this.ids = catalogRowOf(catalog);
  }

  /** Built on first use (the worker warms it right after ready), so start-up does not wait for folding 45k titles. */
  get titles(): TitleSearch {
    this.titleSearch ??= new TitleSearch(this.catalog.titles, this.catalog.voteCount, this.catalog.originalTitles);
    return this.titleSearch;
  }

  rowOf(movieId: TmdbId): CatalogRow | undefined {
    return this.ids.rowOf(movieId);
  }

  summary(row: number): MovieSummary {
    return movieSummary(this.catalog, row);
  }

  search(query: string, limit = 20): SearchHit[] {
    return this.titles.search(query, limit).map((hit) => ({
      movie: this.summary(hit.row),
      score: hit.quality,
      ...(hit.original ? { originalTitle: this.catalog.originalTitles[hit.row] } : {}),
    }));
  }

  getMovies(ids: readonly TmdbId[]): MovieSummary[] {
    const out: MovieSummary[] = [];
    for (const id of ids) {
      const row = this.rowOf(id);
      if (row !== undefined) out.push(this.summary(row));
    }
    return out;
  }

  genres(): string[] {
    return [...this.catalog.genreNames];
  }

  /** The ids the catalog has, as numbers only (an import checks 50,000 ids without cloning 50,000 summaries). */
  knownIds(ids: readonly TmdbId[]): Int32Array {
    return Int32Array.from(ids.filter((id) => this.rowOf(id) !== undefined));
  }

  /**
   * For each id, its place in the catalog sorted by title (locale collation, ties by id); ids not in the catalog get
   * 2^32 - 1. Sorting a long rated list by these numbers avoids sending and collating every title.
   */
  titleOrder(ids: readonly TmdbId[]): Uint32Array {
    if (!this.titleRanks) {
      const titles = this.catalog.titles;
      const catalogIds = this.catalog.ids;
      const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
      const rows = Array.from({ length: titles.length }, (_, row) => row).sort(
        (a, b) => collator.compare(titles[a], titles[b]) || catalogIds[a] - catalogIds[b],
      );
      this.titleRanks = new Uint32Array(titles.length);
      rows.forEach((row, rank) => (this.titleRanks![row] = rank));
    }
    const out = new Uint32Array(ids.length);
    ids.forEach((id, i) => {
      const row = this.rowOf(id);
      out[i] = row === undefined ? 0xffffffff : this.titleRanks![row];
    });
    return out;
  }
}
