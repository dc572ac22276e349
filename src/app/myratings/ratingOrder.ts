// The order of "My ratings" and the title ranks it needs, kept from one version of the ratings to the next: an edit
// moves the changed movies (binary search and a splice) and asks ranks for new ids only, instead of copying, scanning
// and re-sorting 45,000 records per change (0.15–0.3 s tasks under load, issue 21 item 5). Plain objects the list
// component holds; every method is idempotent for the same records, so a render may call them twice.
import type { RatingRecord } from '../../storage/db';
import type { RatingRecords } from '../../storage/ratingsMirror';
import {
  patchSortedRatings,
  RESORT_MAX_CHANGES,
  SORT_SLICE,
  sortRatingRecords,
  sortRatingRecordsInSlices,
  type RatingSort,
  type TitleRank,
} from './sortRatings';

/** Rank of a movie the engine has not ranked: after every ranked one. */
export const UNKNOWN_RANK = 0xffffffff;

/** Ties broken by movie id alone (no catalog, or a history still being read): one function, so the order can keep it. */
export const byMovieId: TitleRank = (movieId) => movieId;

/** What the list shows. */
export interface ShownOrder {
  /** The records in order; later changes move records within this same array, so read it in the render that got it. */
  sorted: readonly RatingRecord[];
  /** Changes whenever `sorted` does. */
  revision: number;
  /** The order is not (yet) that of the records asked for: sortInSlices must run; until then the previous order shows. */
  needsSlices: boolean;
}

/** Thrown by the pause of a sort no longer wanted, to stop it between slices. */
class SortSuperseded extends Error {}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Title ranks taken per task by TitleRanks.answer. */
export const ANSWER_SLICE = 5000;

export class RatingOrder {
  private sorted: RatingRecord[] = [];
  /** The records `sorted` is the order of, by `sort` and `rankOf`; null before the first sort. */
  private base: RatingRecords | null = null;
  private sort: RatingSort | null = null;
  private rankOf: TitleRank | null = null;
  private revision = 0;
  private shown: ShownOrder = { sorted: this.sorted, revision: 0, needsSlices: false };
  private job: { sort: RatingSort; rankOf: TitleRank; done: Promise<boolean> } | null = null;

  /**
   * The order of `records` by `sort` (ties by `rankOf`, then id): the previous order patched when at most
   * RESORT_MAX_CHANGES movies changed since it, a full sort when the records are few (≤ SORT_SLICE); otherwise the
   * previous order, with needsSlices set.
   */
  follow(records: RatingRecords, sort: RatingSort, rankOf: TitleRank): ShownOrder {
    // A sort running for another order is no longer wanted.
    if (this.job && (this.job.sort !== sort || this.job.rankOf !== rankOf)) this.job = null;
    if (this.base !== null && this.sort === sort && this.rankOf === rankOf) {
      const changes = records.changesSince(this.base);
      if (changes !== null && changes.length === 0) return this.show(false);
      if (changes !== null && changes.length <= RESORT_MAX_CHANGES && patchSortedRatings(this.sorted, changes, sort, rankOf)) {
        this.base = records;
        this.revision += 1;
        return this.show(false);
      }
    }
    const latest = records.latest();
    if (latest.size > SORT_SLICE) return this.show(true);
    this.install(sortRatingRecords(latest.toArray(), sort, rankOf), latest, sort, rankOf);
    return this.show(false);
  }

  /**
   * Sorts the newest version of `records` in slices (a short task each) and installs the result; true once installed,
   * false when superseded (another sort or rank order asked for, cancel()). One sort runs at a time: asking again for
   * the same order while it runs joins it (follow() then patches in the changes made meanwhile).
   */
  sortInSlices(records: RatingRecords, sort: RatingSort, rankOf: TitleRank, pause: () => Promise<void> = nextTask): Promise<boolean> {
    if (this.job && this.job.sort === sort && this.job.rankOf === rankOf) return this.job.done;
    const latest = records.latest();
    const job = { sort, rankOf, done: Promise.resolve(false) };
    this.job = job;
    const pauseUnlessSuperseded = async () => {
      await pause();
      if (this.job !== job) throw new SortSuperseded();
    };
    job.done = sortRatingRecordsInSlices(latest.toArray(), sort, rankOf, pauseUnlessSuperseded).then(
      (sorted) => {
        if (this.job !== job) return false;
        this.job = null;
        this.install(sorted, latest, sort, rankOf);
        return true;
      },
      (error: unknown) => {
        if (error instanceof SortSuperseded) return false;
        if (this.job === job) this.job = null;
        throw error;
      },
    );
    return job.done;
  }

  /** Stops a running sortInSlices (the list is gone). */
  cancel(): void {
    this.job = null;
  }

  /** The order as last computed, without following any records (title ranks still missing). */
  current(): ShownOrder {
    return this.shown;
  }

  private install(sorted: RatingRecord[], base: RatingRecords, sort: RatingSort, rankOf: TitleRank): void {
    this.sorted = sorted;
    this.base = base;
    this.sort = sort;
    this.rankOf = rankOf;
    this.revision += 1;
  }

  private show(needsSlices: boolean): ShownOrder {
    const { shown } = this;
    if (shown.sorted !== this.sorted || shown.revision !== this.revision || shown.needsSlices !== needsSlices)
      this.shown = { sorted: this.sorted, revision: this.revision, needsSlices };
    return this.shown;
  }
}

/**
 * Title ranks (engine.titleOrder) of the rated movies, asked for once per movie: after the first scan, a new version of
 * the records is checked by its changes only. A movie's rank never changes within one catalog, so `rankOf` is one
 * function for the object's life and an order sorted with it stays valid as ranks are added.
 */
export class TitleRanks {
  private readonly ranks = new Map<number, number>();
  /** Rated movies without a rank yet. */
  private readonly unranked = new Set<number>();
  private readonly asking = new Set<number>();
  private unrankedList: readonly number[] = [];
  private seen: RatingRecords | null = null;
  readonly rankOf: TitleRank = (movieId) => this.ranks.get(movieId) ?? UNKNOWN_RANK;

  /** Notes the movies of `records` that have no rank; the ids still without one (the same array until that changes). */
  follow(records: RatingRecords): readonly number[] {
    if (records === this.seen) return this.unrankedList;
    const changes = this.seen === null ? null : records.changesSince(this.seen);
    const before = this.unranked.size;
    if (changes === null) {
      for (const movieId of records.ratings.keys()) if (!this.ranks.has(movieId)) this.unranked.add(movieId);
    } else {
      for (const { after } of changes) if (after && !this.ranks.has(after.movieId)) this.unranked.add(after.movieId);
    }
    this.seen = records;
    if (this.unranked.size !== before) this.unrankedList = [...this.unranked];
    return this.unrankedList;
  }

  /** Whether every movie of the records last followed has its rank (the order may use rankOf). */
  get complete(): boolean {
    return this.unranked.size === 0;
  }

  /** Of `ids`, those not already asked for; they count as asked until answered or failed. */
  toAsk(ids: readonly number[]): number[] {
    const ask = ids.filter((movieId) => this.unranked.has(movieId) && !this.asking.has(movieId));
    for (const movieId of ask) this.asking.add(movieId);
    return ask;
  }

  /**
   * Takes the engine's ranks for `ids` (in order), ANSWER_SLICE per task (a reload's 45,000 in one go was a 100 ms task
   * under load); true when some movie got its rank.
   */
  async answer(ids: readonly number[], ranks: ArrayLike<number>, pause: () => Promise<void> = nextTask): Promise<boolean> {
    let added = false;
    for (let start = 0; start < ids.length; start += ANSWER_SLICE) {
      if (start > 0) await pause();
      for (let i = start; i < Math.min(ids.length, start + ANSWER_SLICE); i++) {
        const movieId = ids[i];
        this.asking.delete(movieId);
        if (this.ranks.has(movieId)) continue;
        this.ranks.set(movieId, ranks[i]);
        this.unranked.delete(movieId);
        added = true;
      }
    }
    if (added) this.unrankedList = [...this.unranked];
    return added;
  }

  /** The question for `ids` failed: they may be asked again. */
  failed(ids: readonly number[]): void {
    for (const movieId of ids) this.asking.delete(movieId);
  }
}
