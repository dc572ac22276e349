// src/app/import/ownFormat.ts: the own-format import both pages share (outcome in words, throttled progress), and the
// report sentence's count of stored ratings kept by the one conflict rule.
import { beforeEach, describe, expect, it } from 'vitest';
import type { CineLocalDatabase } from '../../src/storage/db';
import { createProfile, setRating } from '../../src/storage/repository';
import { parseRatingsImport } from '../../src/history/formats/cinelocal';
import { importOwnFormat, savingText, throttledProgress } from '../../src/app/import/ownFormat';
import { importReportSummary } from '../../src/app/shared/importReportSummary';
import type { ImportWriteProgress } from '../../src/storage/historyImport';
import { knownMoviesOf, useFakeIndexedDb } from '../helpers/fakeIndexedDb';

const fakeDb = useFakeIndexedDb('own-format');
let db: CineLocalDatabase;
beforeEach(() => {
  db = fakeDb.openDb();
});

const known = knownMoviesOf([11, 12, 13]);
const bridge = {
  catalogIds: known,
  parseRatingsFile: async (name: string, text: string, now: number) => {
    try {
      return parseRatingsImport(name, text, now);
    } catch (error) {
      return { fileError: (error as Error).message };
    }
  },
};
const file = (name: string, text: string) => ({ name, size: text.length, text: async () => text });

describe('importOwnFormat', () => {
  it('writes through the one writer and says how many newer stored ratings were kept', async () => {
    const p = await createProfile(db, 'Own');
    await setRating(db, p.id, 11, 4, known);
    const progress: ImportWriteProgress[] = [];
    const outcome = await importOwnFormat(db, bridge, p.id, file('mine.csv', 'userId,movieId,rating,timestamp\nme,11,1,5\nme,12,3,5\n'), (x) =>
      progress.push(x),
    );
    expect(outcome.kind).toBe('report');
    if (outcome.kind !== 'report') return;
    expect(outcome.report).toMatchObject({ added: 1, keptMine: 1, imported: 1 });
    expect(importReportSummary(outcome.report).detail).toBe('(1 new, 0 changed, 0 already the same, 1 kept as yours (rated here more recently))');
    expect(progress.at(-1)).toEqual({ phase: 'saving', done: 1, total: 1 });
  });

  it('gives file and storage problems back as the message to show, writing nothing', async () => {
    const p = await createProfile(db, 'Broken');
    expect(await importOwnFormat(db, bridge, p.id, file('x.json', '{ nope'))).toEqual({
      kind: 'error',
      message: expect.stringMatching(/^The file is not valid JSON/),
    });
    expect(await importOwnFormat(db, bridge, 'gone', file('x.csv', 'movieId,rating\n11,3\n'))).toEqual({
      kind: 'error',
      message: 'The profile to import into no longer exists.',
    });
    expect(await db.ratings.count()).toBe(0);
  });
});

describe('progress', () => {
  it('reports at most every 100 ms, but always a phase change and the end', () => {
    let t = 0;
    const seen: string[] = [];
    const report = throttledProgress(
      (x) => seen.push(savingText(x)),
      100,
      () => t,
    );
    report({ phase: 'checking', done: 0, total: 10 });
    report({ phase: 'saving', done: 0, total: 300 });
    t = 50;
    report({ phase: 'saving', done: 100, total: 300 });
    t = 120;
    report({ phase: 'saving', done: 200, total: 300 });
    t = 130;
    report({ phase: 'saving', done: 300, total: 300 });
    expect(seen).toEqual(['Comparing with your ratings and watchlist: 0 of 10', 'Saving: 0 of 300', 'Saving: 200 of 300', 'Saving: 300 of 300']);
  });
});
