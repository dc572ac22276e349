// Movie numbers, branded so tsc refuses to mix them, and the one TMDB id → catalog row mapper. A TMDB id names a movie
// everywhere (storage, URLs, the wire); a catalog row is its place in catalog.bin's columns. (The dense training index,
// RatingIndex's, lives only inside the training loops' Int32Arrays; `rowOfItem` turns it into a catalog row.)

declare const brand: unique symbol;

/** A movie's TMDB id (what storage, URLs and the worker's wire types carry as a plain number). */
export type TmdbId = number & { readonly [brand]: 'TmdbId' };
/** A movie's row in the catalog columns (catalog.bin order, 0-based). */
export type CatalogRow = number & { readonly [brand]: 'CatalogRow' };

/** A plain number the caller vouches is a TMDB id: the wire and storage types carry plain numbers. */
export const asTmdbId = (id: number): TmdbId => id as TmdbId;
export const asTmdbIds = (ids: readonly number[]): readonly TmdbId[] => ids as readonly TmdbId[];
/** A plain number the caller vouches is a catalog row (a loop over the catalog, a row stored in a shard). */
export const asCatalogRow = (row: number): CatalogRow => row as CatalogRow;

/** TMDB id ↔ catalog row of one catalog. */
export class CatalogIds {
  private readonly rows = new Map<number, number>();

  constructor(private readonly ids: ArrayLike<number>) {
    // Build-data keeps the first row of a duplicated id; so does the mapper, should a hand-made catalog repeat one.
    for (let row = 0; row < ids.length; row++) if (!this.rows.has(ids[row])) this.rows.set(ids[row], row);
  }

  /** The catalog row of `id`, or undefined when the catalog does not hold it. */
  rowOf(id: TmdbId): CatalogRow | undefined {
    return this.rows.get(id) as CatalogRow | undefined;
  }

  has(id: TmdbId): boolean {
    return this.rows.has(id);
  }

  /** The TMDB id at `row`. */
  idOf(row: CatalogRow): TmdbId {
    return this.ids[row] as TmdbId;
  }

  /** Number of catalog rows. */
  get size(): number {
    return this.ids.length;
  }
}

const mappers = new WeakMap<ArrayLike<number>, CatalogIds>();

/** The mapper of a catalog, built once per catalog (keyed by its `ids` column, which is never changed after loading). */
export function catalogRowOf(catalog: { readonly ids: ArrayLike<number> }): CatalogIds {
  let mapper = mappers.get(catalog.ids);
  if (!mapper) mappers.set(catalog.ids, (mapper = new CatalogIds(catalog.ids)));
  return mapper;
}
