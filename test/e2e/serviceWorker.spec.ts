// Service worker faults: the network flapping while rating (with reloads offline), and a new version arriving while
// the app is open in two tabs with unsaved-looking work. Nothing acknowledged may be lost.
import { expect, test, type Page } from '@playwright/test';
import { appendFileSync, cpSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ANCHOR, PLANTED, SEQUEL, goHash, rateWithKeyboard, search, serve, startFresh } from './helpers';

const MOVIES: [title: string, query: string, rating: number][] = [
  [ANCHOR.title, ANCHOR.query, 5],
  [SEQUEL.title, ANCHOR.query, 0.5],
  [PLANTED[0], 'baker', 3],
  [PLANTED[3], 'perfect heist', 4.5],
  [PLANTED[4], 'night train', 2],
  [PLANTED[5], 'tokyo nights', 1],
];

/** My ratings' rows once `count` are listed (the list shows before its rows: their titles and order come from the worker). */
async function ratingsShown(page: Page, count = MOVIES.length): Promise<Map<string, string>> {
  await goHash(page, '#/ratings');
  const list = page.getByRole('list', { name: 'Rated movies' });
  await expect(list).toBeVisible({ timeout: 30_000 });
  const sliders = list.getByRole('slider');
  // A lost rating still fails here: the list never reaches the count.
  await expect(sliders).toHaveCount(count, { timeout: 30_000 });
  const shown = new Map<string, string>();
  for (const slider of await sliders.all())
    shown.set(((await slider.getAttribute('aria-label')) ?? '').replace(/^Rate /, ''), (await slider.getAttribute('aria-valuenow')) ?? '');
  return shown;
}

test('offline/online flapping while rating, with reloads on both sides: every rating is kept', async ({ page, context }) => {
  test.setTimeout(90_000);
  await startFresh(page, 'Flappy');
  await page.evaluate(async () => navigator.serviceWorker.ready);
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  let flips = 0;
  let reloads = 0;
  for (const [index, [title, query, rating]] of MOVIES.entries()) {
    const offline = index % 2 === 0;
    await context.setOffline(offline);
    flips += 1;
    if (index % 2 === 1 || index === 4) {
      await page.reload();
      reloads += 1;
      await expect(page.getByLabel('Search movies').or(page.getByRole('heading', { name: 'My ratings' }))).toBeVisible({ timeout: 30_000 });
    }
    await search(page, query);
    // Flip the network again in the middle of the keyboard commit.
    const slider = page.getByRole('slider', { name: `Rate ${title}`, exact: true }).first();
    await slider.focus();
    await slider.press('Home');
    for (let i = 0; i < rating * 2; i++) await slider.press('ArrowRight');
    await context.setOffline(!offline);
    flips += 1;
    await slider.press('Enter');
    await expect(page.getByRole('button', { name: `Clear rating for ${title}`, exact: true }).first()).toBeVisible();
  }
  await context.setOffline(true);
  await page.reload();
  const offlineView = await ratingsShown(page);
  await context.setOffline(false);
  await page.reload();
  const onlineView = await ratingsShown(page);
  const expected = new Map(MOVIES.map(([title, , rating]) => [title, String(rating)]));
  expect(offlineView).toEqual(expected);
  expect(onlineView).toEqual(expected);
  test.info().annotations.push({ type: 'flapping', description: `${flips} network flips, ${reloads} reloads mid-run, ${MOVIES.length} ratings kept` });
});

test('a new version arriving while two tabs are open and rating: nothing is lost across the update, and the new version works offline', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  const root = test.info().outputPath('site');
  cpSync('dist', root, { recursive: true });
  const server = await serve(root);
  try {
    const site = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    await startFresh(page, 'Update Ula', site);
    await page.evaluate(async () => navigator.serviceWorker.ready);
    await page.reload();
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    const other = await context.newPage();
    await other.goto(site);
    await expect(other.getByLabel('Search movies')).toBeVisible({ timeout: 30_000 });
    for (const [title, query, rating] of MOVIES.slice(0, 2)) {
      await search(page, query);
      await rateWithKeyboard(page, title, rating);
    }

    appendFileSync(path.join(root, 'sw.js'), `\n// next version ${Date.now()}\n`);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    const offer = page.getByRole('status').filter({ hasText: 'New version available' });
    // Installing the new worker re-downloads and hashes every precached file (sha384 integrity): slow on a loaded machine.
    await expect(offer).toBeVisible({ timeout: 45_000 });
    // While the new worker waits, both tabs keep rating.
    await search(other, MOVIES[2][1]);
    await rateWithKeyboard(other, MOVIES[2][0], MOVIES[2][2]);
    await search(page, MOVIES[3][1]);
    await rateWithKeyboard(page, MOVIES[3][0], MOVIES[3][2]);
    const oldWorker = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.scriptURL);

    await offer.getByRole('button', { name: 'Reload' }).click();
    await expect(page.getByLabel('Search movies')).toBeVisible({ timeout: 30_000 });
    // The other tab (still on the old page) keeps working: rate once more, then reload it too.
    await search(other, MOVIES[4][1]);
    await rateWithKeyboard(other, MOVIES[4][0], MOVIES[4][2]);
    await other.reload();
    const expected = new Map(MOVIES.slice(0, 5).map(([title, , rating]) => [title, String(rating)]));
    expect(await ratingsShown(page, expected.size)).toEqual(expected);
    expect(await ratingsShown(other, expected.size)).toEqual(expected);
    expect(await page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting))).toBe(false);
    expect(oldWorker).toContain('sw.js');

    // The new version's precache is complete: it starts offline with everything.
    await context.setOffline(true);
    await page.reload();
    expect(await ratingsShown(page, expected.size)).toEqual(expected);
    await search(page, MOVIES[5][1]);
    await rateWithKeyboard(page, MOVIES[5][0], MOVIES[5][2]);
    await context.setOffline(false);
    await other.reload();
    expect((await ratingsShown(other)).size).toBe(6);
  } finally {
    await context.setOffline(false);
    server.close();
  }
});
