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
  // Open addressing over typed arrays (key 0 = empty): a lookup is a multiply and a probe or two, where a Map took
  // ≈ 120 ns — a 45,000-rating history is looked up on every "like this".
  private readonly keys: Int32Array;
  private readonly values: Int32Array;
  private readonly mask: number;
  private readonly shift: number;
  /** Used instead when an id is not a positive 31-bit integer (never in TMDB's catalog; a hand-made one may). */
  private readonly fallback: Map<number, number> | null = null;

  constructor(private readonly ids: ArrayLike<number>) {
    let bits = 4;
    while (1 << bits < 2 * ids.length) bits++;
    this.keys = new Int32Array(1 << bits);
    this.values = new Int32Array(1 << bits);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
    let plain = true;
    for (let row = 0; row < ids.length && plain; row++) plain = Number.isInteger(ids[row]) && ids[row] > 0 && ids[row] <= 0x7fffffff;
    if (!plain) this.fallback = new Map();
    // Build-data keeps the first row of a duplicated id; so does the mapper, should a hand-made catalog repeat one.
    for (let row = 0; row < ids.length; row++) {
      const id = ids[row];
      if (this.fallback) {
        if (!this.fallback.has(id)) this.fallback.set(id, row);
        continue;
      }
      let slot = Math.imul(id, 0x9e3779b1) >>> this.shift;
      while (this.keys[slot] !== 0 && this.keys[slot] !== id) slot = (slot + 1) & this.mask;
      if (this.keys[slot] === 0) {
        this.keys[slot] = id;
        this.values[slot] = row;
      }
    }
  }

  /** The catalog row of `id`, or undefined when the catalog does not hold it. */
  rowOf(id: TmdbId): CatalogRow | undefined {
    if (this.fallback) return this.fallback.get(id) as CatalogRow | undefined;
    if ((id | 0) !== id || id <= 0) return undefined;
    let slot = Math.imul(id, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const key = this.keys[slot];
      if (key === id) return this.values[slot] as CatalogRow;
      if (key === 0) return undefined;
      slot = (slot + 1) & this.mask;
    }
  }

  has(id: TmdbId): boolean {
    return this.rowOf(id) !== undefined;
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
