// Storage faults in the real browser: quota exceeded, an older tab blocking the upgrade, the database deleted while
// open, and 500 ratings across two tabs with reloads. Every test reads the counts back after a reload.
import { expect, test, type Page } from '@playwright/test';
import { loadEngineFromDir } from '../../src/node/loadEngine';
import { ANCHOR, PLANTED, SEQUEL, createProfile, goHash, rateWithKeyboard, search, STARTUP_MS, startFresh } from './helpers';
import { asTmdbIds } from '../../src/engine/ids';

/** Title → search query for the movies every demo catalog contains. */
const UI_MOVIES: [title: string, query: string][] = [
  [ANCHOR.title, ANCHOR.query],
  [SEQUEL.title, ANCHOR.query],
  [PLANTED[0], 'baker'],
  [PLANTED[3], 'perfect heist'],
  [PLANTED[4], 'night train'],
  [PLANTED[5], 'tokyo nights'],
];

/** The demo catalog's ids and titles, read in Node from the same shards the built site serves. */
async function catalogMovies(): Promise<{ id: number; title: string }[]> {
  const engine = await loadEngineFromDir('dist/data');
  return engine.getMovies(asTmdbIds(Array.from(engine.data.catalog.ids))).map((m) => ({ id: m.id, title: m.title }));
}

async function ratedCount(page: Page): Promise<number> {
  await goHash(page, '#/ratings');
  const lede = page.locator('.view-lede');
  await expect(lede).toContainText(/has rated \d+ movies?|not rated anything/);
  const match = /has rated (\d+) movie/.exec((await lede.textContent()) ?? '');
  return match ? Number(match[1]) : 0;
}

async function importFile(page: Page, name: string, body: string): Promise<void> {
  await goHash(page, '#/ratings');
  await page.getByLabel('Import ratings (JSON or CSV)').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(body) });
}

function ratingsCsv(ids: number[], rating = 3.5): string {
  return ['userId,movieId,rating,timestamp', ...ids.map((id, i) => `me,${id},${rating},${1_700_000_000 + i}`)].join('\n');
}

test('quota exceeded: failed writes are refused with a message, nothing half-saved, and writing resumes when space returns', async ({ browser }) => {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  // While window.__quotaFull is true every object-store put throws, as a full disk does.
  await context.addInitScript(() => {
    const w = window as unknown as { __quotaFull?: boolean; __quotaRefusals?: number };
    w.__quotaRefusals = 0;
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function patchedPut(this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (w.__quotaFull) {
        w.__quotaRefusals! += 1;
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      return put.apply(this, args);
    };
  });
  const page = await context.newPage();
  await startFresh(page, 'Quota Quinn');
  await search(page, ANCHOR.query);
  await rateWithKeyboard(page, ANCHOR.title, 4);

  await page.evaluate(() => ((window as unknown as { __quotaFull: boolean }).__quotaFull = true));
  // A new rating and a change to an existing one, both refused.
  for (const [title, key] of [
    [SEQUEL.title, '3'],
    [ANCHOR.title, '1'],
  ] as const) {
    const slider = page.getByRole('slider', { name: `Rate ${title}`, exact: true });
    await slider.focus();
    await slider.press(key);
    await slider.press('Enter');
    await expect(page.getByRole('alert').filter({ hasText: `Could not save the rating for ${title}` })).toContainText(
      'storage quota exceeded). Nothing stored was lost.',
    );
  }
  // The controls fall back to what is stored (not the refused values).
  await expect(page.getByRole('slider', { name: `Rate ${SEQUEL.title}`, exact: true })).toHaveAttribute('aria-valuetext', 'Not rated');
  await expect(page.getByRole('slider', { name: `Rate ${ANCHOR.title}`, exact: true })).toHaveAttribute('aria-valuenow', '4');
  // An import under quota is refused whole.
  const catalog = await catalogMovies();
  const importIds = catalog
    .slice(0, 40)
    .map((m) => m.id)
    .filter((id) => id !== ANCHOR.id && id !== SEQUEL.id);
  await importFile(page, 'full.csv', ratingsCsv(importIds));
  await expect(page.locator('.import-outcome')).toHaveText(
    'Nothing was imported from “full.csv”: The browser refused to store more data (storage quota exceeded). Nothing stored was lost.',
  );
  const refusals = await page.evaluate(() => (window as unknown as { __quotaRefusals: number }).__quotaRefusals);
  expect(refusals).toBeGreaterThanOrEqual(3);
  test.info().annotations.push({ type: 'quota', description: `${refusals} puts refused; 2 ratings and 1 import (${importIds.length} rows) refused whole` });
  await page.reload();
  expect(await ratedCount(page)).toBe(1);

  // Space is back: the same writes succeed.
  await page.evaluate(() => ((window as unknown as { __quotaFull: boolean }).__quotaFull = false));
  await importFile(page, 'again.csv', ratingsCsv(importIds));
  await expect(page.getByRole('status').filter({ hasText: `Imported ${importIds.length} of ${importIds.length} rows` })).toBeVisible();
  await search(page, ANCHOR.query);
  await rateWithKeyboard(page, SEQUEL.title, 3);
  await page.reload();
  expect(await ratedCount(page)).toBe(importIds.length + 2);
  await context.close();
});

/** An older CineLocal tab: creates the version-1 schema (native version 10) with one profile and keeps the connection open, ignoring versionchange. */
async function holdOldVersion(page: Page, movieIds: number[]): Promise<void> {
  await page.evaluate(async (ids) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('cinelocal', 10);
      request.onupgradeneeded = () => {
        const d = request.result;
        d.createObjectStore('profiles', { keyPath: 'id' }).createIndex('name', 'name', { unique: true });
        d.createObjectStore('ratings', { keyPath: ['profileId', 'movieId'] }).createIndex('profileId', 'profileId');
        d.createObjectStore('settings', { keyPath: 'key' });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(['profiles', 'ratings', 'settings'], 'readwrite');
      tx.objectStore('profiles').put({ id: 'old-ada', name: 'Ada', createdAt: 1 });
      ids.forEach((movieId, i) => tx.objectStore('ratings').put({ profileId: 'old-ada', movieId, rating: 2 + i, timestamp: 1_600_000_000 + i }));
      tx.objectStore('settings').put({ key: 'lastProfileId', value: 'old-ada' });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    (window as unknown as { __oldConnection: IDBDatabase }).__oldConnection = db;
  }, movieIds);
}

test('an older tab holding the database open: the app starts at once on a temporary copy, says what is at risk, and saves it when the old tab lets go', async ({
  browser,
}) => {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const catalog = await catalogMovies();
  const oldIds = [PLANTED[0], PLANTED[3]].map((title) => catalog.find((m) => m.title === title)!.id);
  const old = await context.newPage();
  await old.goto('./favicon.svg');
  await holdOldVersion(old, oldIds);

  const page = await context.newPage();
  const started = Date.now();
  await page.goto('./');
  const blocked = page.locator('[data-storage-notice="blocked"]');
  await expect(blocked).toContainText('Another CineLocal tab (an older version of the app) keeps the database open', { timeout: 10_000 });
  await expect(blocked).toContainText('ratings you make here are saved as soon as the other tab lets go');
  await expect(page.getByLabel('Your name')).toBeVisible();
  const startMs = Date.now() - started;
  // Work on the temporary copy: the same person, one new rating.
  await createProfile(page, 'Ada');
  await expect(page.getByLabel('Search movies')).toBeVisible({ timeout: 30_000 });
  await search(page, ANCHOR.query);
  await rateWithKeyboard(page, ANCHOR.title, 4.5);

  await old.evaluate(() => (window as unknown as { __oldConnection: IDBDatabase }).__oldConnection.close());
  const reconnected = page.locator('[data-storage-notice="reconnected"]');
  await expect(reconnected).toContainText('the 1 rating made in this tab meanwhile was saved');
  await expect(blocked).toHaveCount(0);
  // Rated after the reconnection and never reloaded: saved straight through, as a fresh tab shows.
  await search(page, 'night train');
  await rateWithKeyboard(page, PLANTED[4], 1);
  const fresh = await context.newPage();
  await fresh.goto('./');
  await expect(fresh.getByRole('button', { name: 'Ada: manage profiles' })).toBeVisible({ timeout: STARTUP_MS });
  await expect.poll(() => ratedCount(fresh)).toBe(4);
  await fresh.close();

  await reconnected.getByRole('button', { name: 'Reload' }).click();
  await expect(page.getByRole('button', { name: 'Ada: manage profiles' })).toBeVisible({ timeout: STARTUP_MS });
  await expect(page.locator('[data-storage-notice]')).toHaveCount(0);
  expect(await ratedCount(page)).toBe(4);
  await expect(page.getByRole('slider', { name: `Rate ${ANCHOR.title}`, exact: true })).toHaveAttribute('aria-valuenow', '4.5');
  await expect(page.getByRole('slider', { name: `Rate ${PLANTED[3]}`, exact: true })).toHaveAttribute('aria-valuenow', '3');
  await expect(page.getByRole('slider', { name: `Rate ${PLANTED[4]}`, exact: true })).toHaveAttribute('aria-valuenow', '1');
  test.info().annotations.push({ type: 'blocked-start-ms', description: String(startMs) });
  await context.close();
});

test('the database deleted from another tab while open: the app puts back what it holds, says so, and keeps working', async ({ browser }) => {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await startFresh(page, 'Del Dora');
  await search(page, ANCHOR.query);
  await rateWithKeyboard(page, ANCHOR.title, 5);
  await rateWithKeyboard(page, SEQUEL.title, 2);

  const other = await context.newPage();
  await other.goto('./favicon.svg');
  const deleted = await other.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const request = indexedDB.deleteDatabase('cinelocal');
        request.onsuccess = () => resolve('deleted');
        request.onerror = () => resolve(`error ${request.error?.name}`);
      }),
  );
  expect(deleted).toBe('deleted');
  await expect(page.locator('[data-storage-notice="deleted"]')).toContainText('saved back 1 profile and the 2 ratings of Del Dora');
  await expect(page.getByText('CineLocal was updated in another tab')).toHaveCount(0);
  // Keeps working on the re-created database.
  await search(page, 'baker');
  await rateWithKeyboard(page, PLANTED[0], 3);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Del Dora: manage profiles' })).toBeVisible({ timeout: STARTUP_MS });
  expect(await ratedCount(page)).toBe(3);
  await other.reload();
  expect(await other.evaluate(() => indexedDB.databases().then((list) => list.map((d) => d.name)))).toContain('cinelocal');
  await context.close();
});

test('500 ratings across two tabs with reloads in between: every one is there after a reload', async ({ page, context }) => {
  test.setTimeout(120_000);
  const catalog = await catalogMovies();
  const uiTitles = new Set(UI_MOVIES.map(([title]) => title));
  const rest = catalog.filter((m) => !uiTitles.has(m.title)).map((m) => m.id);
  expect(rest.length).toBeGreaterThanOrEqual(494);
  const firstBatch = rest.slice(0, 250);
  const secondBatch = rest.slice(250, 494);

  await startFresh(page, 'Many Mo');
  const other = await context.newPage();
  await other.goto('./');
  await expect(other.getByRole('button', { name: 'Many Mo: manage profiles' })).toBeVisible({ timeout: STARTUP_MS });
  await expect(other.getByLabel('Search movies')).toBeVisible({ timeout: 30_000 });

  // Tab 1: three through the rating control, then an import of 250.
  for (const [title, query] of UI_MOVIES.slice(0, 3)) {
    await search(page, query);
    await rateWithKeyboard(page, title, 4);
  }
  await importFile(page, 'first.csv', ratingsCsv(firstBatch));
  await expect(page.getByRole('status').filter({ hasText: 'Imported 250 of 250 rows' })).toBeVisible();
  await page.reload();

  // Tab 2 imports 244 while tab 1 rates two more at the same time.
  await Promise.all([
    (async () => {
      await importFile(other, 'second.csv', ratingsCsv(secondBatch, 2));
      await expect(other.getByRole('status').filter({ hasText: 'Imported 244 of 244 rows' })).toBeVisible({ timeout: 30_000 });
    })(),
    (async () => {
      for (const [title, query] of UI_MOVIES.slice(3, 5)) {
        await search(page, query);
        await rateWithKeyboard(page, title, 1.5);
      }
    })(),
  ]);
  await other.reload();
  await search(other, UI_MOVIES[5][1]);
  await rateWithKeyboard(other, UI_MOVIES[5][0], 5);

  await page.reload();
  await other.reload();
  expect(await ratedCount(page)).toBe(500);
  expect(await ratedCount(other)).toBe(500);
  // Spot checks of values written by each path.
  const stored = await page.evaluate(
    () =>
      new Promise<{ movieId: number; rating: number }[]>((resolve, reject) => {
        const request = indexedDB.open('cinelocal');
        request.onsuccess = () => {
          const all = request.result.transaction('ratings').objectStore('ratings').getAll();
          all.onsuccess = () => {
            resolve((all.result as { movieId: number; rating: number }[]).map(({ movieId, rating }) => ({ movieId, rating })));
            request.result.close();
          };
        };
        request.onerror = () => reject(request.error);
      }),
  );
  const byId = new Map(stored.map((r) => [r.movieId, r.rating]));
  expect(byId.size).toBe(500);
  expect(byId.get(firstBatch[0])).toBe(3.5);
  expect(byId.get(secondBatch.at(-1)!)).toBe(2);
  expect(byId.get(ANCHOR.id)).toBe(4);
  await other.close();
});
