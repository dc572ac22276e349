// The press journal (issue 21, the burst's lost last press): a press is noted synchronously, forgotten once stored, and
// the next start writes what a leaving page never stored, never over a later press from another tab.
import { describe, expect, it } from 'vitest';
import {
  forgetProfilePresses,
  JOURNAL_PREFIX,
  journaledPresses,
  journalPress,
  replayJournal,
  settlePress,
  type JournalStorage,
} from '../../src/storage/pressJournal';
import { createProfile, setRating } from '../../src/storage/repository';
import { knownMoviesOf, useFakeIndexedDb } from '../helpers/fakeIndexedDb';

const fakeDb = useFakeIndexedDb('press-journal-db');
const catalog = knownMoviesOf([862, 603, 13]);

/** A Web Storage stand-in (localStorage is shared by the tabs of an origin: one instance plays both tabs). */
function memoryStorage(): JournalStorage & { dump(): Record<string, string> } {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, String(value)),
    removeItem: (key) => void items.delete(key),
    key: (index) => [...items.keys()][index] ?? null,
    get length() {
      return items.size;
    },
    dump: () => Object.fromEntries(items),
  };
}

describe('press journal', () => {
  it('keeps the later of two tabs’ presses and forgets a press only once it or a later one is stored', () => {
    const storage = memoryStorage();
    journalPress(storage, { profileId: 'p', movieId: 862, value: 4, pressedAt: 200 });
    journalPress(storage, { profileId: 'p', movieId: 862, value: 1, pressedAt: 100 }); // an earlier press from another tab
    expect(journaledPresses(storage, 'p')).toEqual([{ profileId: 'p', movieId: 862, value: 4, pressedAt: 200 }]);
    settlePress(storage, 'p', 862, 100); // the earlier press was stored: ours is still owed
    expect(journaledPresses(storage, 'p')).toHaveLength(1);
    settlePress(storage, 'p', 862, 200);
    expect(journaledPresses(storage, 'p')).toEqual([]);
  });

  it("a deleted profile's pending presses are forgotten, another profile's kept", () => {
    const storage = memoryStorage();
    journalPress(storage, { profileId: 'gone', movieId: 862, value: 4, pressedAt: 100 });
    journalPress(storage, { profileId: 'gone', movieId: 603, value: null, pressedAt: 110 });
    journalPress(storage, { profileId: 'kept', movieId: 862, value: 2, pressedAt: 120 });
    forgetProfilePresses(storage, 'gone');
    expect(journaledPresses(storage, 'gone')).toEqual([]);
    expect(journaledPresses(storage, 'kept')).toEqual([{ profileId: 'kept', movieId: 862, value: 2, pressedAt: 120 }]);
    expect(Object.keys(storage.dump())).toHaveLength(1);
    forgetProfilePresses(null, 'kept'); // no storage: nothing to do, no throw
  });

  it('drops entries that are not valid presses (bad JSON, bad value, bad id) and reads only the asked profile', () => {
    const storage = memoryStorage();
    storage.setItem(`${JOURNAL_PREFIX}["p",862]`, '{not json');
    storage.setItem(`${JOURNAL_PREFIX}["p",603]`, JSON.stringify({ value: 7, pressedAt: 1 }));
    storage.setItem(`${JOURNAL_PREFIX}["p",-1]`, JSON.stringify({ value: 3, pressedAt: 1 }));
    storage.setItem('unrelated', 'kept');
    journalPress(storage, { profileId: 'other', movieId: 13, value: null, pressedAt: 5 });
    journalPress(storage, { profileId: 'p:with:colons', movieId: 13, value: 2.5, pressedAt: 6 });
    expect(journaledPresses(storage, 'p')).toEqual([]);
    expect(journaledPresses(storage, 'p:with:colons')).toEqual([{ profileId: 'p:with:colons', movieId: 13, value: 2.5, pressedAt: 6 }]);
    expect(Object.keys(storage.dump()).sort()).toEqual([`${JOURNAL_PREFIX}["other",13]`, `${JOURNAL_PREFIX}["p:with:colons",13]`, 'unrelated']);
  });

  it('a storage that throws (quota, disabled) is reported, not thrown', () => {
    const broken: JournalStorage = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
      removeItem: () => undefined,
      key: () => null,
      length: 0,
    };
    expect(journalPress(broken, { profileId: 'p', movieId: 1, value: 1, pressedAt: 1 })).toBe(false);
    expect(journalPress(null, { profileId: 'p', movieId: 1, value: 1, pressedAt: 1 })).toBe(false);
  });
});

describe('replaying the journal at start', () => {
  it('writes the last press a leaving page never stored (its write was aborted with the page), then forgets it', async () => {
    const db = fakeDb.openDb();
    const storage = memoryStorage();
    const p = await createProfile(db, 'Bursty');
    const now = Date.now();
    expect(await setRating(db, p.id, 862, 2, catalog, { pressedAt: now - 30 })).toBe('written'); // the press before the last
    journalPress(storage, { profileId: p.id, movieId: 862, value: 2.5, pressedAt: now - 10 }); // the last press
    // The page goes: the last press's write is dropped with its transaction.
    await db
      .transaction('rw', db.ratings, async (tx) => {
        await db.ratings.put({ profileId: p.id, movieId: 862, rating: 2.5, updatedAt: now, pressedAt: now - 10 });
        tx.abort();
      })
      .catch(() => undefined);
    expect((await db.ratings.get([p.id, 862]))!.rating).toBe(2);

    const report = await replayJournal(db, storage, p.id, catalog);
    expect(report).toEqual({ written: 1, settled: 0, dropped: [] });
    expect((await db.ratings.get([p.id, 862]))!).toMatchObject({ rating: 2.5, pressedAt: now - 10 });
    expect(journaledPresses(storage, p.id)).toEqual([]);
    // A second start has nothing to do.
    expect(await replayJournal(db, storage, p.id, catalog)).toEqual({ written: 0, settled: 0, dropped: [] });
  });

  it('never replaces a later press stored by another tab, and replays a clear', async () => {
    const db = fakeDb.openDb();
    const storage = memoryStorage();
    const p = await createProfile(db, 'Two tabs');
    const now = Date.now();
    await setRating(db, p.id, 862, 5, catalog, { pressedAt: now - 5 }); // another tab's later press, stored
    journalPress(storage, { profileId: p.id, movieId: 862, value: 1, pressedAt: now - 50 });
    await setRating(db, p.id, 603, 3, catalog, { pressedAt: now - 100 });
    journalPress(storage, { profileId: p.id, movieId: 603, value: null, pressedAt: now - 20 });
    expect(await replayJournal(db, storage, p.id, catalog)).toEqual({ written: 1, settled: 1, dropped: [] });
    expect((await db.ratings.get([p.id, 862]))!.rating).toBe(5);
    expect(await db.ratings.get([p.id, 603])).toBeUndefined();
    expect(journaledPresses(storage, p.id)).toEqual([]);
  });

  it('drops a press the catalog no longer has, naming why, and keeps one that failed for another reason', async () => {
    const db = fakeDb.openDb();
    const storage = memoryStorage();
    const p = await createProfile(db, 'Moved');
    journalPress(storage, { profileId: p.id, movieId: 99999, value: 4, pressedAt: Date.now() - 10 });
    const report = await replayJournal(db, storage, p.id, catalog);
    expect(report.dropped).toEqual([{ movieId: 99999, reason: 'movie id 99999 is not in the loaded catalog' }]);
    expect(journaledPresses(storage, p.id)).toEqual([]);

    journalPress(storage, { profileId: p.id, movieId: 862, value: 4, pressedAt: Date.now() - 10 });
    const offline = async (): Promise<number[]> => {
      throw new Error('worker restarting');
    };
    expect(await replayJournal(db, storage, p.id, offline)).toEqual({ written: 0, settled: 0, dropped: [] });
    expect(journaledPresses(storage, p.id)).toHaveLength(1);
  });
});
