// Ratings belong to the catalog they were made on. Demo ids are not TMDB ids (130 demo ids are also real TMDB ids), so
// when a profile meets a catalog with another id space its ratings, watchlist and hidden movies are parked, not
// re-attached to unrelated movies; parked records of the loaded id space come back.
import type { CineLocalDatabase, HiddenRecord, ParkedTable, RatingRecord, WatchlistRecord } from './schema';
import { countRatingChanges } from './storageRules';

/** The id space of a loaded catalog: the generated demo has its own ids; every Kaggle build uses TMDB ids. */
export function idSpaceOf(datasetKind: 'demo' | 'kaggle' | string): string {
  return datasetKind === 'demo' ? 'demo' : 'tmdb';
}

export interface CatalogSwitch {
  /** The id space the profile's lists belonged to before (null: first binding, nothing moved). */
  from: string | null;
  to: string;
  parked: Record<ParkedTable, number>;
  restored: Record<ParkedTable, number>;
}

const TABLES: ParkedTable[] = ['ratings', 'watchlist', 'hidden'];
const zero = (): Record<ParkedTable, number> => ({ ratings: 0, watchlist: 0, hidden: 0 });

/**
 * Binds the profile to `idSpace` in one transaction. Same space: nothing happens (returns null). A profile from before
 * schema v3 is bound to the first catalog it meets, keeping its lists. Otherwise the lists move to `parked` under the
 * old space and records parked under the new space return (the rating change counter moves, so the vector is refitted).
 */
export async function bindProfileToCatalog(db: CineLocalDatabase, profileId: string, idSpace: string): Promise<CatalogSwitch | null> {
  return db.transaction('rw', [db.profiles, db.ratings, db.watchlist, db.hidden, db.parked], async () => {
    const profile = await db.profiles.get(profileId);
    if (!profile || profile.idSpace === idSpace) return null;
    if (profile.idSpace === undefined) {
      await db.profiles.update(profileId, { idSpace });
      return { from: null, to: idSpace, parked: zero(), restored: zero() };
    }
    const from = profile.idSpace;
    const result: CatalogSwitch = { from, to: idSpace, parked: zero(), restored: zero() };
    for (const table of TABLES) {
      const live = db.table<RatingRecord | WatchlistRecord | HiddenRecord, [string, number]>(table);
      const current = await live.where('profileId').equals(profileId).toArray();
      await db.parked.bulkPut(current.map((record) => ({ profileId, idSpace: from, table, movieId: record.movieId, record })));
      await live.where('profileId').equals(profileId).delete();
      result.parked[table] = current.length;
    }
    const returning = await db.parked.where('[profileId+idSpace]').equals([profileId, idSpace]).toArray();
    for (const table of TABLES) {
      const records = returning.filter((p) => p.table === table).map((p) => p.record);
      await db.table(table).bulkPut(records);
      result.restored[table] = records.length;
    }
    await db.parked.where('[profileId+idSpace]').equals([profileId, idSpace]).delete();
    await db.profiles.update(profileId, { idSpace });
    await countRatingChanges(db, profileId, 1);
    return result;
  });
}

/** One sentence for the person: what was set aside and what came back. */
export function describeCatalogSwitch(change: CatalogSwitch): string | null {
  if (change.from === null) return null;
  const name = (space: string) => (space === 'demo' ? 'the demo catalog' : 'the TMDB movie catalog');
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const parts = (r: Record<ParkedTable, number>) =>
    [count(r.ratings, 'rating', 'ratings'), count(r.watchlist, 'watchlist entry', 'watchlist entries'), count(r.hidden, 'hidden movie', 'hidden movies')].join(
      ', ',
    );
  const parkedAny = TABLES.some((t) => change.parked[t] > 0);
  const restoredAny = TABLES.some((t) => change.restored[t] > 0);
  const kept = parkedAny
    ? `Your ${parts(change.parked)} made on ${name(change.from)} are kept aside: they belong to other movie ids and come back when that catalog is loaded again.`
    : '';
  const back = restoredAny ? ` Your ${parts(change.restored)} made earlier on ${name(change.to)} are back.` : '';
  const text = `${kept}${back}`.trim();
  return text || null;
}
