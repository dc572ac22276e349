// An in-memory mirror of one profile's ratings, kept current by the keys each write touches (in this tab and others),
// so a change costs a read of that rating, not of the whole history: a 50,000-rating history re-read per edit, as a
// live query does, blocks the main thread for seconds.
import Dexie, { cmp } from 'dexie';
import type { CineLocalDatabase, RatingRecord } from './schema';
import { readProfileRatingsInPages } from './chunked';

/** More changed keys than this in one event (a bulk import) reload everything, page by page. */
export const MIRROR_MAX_KEYED_CHANGES = 500;
/**
 * The first load reads this many most recent ratings (and the count) before the rest: the first screen shows them
 * while a long history (45,000 ratings: seconds of pages on a busy machine) is still being read (issue 21 item 5).
 */
export const MIRROR_FIRST_PAGE = 200;

/** What the first load has read before it finished: the count and the most recent ratings, newest first. */
export interface RatingsPreview {
  total: number;
  recent: readonly RatingRecord[];
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

export class RatingsMirror {
  /** movieId -> record; replaced (never mutated) on every change so React sees a new value. */
  records: ReadonlyMap<number, RatingRecord> = new Map();
  /** False until the first full load finished. */
  loaded = false;
  /** While the first load runs on a long history: its count and most recent ratings; null otherwise. */
  preview: RatingsPreview | null = null;
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

  private publish(records: Map<number, RatingRecord>): void {
    this.records = records;
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
        return this.publish(new Map(recent.map((record) => [record.movieId, record])));
      }
      this.preview = { total, recent };
      this.notify();
    }
    const records = new Map<number, RatingRecord>();
    // Filled page by page (each page's task), not in one 45,000-record loop after the last page.
    await readProfileRatingsInPages(this.db, this.profileId, undefined, (_, page) => {
      for (const record of page) records.set(record.movieId, record);
    });
    if (generation !== this.generation) return;
    this.reloading = false;
    this.loaded = true;
    this.preview = null;
    this.publish(records);
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

  private async refreshKeys(movieIds: number[]): Promise<void> {
    const generation = this.generation;
    const fresh = await this.db.ratings.bulkGet(movieIds.map((movieId) => [this.profileId, movieId] as [string, number]));
    // A full reload started meanwhile will include these changes.
    if (generation !== this.generation || this.reloading) return;
    const records = new Map(this.records);
    movieIds.forEach((movieId, i) => {
      const record = fresh[i];
      if (record) records.set(movieId, record);
      else records.delete(movieId);
    });
    this.publish(records);
  }
}
