// src/app/import/ownFormat.ts: the one own-format flow My ratings and #/import share (its states, outcome in words,
// throttled progress), and the report sentence's count of stored ratings kept by the one conflict rule.
import { beforeEach, describe, expect, it } from 'vitest';
import type { CineLocalDatabase } from '../../src/storage/db';
import { createProfile, setRating } from '../../src/storage/repository';
import { parseRatingsImport } from '../../src/history/formats/cinelocal';
import { importOwnFormat, listsNotice, runOwnImport, savingText, throttledProgress, workingText, type OwnImportState } from '../../src/app/import/ownFormat';
import { importReportSummary } from '../../src/app/import/importReportSummary';
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

describe('runOwnImport', () => {
  it('shows working, then the write’s progress, then the report; a JSON file’s lists are told in one notice', async () => {
    const p = await createProfile(db, 'Flow');
    const json = JSON.stringify({
      format: 'cinelocal-ratings',
      version: 2,
      ratings: [{ movieId: 11, rating: 4, timestamp: 1_700_000_000 }],
      watchlist: [{ movieId: 12, addedAt: 1_700_000_000 }],
      hidden: [{ movieId: 13, hiddenAt: 1_700_000_000 }],
    });
    const shown: OwnImportState[] = [];
    const last = await runOwnImport(db, bridge, p.id, file('mine.json', json), (state) => shown.push(state));
    expect(shown[0]).toEqual({ kind: 'working', fileName: 'mine.json', progress: null });
    expect(workingText(shown[0] as Extract<OwnImportState, { kind: 'working' }>)).toBe('Checking “mine.json”…');
    const saving = shown.find((s): s is Extract<OwnImportState, { kind: 'working' }> => s.kind === 'working' && s.progress?.phase === 'saving');
    expect(saving && workingText(saving)).toBe('Saving “mine.json”…');
    expect(shown.at(-1)).toBe(last);
    expect(last.kind).toBe('report');
    if (last.kind !== 'report') return;
    expect(last.report).toMatchObject({ fileName: 'mine.json', added: 1 });
    expect(listsNotice(last.report)).toBe('From “mine.json”: 1 added to your watchlist, 1 hidden.');
    const again = await runOwnImport(db, bridge, p.id, file('mine.json', json), () => {});
    expect(again.kind === 'report' && listsNotice(again.report)).toBe('From “mine.json”: 0 added to your watchlist, 0 hidden, 2 already there.');
  });

  it('ends in an error naming the file, with no notice for lists; a CSV has no lists to tell', async () => {
    const p = await createProfile(db, 'Flow');
    const shown: OwnImportState[] = [];
    expect(await runOwnImport(db, bridge, p.id, file('broken.json', '{"ratings": ['), (state) => shown.push(state))).toEqual({
      kind: 'error',
      message: expect.stringMatching(/^Nothing was imported from “broken\.json”: The file is not valid JSON/),
    });
    expect(shown.map((s) => s.kind)).toEqual(['working', 'error']);
    const csv = await runOwnImport(db, bridge, p.id, file('mine.csv', 'movieId,rating\n11,3\n'), () => {});
    expect(csv.kind === 'report' && listsNotice(csv.report)).toBeNull();
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
