// Last press wins between tabs (issue 21 item 8): rating writes carry their press time, never replace a later press,
// and a tab whose press was overwritten by an earlier one writes it again.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FUTURE_STAMP_SLACK_MS,
  PRESS_MEMORY_MS,
  pressClock,
  reconcilePress,
  storedPressAt,
  supersededBy,
  type RatingPress,
} from '../../src/storage/ratingPresses';
import { clearRating, createProfile, setRating } from '../../src/storage/repository';
import { useFakeIndexedDb } from '../helpers/fakeIndexedDb';

const fakeDb = useFakeIndexedDb('presses-db');
const anyMovie = async (ids: number[]) => ids;
const NOW = 1_800_000_000_000;

describe('press stamps', () => {
  it('a stored record stands for its press; imported or older records and stamps in the future stand for none', () => {
    expect(storedPressAt({ pressedAt: NOW - 5 }, NOW)).toBe(NOW - 5);
    expect(storedPressAt({}, NOW)).toBe(-Infinity);
    expect(storedPressAt(undefined, NOW)).toBe(-Infinity);
    expect(storedPressAt({ pressedAt: NOW + FUTURE_STAMP_SLACK_MS + 1 }, NOW)).toBe(-Infinity); // the clock was set back
    expect(storedPressAt({ pressedAt: Number.NaN }, NOW)).toBe(-Infinity);
    expect(supersededBy({ pressedAt: NOW }, NOW - 1, NOW)).toBe(true);
    expect(supersededBy({ pressedAt: NOW }, NOW, NOW)).toBe(false);
    expect(supersededBy({}, 0, NOW)).toBe(false);
  });

  it('a tab rewrites its press when an earlier one is stored over it, keeps watching while its own is stored, forgets it for a later one', () => {
    const press: RatingPress = { value: 5, pressedAt: NOW };
    expect(reconcilePress(press, { rating: 1, pressedAt: NOW - 80 }, NOW + 50)).toBe('rewrite');
    expect(reconcilePress(press, { rating: 1 }, NOW + 50)).toBe('rewrite'); // an import's record over a live press
    expect(reconcilePress(press, { rating: 5, pressedAt: NOW }, NOW + 50)).toBe('keep'); // ours: a slower tab may still land
    expect(reconcilePress(press, { rating: 1, pressedAt: NOW + 80 }, NOW + 100)).toBe('forget'); // a later press: adopt it
    expect(reconcilePress(press, { rating: 4, pressedAt: NOW }, NOW + 50)).toBe('forget'); // a tie keeps what is stored
    expect(reconcilePress(press, undefined, NOW + 50)).toBe('forget'); // cleared after our write
    expect(reconcilePress({ value: null, pressedAt: NOW }, undefined, NOW + 50)).toBe('keep');
    expect(reconcilePress({ value: null, pressedAt: NOW }, { rating: 3, pressedAt: NOW - 1 }, NOW + 50)).toBe('rewrite');
    // Remembered for PRESS_MEMORY_MS only.
    expect(reconcilePress(press, { rating: 5, pressedAt: NOW }, NOW + PRESS_MEMORY_MS + 1)).toBe('forget');
    expect(reconcilePress(press, { rating: 1, pressedAt: NOW - 80 }, NOW + PRESS_MEMORY_MS + 1)).toBe('forget');
  });

  it('press clocks are strictly increasing even within one millisecond or when the clock steps back', () => {
    const times = [100, 100, 100, 99, 250];
    const clock = pressClock(() => times.shift()!);
    expect([clock(), clock(), clock(), clock(), clock()]).toEqual([100, 101, 102, 103, 250]);
  });
});

describe('rating writes with press times', () => {
  it('a write never replaces a later press; the same value is written again to carry a later press, without counting a change', async () => {
    const db = fakeDb.openDb();
    const p = await createProfile(db, 'Tabs');
    const now = Date.now();
    const counter = async () => (await db.profiles.get(p.id))!.ratingChangeCounter;
    expect(await setRating(db, p.id, 862, 5, anyMovie, { pressedAt: now - 100 })).toBe('written');
    expect(await setRating(db, p.id, 862, 1, anyMovie, { pressedAt: now - 200 })).toBe('superseded'); // a slower tab's earlier press
    expect((await db.ratings.get([p.id, 862]))!).toMatchObject({ rating: 5, pressedAt: now - 100 });
    expect(await counter()).toBe(1);
    expect(await setRating(db, p.id, 862, 5, anyMovie, { pressedAt: now - 50 })).toBe('written');
    expect((await db.ratings.get([p.id, 862]))!.pressedAt).toBe(now - 50);
    expect(await counter()).toBe(1);
    expect(await setRating(db, p.id, 862, 5, anyMovie, { pressedAt: now - 50 })).toBe('unchanged');
    expect(await clearRating(db, p.id, 862, { pressedAt: now - 60 })).toBe('superseded');
    expect(await db.ratings.get([p.id, 862])).toBeDefined();
    expect(await clearRating(db, p.id, 862, { pressedAt: now - 10 })).toBe('written');
    expect(await db.ratings.get([p.id, 862])).toBeUndefined();
    expect(await counter()).toBe(2);
    // Without a press time (imports, scripts) writes behave as before.
    expect(await setRating(db, p.id, 862, 3, anyMovie)).toBe('written');
    expect(await setRating(db, p.id, 862, 3, anyMovie)).toBe('unchanged');
    expect((await db.ratings.get([p.id, 862]))!.pressedAt).toBeUndefined();
  });

  it('two tabs writing interleaved presses in any order end on the latest press once each tab has reconciled', async () => {
    // Model: each tab writes its presses in order (one at a time, any interleaving across tabs), then rewrites its
    // latest press while the stored one is older (what the ratings mirror triggers). The stored value must be the
    // value of the latest press overall.
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 1, max: 5 })), { minLength: 2, maxLength: 12 }),
        fc.array(fc.integer({ min: 0, max: 1 }), { maxLength: 30 }),
        async (presses, schedule) => {
          const db = fakeDb.openDb(`tabs-${Math.random()}`);
          const p = await createProfile(db, 'Tabs');
          const base = Date.now() - 10_000;
          const queues: RatingPress[][] = [[], []];
          presses.forEach(([tab, value], i) => queues[tab].push({ value, pressedAt: base + i * 70 }));
          const latest = queues.map((q) => q[q.length - 1]);
          // Interleave the two tabs' writes as `schedule` says, then drain what is left.
          const order = [...schedule, ...Array(presses.length).fill(0), ...Array(presses.length).fill(1)];
          for (const tab of order) {
            const press = queues[tab].shift();
            if (press) await setRating(db, p.id, 1, press.value!, anyMovie, { pressedAt: press.pressedAt });
          }
          for (let round = 0; round < 2; round++)
            for (const press of latest) {
              if (press && reconcilePress(press, await db.ratings.get([p.id, 1]), press.pressedAt + 100) === 'rewrite')
                await setRating(db, p.id, 1, press.value!, anyMovie, { pressedAt: press.pressedAt });
            }
          expect((await db.ratings.get([p.id, 1]))!.rating).toBe(presses[presses.length - 1][1]);
          db.close();
        },
      ),
      { numRuns: 60, seed: 21 },
    );
  });
});
