// "Bring your history" (#/import, issue 13) on the demo build: Letterboxd CSV and ZIP, IMDb, Trakt and MovieLens files
// made at test time from the built demo catalog (real demo titles, years, ids and IMDb ids); preview counts, a rejected
// title match, an alternative picked, conflicts, the watchlist, reload; failures that change nothing; long previews
// rendered 100 rows at a time; a CineLocal export handed to the existing import.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { directoryShardFetcher } from '../../src/engine/shards/fetchNode';
import { titleKey } from '../../src/history/titleKey';
import { loadEngineFromDir } from '../../src/node/loadEngine';
import { goHash, startFresh } from './helpers';

interface DemoMovie {
  id: number;
  title: string;
  year: number;
  imdbId: number;
  votes: number;
}

/** Demo movies whose title key is unique in the catalog (their title matches are sure), most voted first. */
let movies: DemoMovie[] = [];
/** Every demo movie (for the long preview). */
let everyMovie: DemoMovie[] = [];
/** Two demo movies with the same title (the alternative to pick), if the demo has such a pair. */
let twins: [DemoMovie, DemoMovie] | null = null;

test.beforeAll(async () => {
  const engine = await loadEngineFromDir('dist/data');
  await engine.loadImdbIds(directoryShardFetcher('dist/data'));
  const { catalog } = engine.data;
  const imdbIds = engine.imdbIdColumn!;
  everyMovie = Array.from(catalog.ids, (id, i) => ({ id, title: catalog.titles[i], year: catalog.years[i], imdbId: imdbIds[i], votes: catalog.voteCount[i] }));
  const byKey = new Map<string, DemoMovie[]>();
  for (const movie of everyMovie) byKey.set(titleKey(movie.title), [...(byKey.get(titleKey(movie.title)) ?? []), movie]);
  movies = [...byKey.values()]
    .filter((list) => list.length === 1)
    .map(([movie]) => movie)
    .filter((m) => m.year > 0 && m.imdbId > 0 && /^[\p{L}' ]+$/u.test(m.title))
    .sort((a, b) => b.votes - a.votes)
    .slice(0, 20);
  expect(movies.length).toBe(20);
  const pair = [...byKey.values()].find((list) => list.length === 2);
  twins = pair ? [pair[0], pair[1]] : null;
});

const PICKER = 'Choose export files (CSV, JSON or ZIP)';
const tt = (n: number) => `tt${String(n).padStart(7, '0')}`;
const csvCell = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
const csvFile = (name: string, lines: string[]) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(`${lines.join('\n')}\n`) });

async function openImport(page: Page): Promise<void> {
  await goHash(page, '#/ratings');
  await page.getByRole('link', { name: 'Import from Letterboxd, IMDb, Trakt or MovieLens' }).click();
  await expect(page.getByRole('heading', { name: 'Bring your history', level: 1 })).toBeVisible();
}

const importAlert = (page: Page) => page.getByRole('alert').filter({ hasText: 'Nothing was imported' });
const counts = (page: Page) => page.getByRole('list', { name: 'What was found' });
const ratedList = (page: Page) => page.getByRole('list', { name: 'Rated movies' });
const slider = (page: Page, title: string) => page.getByRole('slider', { name: `Rate ${title}`, exact: true });

/** Rows in the ratings table, read straight from IndexedDB. */
function storedRatings(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('cinelocal');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const count = db.transaction('ratings').objectStore('ratings').count();
          count.onsuccess = () => {
            resolve(count.result);
            db.close();
          };
          count.onerror = () => reject(count.error);
        };
      }),
  );
}

async function confirmImport(page: Page, button: string): Promise<void> {
  await page.getByRole('button', { name: button, exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Import finished' })).toBeVisible({ timeout: 20_000 });
}

test('a Letterboxd ratings.csv: preview counts, a rejected and a less sure title match, confirm, reload, ratings present', async ({ page }) => {
  await startFresh(page, 'Historian');
  await openImport(page);
  const [a, b, c, d, e] = movies;
  const lines = [
    'Date,Name,Year,Letterboxd URI,Rating',
    `2023-01-05,${csvCell(a.title)},${a.year},https://boxd.it/a1,4.5`,
    `2023-01-06,${csvCell(b.title.toUpperCase())},${b.year},https://boxd.it/a2,3`,
    `2023-01-07,${csvCell(c.title)},${c.year + 1},https://boxd.it/a3,5`,
    `2023-01-08,${csvCell(d.title)},${d.year},https://boxd.it/a4,1.5`,
    // No year: a less sure match, unchecked until the person checks it.
    `2023-01-09,${csvCell(e.title)},,https://boxd.it/a5,2`,
    '2023-01-10,Zzyzx Nowhere Picture,1950,https://boxd.it/a6,2',
    `2023-01-11,${csvCell(a.title)} Again,${a.year},https://boxd.it/a7,11`,
  ];
  await page.getByLabel(PICKER).setInputFiles(csvFile('ratings.csv', lines));
  await expect(page.getByRole('heading', { name: 'Found: Letterboxd export' })).toBeVisible({ timeout: 20_000 });
  await expect(counts(page)).toContainText('0 ratings matched exactly (by id)');
  await expect(counts(page)).toContainText('5 matched by title and year (1 less sure: unchecked below)');
  await expect(counts(page)).toContainText('1 not found in the catalog');
  await expect(counts(page)).toContainText('1 skipped');

  const review = page.getByRole('list', { name: 'Title matches' });
  await expect(review.getByRole('listitem')).toHaveCount(5);
  const unsure = page.getByRole('checkbox', { name: `Import “${e.title}”`, exact: true });
  await expect(unsure).not.toBeChecked();
  // Least sure first.
  await expect(review.getByRole('listitem').first()).toContainText(e.title);
  const rejected = page.getByRole('checkbox', { name: `Import “${d.title}” (${d.year})`, exact: true });
  await expect(rejected).toBeChecked();
  await rejected.uncheck();
  await expect(page.getByRole('list', { name: 'Not found' })).toContainText('“Zzyzx Nowhere Picture” (1950) ★ 2 · ratings.csv line 7 no catalog title matches');
  await expect(page.getByRole('list', { name: 'Skipped rows' })).toContainText('ratings.csv line 8:');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the rows not found (CSV)' }).click()]);
  const notFound = readFileSync(await download.path(), 'utf8');
  expect(notFound.split('\n')[0]).toBe('Title,Year,List,Rating,Date,File,Line,Why');
  expect(notFound).toContain('Zzyzx Nowhere Picture,1950,rating,2,2023-01-10,ratings.csv,7,');

  await confirmImport(page, 'Import 3 ratings');
  await expect(page.getByText('Imported 3 ratings (3 new, 0 changed)')).toBeVisible();

  await page.reload();
  await goHash(page, '#/ratings');
  await expect(ratedList(page).getByRole('listitem')).toHaveCount(3, { timeout: 20_000 });
  await expect(slider(page, a.title)).toHaveAttribute('aria-valuenow', '4.5');
  await expect(slider(page, b.title)).toHaveAttribute('aria-valuenow', '3');
  await expect(slider(page, c.title)).toHaveAttribute('aria-valuenow', '5');
  await expect(slider(page, d.title)).toHaveCount(0);
  await expect(slider(page, e.title)).toHaveCount(0);
});

test('IMDb by IMDb id, Trakt ratings + watchlist by TMDB id, MovieLens with a conflict resolved by "take the imported rating"', async ({ page }) => {
  await startFresh(page, 'Collector');
  await openImport(page);
  const [a, b, c, d, e, f] = movies.slice(5);

  const imdb = [
    'Const,Your Rating,Date Rated,Title,URL,Title Type,Year',
    `${tt(a.imdbId)},9,2021-03-04,Some Other Spelling,https://www.imdb.com/title/${tt(a.imdbId)}/,Movie,${a.year}`,
    `${tt(b.imdbId)},4,2021-03-05,${csvCell(b.title)},https://www.imdb.com/title/${tt(b.imdbId)}/,Movie,${b.year}`,
    'tt9999999,8,2021-03-06,Some Series,https://www.imdb.com/title/tt9999999/,TV Series,2008',
  ];
  await page.getByLabel(PICKER).setInputFiles(csvFile('imdb-ratings.csv', imdb));
  await expect(page.getByRole('heading', { name: 'Found: IMDb ratings export' })).toBeVisible({ timeout: 20_000 });
  await expect(counts(page)).toContainText('2 ratings matched exactly (by id)');
  await expect(counts(page)).toContainText('1 skipped');
  await expect(page.getByRole('list', { name: 'Skipped rows' })).toContainText('not a film (TV Series)');
  await confirmImport(page, 'Import 2 ratings');

  await page.getByRole('button', { name: 'Import more' }).click();
  const trakt = (name: string, at: string, items: { movie: DemoMovie; rating?: number }[]) => ({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(
      JSON.stringify(
        items.map(({ movie, rating }, i) => ({
          [at]: `2020-01-0${i + 1}T10:00:00.000Z`,
          ...(rating ? { rating } : {}),
          type: 'movie',
          movie: { title: movie.title, year: movie.year, ids: { trakt: i + 1, tmdb: movie.id } },
        })),
      ),
    ),
  });
  await page.getByLabel(PICKER).setInputFiles([
    trakt('ratings-movies.json', 'rated_at', [
      { movie: c, rating: 8 },
      { movie: d, rating: 3 },
    ]),
    trakt('watchlist-movies.json', 'listed_at', [{ movie: e }]),
  ]);
  await expect(page.getByRole('heading', { name: 'Found: Trakt export' })).toBeVisible({ timeout: 20_000 });
  await expect(counts(page)).toContainText('2 ratings matched exactly (by id)');
  await expect(counts(page)).toContainText('1 watchlist entry for your watchlist (1 by id, 0 by title, 0 not found)');
  await confirmImport(page, 'Import 2 ratings and 1 watchlist entry');
  await expect(page.getByText('1 movie added to your watchlist')).toBeVisible();

  // MovieLens: a by TMDB id with another rating (a conflict), f by IMDb id, one by title only.
  await page.getByRole('button', { name: 'Import more' }).click();
  const movielens = [
    'movie_id,imdb_id,tmdb_id,rating,average_rating,title',
    `1,,${a.id},2.0,3.9,${csvCell(`${a.title} (${a.year})`)}`,
    `2,${String(f.imdbId).padStart(7, '0')},,3.5,3.0,${csvCell(`${f.title} (${f.year})`)}`,
    `3,,,1.0,3.0,${csvCell(`${movies[15].title} (${movies[15].year})`)}`,
  ];
  await page.getByLabel(PICKER).setInputFiles(csvFile('movielens-ratings.csv', movielens));
  await expect(page.getByRole('heading', { name: 'Found: MovieLens ratings export' })).toBeVisible({ timeout: 20_000 });
  await expect(counts(page)).toContainText('2 ratings matched exactly (by id)');
  await expect(counts(page)).toContainText('1 matched by title and year');
  const conflicts = page.getByRole('group', { name: /1 movie you rated already has a different rating here/ });
  await expect(conflicts.getByRole('radio', { name: 'The newer one wins (by date)' })).toBeChecked();
  await expect(page.getByText('Will import 3 ratings (2 new, 1 kept as yours).')).toBeVisible();
  await conflicts.getByRole('radio', { name: 'Take the imported rating' }).check();
  await confirmImport(page, 'Import 3 ratings');
  await expect(page.getByText('Imported 3 ratings (2 new, 1 changed)')).toBeVisible();

  await page.reload();
  await goHash(page, '#/ratings');
  await expect(ratedList(page).getByRole('listitem')).toHaveCount(6, { timeout: 20_000 });
  await expect(slider(page, a.title)).toHaveAttribute('aria-valuenow', '2');
  await expect(slider(page, b.title)).toHaveAttribute('aria-valuenow', '2');
  await expect(slider(page, c.title)).toHaveAttribute('aria-valuenow', '4');
  await expect(slider(page, d.title)).toHaveAttribute('aria-valuenow', '1.5');
  await expect(slider(page, f.title)).toHaveAttribute('aria-valuenow', '3.5');
  await goHash(page, '#/watchlist');
  await expect(page.getByRole('list', { name: 'Watchlist' })).toContainText(e.title);
});

test('a Letterboxd ZIP (ratings, watchlist, watched) and an alternative picked from the list; long previews render 100 rows at a time', async ({ page }) => {
  await startFresh(page, 'Zipper');
  await openImport(page);
  const [a, b, c] = movies.slice(12);
  const enc = (lines: string[]) => new TextEncoder().encode(`${lines.join('\n')}\n`);
  const ratings = ['Date,Name,Year,Letterboxd URI,Rating', `2022-05-01,${csvCell(a.title)},${a.year},https://boxd.it/z1,4`];
  if (twins) ratings.push(`2022-05-02,${csvCell(twins[0].title)},,https://boxd.it/z2,1`);
  const zip = zipSync({
    'ratings.csv': enc(ratings),
    'watchlist.csv': enc(['Date,Name,Year,Letterboxd URI', `2022-06-01,${csvCell(b.title)},${b.year},https://boxd.it/w1`]),
    'watched.csv': enc(['Date,Name,Year,Letterboxd URI', `2022-06-02,${csvCell(c.title)},${c.year},https://boxd.it/w2`]),
    'likes/films.csv': enc(['Date,Name,Year,Letterboxd URI', `2022-06-03,${csvCell(c.title)},${c.year},https://boxd.it/w3`]),
  });
  await page.getByLabel(PICKER).setInputFiles({ name: 'letterboxd-zipper-2024-01-01-00-00-utc.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
  await expect(page.getByRole('heading', { name: 'Found: Letterboxd export' })).toBeVisible({ timeout: 20_000 });
  await expect(counts(page)).toContainText('1 watchlist entry for your watchlist');
  await expect(counts(page)).toContainText('1 watched without a rating');
  await expect(page.getByRole('list', { name: 'Files left out' })).toContainText('likes/films.csv');
  if (twins) {
    // Same title, no year: two movies fit equally; the one with more votes is offered, less sure and unchecked.
    const [more, fewer] = twins[0].votes >= twins[1].votes ? twins : [twins[1], twins[0]];
    const pick = page.getByRole('combobox', { name: `Catalog movie for “${twins[0].title}”`, exact: true });
    await expect(pick).toHaveValue(String(more.id));
    await expect(page.getByRole('checkbox', { name: `Import “${twins[0].title}”`, exact: true })).not.toBeChecked();
    await pick.selectOption(String(fewer.id));
    await expect(page.getByRole('checkbox', { name: `Import “${twins[0].title}”`, exact: true })).toBeChecked();
    await confirmImport(page, 'Import 2 ratings and 1 watchlist entry');
    await goHash(page, '#/ratings');
    await expect(ratedList(page).getByRole('listitem')).toHaveCount(2, { timeout: 20_000 });
    await expect(ratedList(page).getByRole('listitem').filter({ hasText: fewer.title })).toContainText(String(fewer.year));
  } else {
    await confirmImport(page, 'Import 1 rating and 1 watchlist entry');
    await goHash(page, '#/ratings');
    await expect(ratedList(page).getByRole('listitem')).toHaveCount(1, { timeout: 20_000 });
  }
  await expect(slider(page, a.title)).toHaveAttribute('aria-valuenow', '4');
  await goHash(page, '#/watchlist');
  await expect(page.getByRole('list', { name: 'Watchlist' })).toContainText(b.title);

  // Every demo movie, listed by title with a year off by one: 1,500 title matches, 100 in the page at a time.
  await goHash(page, '#/import');
  const long = [
    'Date,Name,Year,Letterboxd URI,Rating',
    ...everyMovie.map((m, i) => `2021-01-01,${csvCell(m.title)},${m.year ? m.year + 1 : ''},https://boxd.it/l${i},3`),
  ];
  await page.getByLabel(PICKER).setInputFiles(csvFile('ratings.csv', long));
  await expect(page.getByRole('heading', { name: 'Found: Letterboxd export' })).toBeVisible({ timeout: 30_000 });
  const review = page.getByRole('list', { name: 'Title matches' });
  await expect(review.getByRole('listitem')).toHaveCount(100);
  await page.getByRole('button', { name: 'Show 100 more title matches' }).click();
  await expect(review.getByRole('listitem')).toHaveCount(200);
  expect(await page.locator('li').count()).toBeLessThan(400);
});

test('failures change nothing: an unknown file, and a write refused by the browser (quota) mid-way, then tried again', async ({ page }) => {
  await startFresh(page, 'Careful');
  await openImport(page);
  await page.getByLabel(PICKER).setInputFiles(csvFile('random.csv', ['id,name,price', '1,chair,20']));
  await expect(importAlert(page)).toContainText('Nothing was imported: random.csv is not a rating export this app reads');

  const [a, b, c] = movies.slice(16);
  const lines = [
    'Const,Your Rating,Date Rated,Title,URL,Title Type,Year',
    ...[a, b, c].map((m, i) => `${tt(m.imdbId)},${6 + i},2021-03-0${i + 1},${csvCell(m.title)},https://www.imdb.com/title/${tt(m.imdbId)}/,Movie,${m.year}`),
  ];
  await page.getByLabel(PICKER).setInputFiles(csvFile('ratings.csv', lines));
  await expect(counts(page)).toContainText('3 ratings matched exactly (by id)', { timeout: 20_000 });
  // The browser refuses the write of the third movie: the whole transaction rolls back.
  await page.evaluate((movieId) => {
    const put = IDBObjectStore.prototype.put;
    (window as unknown as { restorePut(): void }).restorePut = () => {
      IDBObjectStore.prototype.put = put;
    };
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      if (this.name === 'ratings' && (value as { movieId?: number })?.movieId === movieId) throw new DOMException('', 'QuotaExceededError');
      return put.call(this, value, key);
    };
  }, c.id);
  await page.getByRole('button', { name: 'Import 3 ratings', exact: true }).click();
  await expect(importAlert(page)).toHaveText('Nothing was imported: The browser refused to store more data (storage quota exceeded). Nothing stored was lost.');
  expect(await storedRatings(page)).toBe(0);
  // The preview is still there: once the browser has room again, the same import goes through.
  await page.evaluate(() => (window as unknown as { restorePut(): void }).restorePut());
  await confirmImport(page, 'Import 3 ratings');
  expect(await storedRatings(page)).toBe(3);
  await goHash(page, '#/ratings');
  await expect(ratedList(page).getByRole('listitem')).toHaveCount(3, { timeout: 20_000 });
});

test('a CineLocal export picked here goes to the existing import', async ({ page }) => {
  await startFresh(page, 'Own');
  await goHash(page, '#/import');
  const [a] = movies;
  const file = {
    format: 'cinelocal-ratings',
    version: 2,
    profile: 'Own',
    exportedAt: new Date().toISOString(),
    ratings: [{ movieId: a.id, rating: 3.5, timestamp: 1_700_000_000 }],
    watchlist: [],
    hidden: [],
  };
  await page.getByLabel(PICKER).setInputFiles({ name: 'cinelocal-ratings-own.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await expect(page.getByRole('heading', { name: 'Imported a CineLocal export' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText('Imported 1 of 1 row from “cinelocal-ratings-own.json”')).toBeVisible();
  await goHash(page, '#/ratings');
  await expect(slider(page, a.title)).toHaveAttribute('aria-valuenow', '3.5');
});

test('Export for Letterboxd writes tmdbID,imdbID,Title,Year,Rating,WatchedDate from the catalog', async ({ page }) => {
  await startFresh(page, 'Exporter');
  await goHash(page, '#/import');
  const [a, b] = movies;
  const lines = [
    'Const,Your Rating,Date Rated,Title,URL,Title Type,Year',
    ...[a, b].map((m, i) => `${tt(m.imdbId)},${7 + i},2021-03-0${i + 1},${csvCell(m.title)},https://www.imdb.com/title/${tt(m.imdbId)}/,Movie,${m.year}`),
  ];
  await page.getByLabel(PICKER).setInputFiles(csvFile('ratings.csv', lines));
  await confirmImport(page, 'Import 2 ratings');
  await goHash(page, '#/ratings');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export for Letterboxd' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^cinelocal-for-letterboxd-exporter-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync(await download.path(), 'utf8')
    .trimEnd()
    .split('\n');
  expect(csv).toEqual([
    'tmdbID,imdbID,Title,Year,Rating,WatchedDate',
    `${a.id},${tt(a.imdbId)},${csvCell(a.title)},${a.year},3.5,2021-03-01`,
    `${b.id},${tt(b.imdbId)},${csvCell(b.title)},${b.year},4,2021-03-02`,
  ]);
});
