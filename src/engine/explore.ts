// Explore: browse without a title in mind — by genre, decade, director or actor — sorted by predicted ★, a
// vote-weighted TMDB rating, popularity or year. People come from the keyword index (cast/director roles per
// non-zero, display labels per term), so no extra shard is needed.
import { soupToken, TERM_KIND } from './keywordIndex';
import { ratingFromLogit } from './kmf';
import { bayesianAverage } from './models/blend';
import { ITEM_SOURCE, type Dataset } from './shards/dataset';
import { foldTitles } from './titleSearch';
import type { ExploreFilter, ExploreItem, ExplorePaging, ExploreResult, ExploreSort, MovieSummary, PersonHit, UserVector } from './types';

export const EXPLORE_SORTS: readonly ExploreSort[] = ['predicted', 'rating', 'popularity', 'year'];
export const DEFAULT_EXPLORE_PAGE = 30;
/** Longest page one call returns. */
export const MAX_EXPLORE_PAGE = 200;
const MAX_PEOPLE = 50;
const PERSON_ROLES = TERM_KIND.cast | TERM_KIND.director;

/** A person's name as the keyword soup tokenises it (build-data's rule, one definition in keywordIndex.ts). */
export const personToken = soupToken;

/** Every person in the keyword soup (cast or director in at least one movie) and their movies. */
export interface PeopleIndex {
  /** Terms that are people, by fame (most voted films first). */
  terms: Int32Array;
  /** term → position in `terms`, −1 for terms that are not people. */
  slotOfTerm: Int32Array;
  /** Per slot: rows [rowStart[s], rowStart[s + 1]) of `rows`, most voted first, with TERM_KIND role bits in `roles`. */
  rowStart: Uint32Array;
  rows: Int32Array;
  roles: Uint8Array;
  /** Folded labels per slot, for the typeahead. */
  folded: string[];
  /** Σ log(1 + votes) of the person's movies: how well known they are. */
  fame: Float64Array;
}

export function buildPeopleIndex(data: Dataset): PeopleIndex {
  const { matrix, roles, labels } = data.keywords;
  const { indptr, indices } = matrix;
  const votes = data.catalog.voteCount;
  const vocabulary = data.keywords.vocabulary.length;
  const count = new Uint32Array(vocabulary);
  const fameOfTerm = new Float64Array(vocabulary);
  for (let r = 0; r < matrix.rows; r++) {
    for (let j = indptr[r]; j < indptr[r + 1]; j++) {
      if ((roles[j] & PERSON_ROLES) === 0) continue;
      count[indices[j]]++;
      fameOfTerm[indices[j]] += Math.log1p(votes[r]);
    }
  }
  const people: number[] = [];
  for (let t = 0; t < vocabulary; t++) if (count[t] > 0) people.push(t);
  people.sort((a, b) => fameOfTerm[b] - fameOfTerm[a] || a - b);
  const slotOfTerm = new Int32Array(vocabulary).fill(-1);
  people.forEach((t, s) => (slotOfTerm[t] = s));
  const rowStart = new Uint32Array(people.length + 1);
  for (let s = 0; s < people.length; s++) rowStart[s + 1] = rowStart[s] + count[people[s]];
  const rows = new Int32Array(rowStart[people.length]);
  const roleBits = new Uint8Array(rows.length);
  const fill = rowStart.slice(0, people.length);
  for (let r = 0; r < matrix.rows; r++) {
    for (let j = indptr[r]; j < indptr[r + 1]; j++) {
      if ((roles[j] & PERSON_ROLES) === 0) continue;
      const s = slotOfTerm[indices[j]];
      rows[fill[s]] = r;
      roleBits[fill[s]++] = roles[j] & PERSON_ROLES;
    }
  }
  // Each person's movies, most voted first (rows are ascending within a person, so ties stay in row order).
  for (let s = 0; s < people.length; s++) {
    const start = rowStart[s];
    const at = Array.from({ length: rowStart[s + 1] - start }, (_, i) => start + i).sort((a, b) => votes[rows[b]] - votes[rows[a]] || rows[a] - rows[b]);
    const sortedRows = at.map((i) => rows[i]);
    const sortedRoles = at.map((i) => roleBits[i]);
    rows.set(sortedRows, start);
    roleBits.set(sortedRoles, start);
  }
  return {
    terms: Int32Array.from(people),
    slotOfTerm,
    rowStart,
    rows,
    roles: roleBits,
    folded: foldTitles(people.map((t) => labels[t])),
    fame: Float64Array.from(people, (t) => fameOfTerm[t]),
  };
}

/** Larger first; NaN (no value) after every number. */
function compareDescending(a: number, b: number): number {
  const aMissing = Number.isNaN(a);
  const bMissing = Number.isNaN(b);
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
  return b - a;
}

export class Explorer {
  private peopleIndex: PeopleIndex | null = null;
  private average: Float32Array | null = null;
  /** The last full ordering (paging through one list does not sort again). */
  private lastKey = '';
  private lastRows: Int32Array = new Int32Array(0);
  private lastPredicted: Float32Array | null = null;

  constructor(
    private readonly data: Dataset,
    private readonly summary: (row: number) => MovieSummary,
    private readonly rowOf: (movieId: number) => number | undefined,
  ) {}

  /** Built on the first people or person query. */
  get people(): PeopleIndex {
    this.peopleIndex ??= buildPeopleIndex(this.data);
    return this.peopleIndex;
  }

  /** TMDB rating, Bayesian-averaged over the catalog (so a 10/10 from 2 votes does not top the list). */
  get averageRating(): Float32Array {
    this.average ??= bayesianAverage(this.data.catalog.voteAverage, this.data.catalog.voteCount);
    return this.average;
  }

  private hit(slot: number): PersonHit {
    const index = this.people;
    const term = index.terms[slot];
    let roles = 0;
    for (let e = index.rowStart[slot]; e < index.rowStart[slot + 1]; e++) roles |= index.roles[e];
    return {
      name: this.data.keywords.labels[term],
      movies: index.rowStart[slot + 1] - index.rowStart[slot],
      roles: [...(roles & TERM_KIND.director ? ['director' as const] : []), ...(roles & TERM_KIND.cast ? ['cast' as const] : [])],
      knownFor: this.data.catalog.titles[index.rows[index.rowStart[slot]]],
    };
  }

  /** The person a name (any spelling the soup folds alike) refers to, or null. */
  findPerson(name: string): PersonHit | null {
    const slot = this.slotOfName(name);
    return slot < 0 ? null : this.hit(slot);
  }

  private slotOfName(name: string): number {
    const token = personToken(name);
    const vocabulary = this.data.keywords.vocabulary;
    // The vocabulary is sorted (build-data writes it so): binary search.
    let lo = 0;
    let hi = vocabulary.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (vocabulary[mid] === token) return this.people.slotOfTerm[mid];
      if (vocabulary[mid] < token) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Typeahead over people: every query word starts a word of the name (a name starting with the query first), best known first. */
  searchPeople(query: string, limit = 8): PersonHit[] {
    const words = (foldTitles([query.slice(0, 100)])[0] ?? '').split(/[\s\-.'’]+/).filter(Boolean);
    if (words.length === 0 || limit <= 0) return [];
    const index = this.people;
    const whole = words.join(' ');
    const starts: number[] = [];
    const inside: number[] = [];
    const cap = Math.min(limit, MAX_PEOPLE);
    // Slots are in fame order, so the first matches found are the best known.
    for (let s = 0; s < index.terms.length && starts.length < cap; s++) {
      const name = index.folded[s];
      if (name.startsWith(whole)) {
        starts.push(s);
        continue;
      }
      if (inside.length >= cap) continue;
      const nameWords = name.split(/[\s\-.'’]+/);
      if (words.every((w) => nameWords.some((n) => n.startsWith(w)))) inside.push(s);
    }
    return [...starts, ...inside].slice(0, cap).map((s) => this.hit(s));
  }

  /** One page of the catalog filtered and sorted; sort 'predicted' without a usable vector falls back to 'rating'. */
  explore(filter: ExploreFilter, sort: ExploreSort, user: { vector: UserVector | null }, paging: ExplorePaging = {}): ExploreResult {
    const model = this.data.models.kmf;
    const offset = Math.max(0, Math.floor(paging.offset ?? 0));
    const limit = Math.min(MAX_EXPLORE_PAGE, Math.max(0, Math.floor(paging.limit ?? DEFAULT_EXPLORE_PAGE)));
    const vector = user.vector && user.vector.factors.length === model.factors ? user.vector : null;
    const effective: ExploreSort = sort === 'predicted' && !vector ? 'rating' : EXPLORE_SORTS.includes(sort) ? sort : 'rating';
    let person: PersonHit | null = null;
    let personSlot = -1;
    if (filter.person) {
      personSlot = this.slotOfName(filter.person);
      if (personSlot < 0) return { items: [], total: 0, sort: effective, person: null };
      person = this.hit(personSlot);
    }
    const key = JSON.stringify([
      filter.genre ?? null,
      filter.decade ?? null,
      personSlot,
      [...(filter.exclude ?? [])].sort((a, b) => a - b),
      effective,
      vector ? [vector.bias, vector.factors] : null,
    ]);
    if (key !== this.lastKey) {
      const rows = this.filteredRows(filter, personSlot);
      const predicted = vector ? this.predict(vector, rows) : null;
      this.lastRows = this.sorted(rows, effective, predicted);
      this.lastPredicted = predicted ? Float32Array.from(this.lastRows, (row) => predicted[row]) : null;
      this.lastKey = key;
    }
    const page = this.lastRows.subarray(offset, offset + limit);
    const average = this.averageRating;
    const items: ExploreItem[] = Array.from(page, (row, i) => {
      const predicted = this.lastPredicted ? this.lastPredicted[offset + i] : Number.NaN;
      return { movie: this.summary(row), predictedRating: Number.isFinite(predicted) ? predicted : null, averageRating: average[row] };
    });
    return { items, total: this.lastRows.length, sort: effective, person };
  }

  private filteredRows(filter: ExploreFilter, personSlot: number): Int32Array {
    const { catalog } = this.data;
    const genreBit = filter.genre ? catalog.genreNames.indexOf(filter.genre) : -1;
    if (filter.genre && genreBit < 0) return new Int32Array(0);
    const genreMask = genreBit < 0 ? 0 : 1 << genreBit;
    const decade = filter.decade ?? null;
    const excluded = new Set<number>();
    for (const id of filter.exclude ?? []) {
      const row = this.rowOf(id);
      if (row !== undefined) excluded.add(row);
    }
    const keep = (row: number) =>
      (genreMask === 0 || (catalog.genreMask[row] & genreMask) !== 0) &&
      (decade === null || (catalog.years[row] >= decade && catalog.years[row] < decade + 10)) &&
      !excluded.has(row);
    const out: number[] = [];
    if (personSlot >= 0) {
      const index = this.people;
      for (let e = index.rowStart[personSlot]; e < index.rowStart[personSlot + 1]; e++) if (keep(index.rows[e])) out.push(index.rows[e]);
    } else {
      for (let row = 0; row < catalog.ids.length; row++) if (keep(row)) out.push(row);
    }
    return Int32Array.from(out);
  }

  /** KMF predicted ★ per catalog row (NaN where a movie has no model vector), for `rows` only. */
  private predict(vector: UserVector, rows: Int32Array): Float32Array {
    const model = this.data.models.kmf;
    const k = model.factors;
    const out = new Float32Array(model.itemBias.length).fill(Number.NaN);
    const base = model.globalBias + vector.bias;
    for (const row of rows) {
      if (model.itemSource[row] === ITEM_SOURCE.none) continue;
      let z = base + model.itemBias[row];
      for (let f = 0; f < k; f++) z += vector.factors[f] * model.itemFactors[row * k + f];
      out[row] = ratingFromLogit(z);
    }
    return out;
  }

  /** Rows best first by the sort's key, ties by TMDB votes then row (deterministic). */
  private sorted(rows: Int32Array, sort: ExploreSort, predicted: Float32Array | null): Int32Array {
    const { catalog } = this.data;
    const average = this.averageRating;
    const key: ArrayLike<number> =
      sort === 'predicted' && predicted
        ? predicted
        : sort === 'popularity'
          ? catalog.popularity
          : sort === 'year'
            ? Float32Array.from(catalog.years, (y) => (y > 0 ? y : Number.NaN))
            : average;
    // Movies without the key (no model vector, year unknown) go last, by the vote-weighted rating.
    const secondary = sort === 'predicted' || sort === 'year' ? average : null;
    const order = Array.from(rows).sort(
      (a, b) =>
        compareDescending(key[a], key[b]) ||
        (secondary && Number.isNaN(key[a]) && Number.isNaN(key[b]) ? compareDescending(secondary[a], secondary[b]) : 0) ||
        catalog.voteCount[b] - catalog.voteCount[a] ||
        a - b,
    );
    return Int32Array.from(order);
  }
}
