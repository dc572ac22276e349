// "Your taste" (issue 22 item 2), the parts that need the catalog: the directors and actors of a person's rated movies
// (from the keyword soup's cast/director terms), and a 2-D map of the KMF item factors (their first two principal
// components) with the person's movies on it. Pure functions over the dataset's arrays.
import { TERM_KIND } from './keywordIndex';
import { ITEM_SOURCE } from './shards/dataset';
import type { TasteMap, TastePerson, UserRating } from './types';

/** People behind at least this many of the rated movies are listed (one film says little). */
export const MIN_PERSON_MOVIES = 2;
/** Catalog movies drawn behind yours on the map: the most voted with a model vector. */
export const MAP_BACKGROUND = 1500;

interface SoupPeople {
  matrix: { indptr: Uint32Array; indices: Uint32Array | Uint16Array };
  roles: Uint8Array;
  labels: string[];
}

/** Directors and actors of the rated movies, each with how many of them and your mean rating; most movies first. */
export function ratedPeople(
  soup: SoupPeople,
  rowOf: (movieId: number) => number | undefined,
  ratings: readonly UserRating[],
  minMovies = MIN_PERSON_MOVIES,
  limit = 10,
): TastePerson[] {
  const byPerson = new Map<string, { name: string; role: 'director' | 'cast'; ratings: number[] }>();
  for (const r of ratings) {
    const row = rowOf(r.movieId);
    if (row === undefined) continue;
    const { indptr, indices } = soup.matrix;
    for (let j = indptr[row]; j < indptr[row + 1]; j++) {
      const roles = soup.roles[j];
      const role = roles & TERM_KIND.director ? 'director' : roles & TERM_KIND.cast ? 'cast' : null;
      if (!role) continue;
      const name = soup.labels[indices[j]];
      const key = `${role}:${name}`;
      if (!byPerson.has(key)) byPerson.set(key, { name, role, ratings: [] });
      byPerson.get(key)!.ratings.push(r.rating);
    }
  }
  return [...byPerson.values()]
    .filter((p) => p.ratings.length >= minMovies)
    .map((p) => ({ name: p.name, role: p.role, movies: p.ratings.length, mean: p.ratings.reduce((a, b) => a + b, 0) / p.ratings.length }))
    .sort((a, b) => b.movies - a.movies || b.mean - a.mean || a.name.localeCompare(b.name))
    .slice(0, limit);
}

/** The first `components` principal axes of the rows' factor vectors (power iteration with deflation), unit length. */
export function principalAxes(
  itemFactors: Float32Array,
  factors: number,
  rows: ArrayLike<number>,
  components = 2,
  iterations = 100,
): { mean: Float64Array; axes: Float64Array[] } {
  const mean = new Float64Array(factors);
  for (let i = 0; i < rows.length; i++) for (let f = 0; f < factors; f++) mean[f] += itemFactors[rows[i] * factors + f];
  for (let f = 0; f < factors; f++) mean[f] /= Math.max(1, rows.length);
  const cov = new Float64Array(factors * factors);
  const centred = new Float64Array(factors);
  for (let i = 0; i < rows.length; i++) {
    for (let f = 0; f < factors; f++) centred[f] = itemFactors[rows[i] * factors + f] - mean[f];
    for (let a = 0; a < factors; a++) for (let b = a; b < factors; b++) cov[a * factors + b] += centred[a] * centred[b];
  }
  for (let a = 0; a < factors; a++) for (let b = 0; b < a; b++) cov[a * factors + b] = cov[b * factors + a];
  const axes: Float64Array[] = [];
  for (let c = 0; c < components; c++) {
    // A fixed, non-symmetric start so the result is deterministic.
    let v = Float64Array.from({ length: factors }, (_, f) => 1 + ((f * 7 + c * 3) % 5) / 10);
    let eigen = 0;
    for (let it = 0; it < iterations; it++) {
      const next = new Float64Array(factors);
      for (let a = 0; a < factors; a++) {
        let sum = 0;
        for (let b = 0; b < factors; b++) sum += cov[a * factors + b] * v[b];
        next[a] = sum;
      }
      const norm = Math.hypot(...next);
      if (norm === 0) break;
      for (let f = 0; f < factors; f++) next[f] /= norm;
      eigen = norm;
      v = next;
    }
    // Sign convention: the largest component positive, so the map does not flip between builds of the same model.
    let largest = 0;
    for (let f = 1; f < factors; f++) if (Math.abs(v[f]) > Math.abs(v[largest])) largest = f;
    if (v[largest] < 0) for (let f = 0; f < factors; f++) v[f] = -v[f];
    axes.push(v);
    for (let a = 0; a < factors; a++) for (let b = 0; b < factors; b++) cov[a * factors + b] -= eigen * v[a] * v[b];
  }
  return { mean, axes };
}

interface MapModel {
  factors: number;
  itemFactors: Float32Array;
  itemSource: Uint8Array;
}

/** Where each movie sits on the catalog's two main factor axes. */
export class FactorMap {
  private readonly mean: Float64Array;
  private readonly axes: Float64Array[];
  readonly backgroundRows: Int32Array;

  constructor(
    private readonly model: MapModel,
    private readonly catalog: { ids: Int32Array; voteCount: ArrayLike<number> },
    background = MAP_BACKGROUND,
  ) {
    const voteCount = catalog.voteCount;
    const trained: number[] = [];
    for (let row = 0; row < model.itemSource.length; row++) if (model.itemSource[row] !== ITEM_SOURCE.none) trained.push(row);
    ({ mean: this.mean, axes: this.axes } = principalAxes(model.itemFactors, model.factors, trained));
    this.backgroundRows = Int32Array.from([...trained].sort((a, b) => voteCount[b] - voteCount[a] || a - b).slice(0, background));
  }

  /** [x, y] of a row; null for a movie without a model vector. */
  point(row: number): [number, number] | null {
    if (this.model.itemSource[row] === ITEM_SOURCE.none) return null;
    const f = this.model.factors;
    const out: [number, number] = [0, 0];
    for (let c = 0; c < 2; c++) {
      let sum = 0;
      for (let k = 0; k < f; k++) sum += (this.model.itemFactors[row * f + k] - this.mean[k]) * this.axes[c][k];
      out[c] = sum;
    }
    return out;
  }

  /**
   * The map for one person: the catalog's best-known movies, their rated movies, and the best-known background movies
   * nearest the centre of what they rated 4★ or more (all they rated when nothing is that high): the text alternative's anchor.
   */
  forRatings(ratings: readonly UserRating[], rowOf: (movieId: number) => number | undefined, titleOf: (row: number) => string): TasteMap {
    const bx = new Float32Array(this.backgroundRows.length);
    const by = new Float32Array(this.backgroundRows.length);
    this.backgroundRows.forEach((row, i) => {
      const [x, y] = this.point(row)!;
      bx[i] = x;
      by[i] = y;
    });
    const yours: TasteMap['yours'] = [];
    for (const r of ratings) {
      const row = rowOf(r.movieId);
      if (row === undefined) continue;
      const p = this.point(row);
      if (p) yours.push({ movieId: r.movieId, title: titleOf(row), rating: r.rating, x: p[0], y: p[1] });
    }
    const liked = yours.some((m) => m.rating >= 4) ? yours.filter((m) => m.rating >= 4) : yours;
    let nearYou: string[] = [];
    let centre: [number, number] | null = null;
    if (liked.length > 0) {
      centre = [liked.reduce((s, m) => s + m.x, 0) / liked.length, liked.reduce((s, m) => s + m.y, 0) / liked.length];
      const rated = new Set(yours.map((m) => m.movieId));
      nearYou = Array.from(this.backgroundRows.keys())
        .filter((i) => !rated.has(this.catalog.ids[this.backgroundRows[i]]))
        .sort((a, b) => (bx[a] - centre![0]) ** 2 + (by[a] - centre![1]) ** 2 - ((bx[b] - centre![0]) ** 2 + (by[b] - centre![1]) ** 2))
        .slice(0, 3)
        .map((i) => titleOf(this.backgroundRows[i]));
    }
    return { backgroundX: bx, backgroundY: by, yours, centre, nearYou };
  }
}
