// The order of "My ratings" and the title ranks it needs, kept from one version of the ratings to the next: an edit
// moves the changed movies (binary search and a splice) and asks ranks for new ids only, instead of copying, scanning
// and re-sorting 45,000 records per change (0.15–0.3 s tasks under load, issue 21 item 5). Plain objects the list
// component holds; every method is idempotent for the same records, so a render may call them twice.
import type { RatingRecord } from '../../storage/db';
import { nextTask } from '../../storage/chunked';
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
 * function for the object's life and an order sorted with it stays valid as ranks are added. The movies waiting for a
 * rank are one array, not a set: a reload's 45,000 were two 45,000-entry set passes in one task (20–40 ms, more under
 * load), now one copy of the ids.
 */
export class TitleRanks {
  private readonly ranks = new Map<number, number>();
  /** Rated movies without a rank yet, in the order seen; the first `asked` of them are the question in flight. */
  private unranked: readonly number[] = [];
  private asked = 0;
  private seen: RatingRecords | null = null;
  readonly rankOf: TitleRank = (movieId) => this.ranks.get(movieId) ?? UNKNOWN_RANK;

  /** Notes the movies of `records` that have no rank; the ids still without one (the same array until that changes). */
  follow(records: RatingRecords): readonly number[] {
    if (records === this.seen) return this.unranked;
    const changes = this.seen === null ? null : records.changesSince(this.seen);
    let fresh: number[];
    if (changes === null && this.ranks.size === 0 && this.unranked.length === 0) {
      // The first scan: every rated movie is new.
      fresh = Array.from(records.ratings.keys());
    } else if (changes === null) {
      const waiting = new Set(this.unranked);
      fresh = [];
      for (const movieId of records.ratings.keys()) if (!this.ranks.has(movieId) && !waiting.has(movieId)) fresh.push(movieId);
    } else {
      // A few changed movies (RatingRecords logs at most a few hundred): a linear look in the waiting list is enough.
      fresh = [];
      for (const { after } of changes) {
        const movieId = after?.movieId;
        if (movieId !== undefined && !this.ranks.has(movieId) && !this.unranked.includes(movieId) && !fresh.includes(movieId)) fresh.push(movieId);
      }
    }
    this.seen = records;
    if (fresh.length > 0) this.unranked = this.unranked.length === 0 ? fresh : this.unranked.concat(fresh);
    return this.unranked;
  }

  /** Whether every movie of the records last followed has its rank (the order may use rankOf). */
  get complete(): boolean {
    return this.unranked.length === 0;
  }

  /**
   * The movies without a rank not yet asked for, now counted as asked until answered or failed; none while an earlier
   * question is unanswered (one question at a time: what was noted meanwhile is asked once it is answered).
   */
  toAsk(): readonly number[] {
    if (this.asked > 0) return [];
    this.asked = this.unranked.length;
    return this.unranked;
  }

  /**
   * Takes the engine's ranks for `ids` (the question toAsk gave, in order), ANSWER_SLICE per task (a reload's 45,000
   * in one go was a 100 ms task under load); true when the ranks or the movies waiting for one changed.
   */
  async answer(ids: readonly number[], ranks: ArrayLike<number>, pause: () => Promise<void> = nextTask): Promise<boolean> {
    let added = false;
    for (let start = 0; start < ids.length; start += ANSWER_SLICE) {
      if (start > 0) await pause();
      for (let i = start; i < Math.min(ids.length, start + ANSWER_SLICE); i++) {
        if (this.ranks.has(ids[i])) continue;
        this.ranks.set(ids[i], ranks[i]);
        added = true;
      }
    }
    // The question is the first `asked` of the waiting movies (later ones are only ever appended).
    const answered = this.asked > 0;
    this.unranked = this.unranked.slice(this.asked);
    this.asked = 0;
    return added || answered;
  }

  /** The question failed: its movies may be asked again. */
  failed(): void {
    this.asked = 0;
  }
}
