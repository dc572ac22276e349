// The in-memory ratings mirror follows every write (single keys, bulk imports, deletes, another connection) without
// re-reading the history for single-key changes.
import { describe, expect, it } from 'vitest';
import { MIRROR_FIRST_PAGE, RatingsMirror } from '../../src/storage/ratingsMirror';
import { clearRating, createProfile, setRating } from '../../src/storage/repository';
import { useFakeIndexedDb } from '../helpers/fakeIndexedDb';

const fakeDb = useFakeIndexedDb('mirror-db');
const anyMovie = async (ids: number[]) => ids;

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('ratings mirror', () => {
  it('loads in pages, then follows single writes by key, bulk writes by reload, and other connections', async () => {
    const db = fakeDb.openDb();
    const p = await createProfile(db, 'M');
    const other = await createProfile(db, 'Other');
    await db.ratings.bulkPut(Array.from({ length: 4500 }, (_, i) => ({ profileId: p.id, movieId: i + 1, rating: 3, updatedAt: i })));
    await setRating(db, other.id, 1, 5, anyMovie);
    const mirror = new RatingsMirror(db, p.id);
    let published = 0;
    mirror.subscribe(() => (published += 1));
    mirror.start();
    await until(() => mirror.loaded, 'first load');
    expect(mirror.records.size).toBe(4500);
    expect(mirror.records.get(1)?.rating).toBe(3);

    const reload = mirror.reload.bind(mirror);
    let reloads = 0;
    mirror.reload = () => ((reloads += 1), reload());
    await setRating(db, p.id, 1, 4.5, anyMovie);
    await until(() => mirror.records.get(1)?.rating === 4.5, 'the changed rating');
    // One key changed: read back by key, no reload of the 4,500.
    expect(reloads).toBe(0);

    await clearRating(db, p.id, 2);
    await until(() => !mirror.records.has(2), 'the cleared rating');
    // Another profile's write does not touch this mirror (no new version is published).
    const before = mirror.view;
    await setRating(db, other.id, 7, 1, anyMovie);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(mirror.view).toBe(before);
    // A keyed change is published as a new view that says what changed, not as a copy of the 4,500 records.
    const records = mirror.records;
    await setRating(db, p.id, 3, 2, anyMovie);
    await until(() => mirror.view !== before, 'the next change');
    expect(mirror.records).toBe(records);
    expect(mirror.view.changesSince(before)).toEqual([
      { movieId: 3, before: expect.objectContaining({ rating: 3 }), after: expect.objectContaining({ rating: 2 }) },
    ]);

    // A bulk write (an import) reloads page by page.
    await db.ratings.bulkPut(Array.from({ length: 600 }, (_, i) => ({ profileId: p.id, movieId: 10_000 + i, rating: 2, updatedAt: 1 })));
    await until(() => mirror.records.size === 4499 + 600, 'the bulk write');
    // A reload replaces the records: the change log cannot bridge it.
    expect(mirror.view.changesSince(before)).toBeNull();

    // A second connection (another tab's) writing is seen too.
    const tab2 = fakeDb.openDb();
    await setRating(tab2, p.id, 20_000, 1, anyMovie);
    await until(() => mirror.records.get(20_000)?.rating === 1, "the other connection's write");
    expect(published).toBeGreaterThanOrEqual(5);
    mirror.stop();
  });

  it('a long history is previewed (count, most recent ratings) before the pages of the rest; a short one is not', async () => {
    const db = fakeDb.openDb();
    const p = await createProfile(db, 'Long');
    const short = await createProfile(db, 'Short');
    // Movie ids run against the dates, so the newest ratings are not the first primary-key page.
    await db.ratings.bulkPut(Array.from({ length: 4500 }, (_, i) => ({ profileId: p.id, movieId: 4500 - i, rating: 3, updatedAt: 1_000 + i })));
    await db.ratings.bulkPut(Array.from({ length: 50 }, (_, i) => ({ profileId: short.id, movieId: i + 1, rating: 4, updatedAt: i })));
    const mirror = new RatingsMirror(db, p.id);
    const seen: { loaded: boolean; total?: number; newest?: number[]; records: number }[] = [];
    mirror.subscribe(() =>
      seen.push({
        loaded: mirror.loaded,
        total: mirror.preview?.total,
        newest: mirror.preview?.recent.slice(0, 2).map((r) => r.updatedAt),
        records: mirror.records.size,
      }),
    );
    mirror.start();
    await until(() => mirror.loaded, 'first load');
    expect(seen[0]).toEqual({ loaded: false, total: 4500, newest: [5_499, 5_498], records: 0 });
    expect(mirror.preview).toBeNull();
    expect(seen.at(-1)).toMatchObject({ loaded: true, records: 4500 });
    expect(MIRROR_FIRST_PAGE).toBeLessThan(4500);
    mirror.stop();

    const small = new RatingsMirror(db, short.id);
    let previews = 0;
    small.subscribe(() => (previews += small.preview ? 1 : 0));
    small.start();
    await until(() => small.loaded, 'short load');
    expect(previews).toBe(0);
    expect(small.records.size).toBe(50);
    small.stop();
  });
});
