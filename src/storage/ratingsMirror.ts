// An in-memory mirror of one profile's ratings, kept current by the keys each write touches (in this tab and others),
// so a change costs a read of that rating, not of the whole history: a 50,000-rating history re-read per edit, as a
// live query does, blocks the main thread for seconds. The records are updated in place and each change published as
// a new RatingRecords view plus a logged list of what changed: copying the 45,000-entry map per edit (and rebuilding
// every derived list from it) was a 0.15–0.3 s task under load (issue 21 item 5).
import Dexie, { cmp } from 'dexie';
import type { CineLocalDatabase, RatingRecord } from './schema';
import { BACKGROUND_READ_PAGE_SIZE, readProfileRatingsInPages } from './chunked';

/** More changed keys than this in one event (a bulk import) reload everything, page by page. */
export const MIRROR_MAX_KEYED_CHANGES = 500;
/**
 * The first load reads this many most recent ratings (and the count) before the rest: the first screen shows them
 * while a long history (45,000 ratings: seconds of pages on a busy machine) is still being read (issue 21 item 5).
 */
export const MIRROR_FIRST_PAGE = 200;
/** Changes kept for changesSince; a reader further behind than this many changes gets null and starts over. */
export const MIRROR_CHANGE_LOG = 256;

/** What the first load has read before it finished: the count and the most recent ratings, newest first. */
export interface RatingsPreview {
  total: number;
  recent: readonly RatingRecord[];
}

/** One movie's rating before and after a change (undefined: not rated). */
export interface RatingChange {
  movieId: number;
  before: RatingRecord | undefined;
  after: RatingRecord | undefined;
}

/**
 * A profile's ratings as published at one version: O(1) to make, nothing copied. Every view of a mirror reads its
 * records as they are now (a view kept past a change sees it); `version` says which change published it, and
 * changesSince says what changed between two views, so derived state (My ratings' order) follows in O(changed).
 */
export interface RatingRecords {
  /** Grows with every change; a full reload starts a new run of versions that changesSince cannot bridge. */
  readonly version: number;
  readonly size: number;
  get(movieId: number): RatingRecord | undefined;
  has(movieId: number): boolean;
  values(): IterableIterator<RatingRecord>;
  /** Every record, in no particular order (exports, full sorts): one O(n) copy per version, made when first asked for. */
  toArray(): readonly RatingRecord[];
  /** movieId -> rating, read through to the records (nothing copied). */
  readonly ratings: ReadonlyMap<number, number>;
  /** The newest view of the same records (itself when no change came after it): toArray() of it is that version's. */
  latest(): RatingRecords;
  /**
   * The changes from an earlier view up to this one, one per movie (its first `before`, its last `after`), or null
   * when they are not known (another mirror or a preview, a full reload in between, a reader more than
   * MIRROR_CHANGE_LOG changes behind, an `earlier` that is newer).
   */
  changesSince(earlier: RatingRecords): readonly RatingChange[] | null;
}

/** What the views of one mirror (or of one fixed set of records) share. */
interface ViewSource {
  /** The records now. */
  records(): ReadonlyMap<number, RatingRecord>;
  /** The newest view. */
  current(): RecordsView;
  /** The merged changes from version `from` to version `to`, or null when the log does not reach back to `from`. */
  changesBetween(from: number, to: number): readonly RatingChange[] | null;
}

/** movieId -> rating over the records of a source, without copying them. */
class RatingValues implements ReadonlyMap<number, number> {
  constructor(private readonly source: ViewSource) {}
  get size(): number {
    return this.source.records().size;
  }
  get(movieId: number): number | undefined {
    return this.source.records().get(movieId)?.rating;
  }
  has(movieId: number): boolean {
    return this.source.records().has(movieId);
  }
  keys(): MapIterator<number> {
    return this.source.records().keys();
  }
  *values(): MapIterator<number> {
    for (const record of this.source.records().values()) yield record.rating;
  }
  *entries(): MapIterator<[number, number]> {
    for (const [movieId, record] of this.source.records()) yield [movieId, record.rating];
  }
  [Symbol.iterator](): MapIterator<[number, number]> {
    return this.entries();
  }
  forEach(callback: (value: number, key: number, map: ReadonlyMap<number, number>) => void, thisArg?: unknown): void {
    for (const [movieId, record] of this.source.records()) callback.call(thisArg, record.rating, movieId, this);
  }
}

class RecordsView implements RatingRecords {
  readonly ratings: ReadonlyMap<number, number>;
  private array: readonly RatingRecord[] | null = null;
  constructor(
    private readonly source: ViewSource,
    readonly version: number,
  ) {
    this.ratings = new RatingValues(source);
  }
  get size(): number {
    return this.source.records().size;
  }
  get(movieId: number): RatingRecord | undefined {
    return this.source.records().get(movieId);
  }
  has(movieId: number): boolean {
    return this.source.records().has(movieId);
  }
  values(): IterableIterator<RatingRecord> {
    return this.source.records().values();
  }
  latest(): RatingRecords {
    return this.source.current();
  }
  toArray(): readonly RatingRecord[] {
    const latest = this.source.current();
    // Cached on the newest view only: an array made from an older view would hold a later version's records.
    if (latest !== this) return latest.toArray();
    return (this.array ??= [...this.source.records().values()]);
  }
  changesSince(earlier: RatingRecords): readonly RatingChange[] | null {
    if (earlier === this) return [];
    if (!(earlier instanceof RecordsView) || earlier.source !== this.source) return null;
    return this.source.changesBetween(earlier.version, this.version);
  }
}

/** A fixed set of records (a preview, a test) as RatingRecords; changesSince knows nothing but itself. */
export function ratingRecordsOf(records: readonly RatingRecord[]): RatingRecords {
  const map = new Map(records.map((record) => [record.movieId, record]));
  const source: ViewSource = { records: () => map, current: () => view, changesBetween: () => null };
  const view = new RecordsView(source, 0);
  return view;
}

interface RangeNode {
  from: unknown;
  to: unknown;
  l?: RangeNode | null;
  r?: RangeNode | null;
}

type Listener = () => void;

/** Keys of a Dexie range set (a tree of {from, to}); null when it holds a true range (a range delete, a bulk write). */
function keysOfRangeSet(tree: RangeNode | undefined, limit: number): unknown[] | null {
  const keys: unknown[] = [];
  const stack: RangeNode[] = tree && 'from' in tree ? [tree] : [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (cmp(node.from, node.to) !== 0) return null;
    keys.push(node.from);
    if (keys.length > limit) return null;
    if (node.l) stack.push(node.l);
    if (node.r) stack.push(node.r);
  }
  return keys;
}

/**
 * A profile's ratings, updated in place, with a version per change and a log of the last MIRROR_CHANGE_LOG changes:
 * the in-memory half of RatingsMirror (no storage), so a change costs what changed.
 */
export class VersionedRatings {
  /** movieId -> record: updated in place (never copied); `view` is what React compares. */
  private map = new Map<number, RatingRecord>();
  private version = 0;
  /** Versions below this one cannot be bridged by changesSince (a full load replaced the records, or the log was trimmed). */
  private logFloor = 0;
  private log: { version: number; changes: RatingChange[] }[] = [];
  private readonly source: ViewSource = {
    records: () => this.map,
    current: () => this.current,
    changesBetween: (from, to) => this.changesInLog(from, to),
  };
  private current = new RecordsView(this.source, 0);

  /** The records as of the latest change: a new object per change, the same one until then (useSyncExternalStore). */
  get view(): RatingRecords {
    return this.current;
  }

  /** The records now (read-only): the same map across keyed changes. */
  get records(): ReadonlyMap<number, RatingRecord> {
    return this.map;
  }

  /** A whole new set of records (a full load): nothing before it can be bridged by changesSince. */
  replaceAll(records: Map<number, RatingRecord>): void {
    this.map = records;
    this.version += 1;
    this.logFloor = this.version;
    this.log = [];
    this.current = new RecordsView(this.source, this.version);
  }

  /** Sets (a record) or deletes (undefined) each movie's rating in place; false when nothing changed (no new version). */
  apply(updates: readonly (readonly [movieId: number, record: RatingRecord | undefined])[]): boolean {
    const changes: RatingChange[] = [];
    for (const [movieId, after] of updates) {
      const before = this.map.get(movieId);
      if (before === after) continue;
      if (after) this.map.set(movieId, after);
      else this.map.delete(movieId);
      changes.push({ movieId, before, after });
    }
    if (changes.length === 0) return false;
    this.version += 1;
    this.log.push({ version: this.version, changes });
    if (this.log.length > MIRROR_CHANGE_LOG) this.logFloor = this.log.shift()!.version;
    this.current = new RecordsView(this.source, this.version);
    return true;
  }

  private changesInLog(from: number, to: number): readonly RatingChange[] | null {
    if (from < this.logFloor || from > to) return null;
    const byMovie = new Map<number, RatingChange>();
    // Entries are in version order: the first one after `from` is found by binary search.
    let lo = 0;
    let hi = this.log.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.log[mid].version <= from) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.log.length && this.log[i].version <= to; i++) {
      for (const change of this.log[i].changes) {
        const earlier = byMovie.get(change.movieId);
        byMovie.set(change.movieId, earlier ? { ...earlier, after: change.after } : change);
      }
    }
    return [...byMovie.values()];
  }
}

export class RatingsMirror {
  /** False until the first full load finished. */
  loaded = false;
  /** While the first load runs on a long history: its count and most recent ratings; null otherwise. */
  preview: RatingsPreview | null = null;
  private readonly store = new VersionedRatings();
  private listeners = new Set<Listener>();
  private generation = 0;
  private reloading = false;
  private pendingKeys: Promise<void> = Promise.resolve();
  private readonly part: string;
  private readonly onMutated = (parts: Record<string, RangeNode | undefined>) => this.handleMutation(parts);

  constructor(
    private readonly db: CineLocalDatabase,
    readonly profileId: string,
  ) {
    this.part = `idb://${db.name}/ratings/`;
  }

  /** The records as of the latest change: a new object per change, the same one until then (useSyncExternalStore). */
  get view(): RatingRecords {
    return this.store.view;
  }

  /** The records now (read-only): the same map across keyed changes. */
  get records(): ReadonlyMap<number, RatingRecord> {
    return this.store.records;
  }

  start(): void {
    Dexie.on('storagemutated', this.onMutated as never);
    void this.reload();
  }

  stop(): void {
    Dexie.on('storagemutated').unsubscribe(this.onMutated as never);
    this.generation += 1;
    this.reloading = false;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A whole new set of records (a full load): nothing before it can be bridged by changesSince. */
  private publishAll(records: Map<number, RatingRecord>): void {
    this.store.replaceAll(records);
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  /**
   * Reads every rating of the profile in primary-key pages (each a short task); a newer reload supersedes it. The first
   * load publishes a preview (count, most recent page) first when the history is longer than that page.
   */
  async reload(): Promise<void> {
    const generation = ++this.generation;
    this.reloading = true;
    if (!this.loaded && !this.preview) {
      const all = this.db.ratings.where('[profileId+movieId]').between([this.profileId, -Infinity], [this.profileId, Infinity]);
      const newest = this.db.ratings.where('[profileId+updatedAt]').between([this.profileId, -Infinity], [this.profileId, Infinity]).reverse();
      const [total, recent] = await Promise.all([all.count(), newest.limit(MIRROR_FIRST_PAGE).toArray()]);
      if (generation !== this.generation) return;
      if (total <= recent.length) {
        // A short history is all in that page: no second read.
        this.reloading = false;
        this.loaded = true;
        return this.publishAll(new Map(recent.map((record) => [record.movieId, record])));
      }
      this.preview = { total, recent };
      this.notify();
    }
    const records = new Map<number, RatingRecord>();
    // Filled page by page (each page's task), not in one 45,000-record loop after the last page.
    await readProfileRatingsInPages(this.db, this.profileId, BACKGROUND_READ_PAGE_SIZE, (_, page) => {
      for (const record of page) records.set(record.movieId, record);
    });
    if (generation !== this.generation) return;
    this.reloading = false;
    this.loaded = true;
    this.preview = null;
    this.publishAll(records);
  }

  private handleMutation(parts: Record<string, RangeNode | undefined>): void {
    if (!parts.all && !(this.part in parts)) return;
    // A page already read by a running reload would miss this change: start over.
    if (parts.all || this.reloading) return void this.reload();
    const keys = keysOfRangeSet(parts[this.part], MIRROR_MAX_KEYED_CHANGES);
    if (keys === null) return void this.reload();
    const movieIds = keys
      .filter((key): key is [string, number] => Array.isArray(key) && key[0] === this.profileId && typeof key[1] === 'number')
      .map((key) => key[1]);
    if (movieIds.length === 0) return;
    // Applied in order: a later event's read must not be overtaken by an earlier one's.
    this.pendingKeys = this.pendingKeys.then(() => this.refreshKeys(movieIds)).catch(() => this.reload());
  }

  /** Applies the changed keys in place: O(changed), and the change is logged for readers that keep derived state. */
  private async refreshKeys(movieIds: number[]): Promise<void> {
    const generation = this.generation;
    const fresh = await this.db.ratings.bulkGet(movieIds.map((movieId) => [this.profileId, movieId] as [string, number]));
    // A full reload started meanwhile will include these changes.
    if (generation !== this.generation || this.reloading) return;
    if (this.store.apply(movieIds.map((movieId, i) => [movieId, fresh[i]] as const))) this.notify();
  }
}
