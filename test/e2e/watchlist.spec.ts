// Watchlist and "not interested": toggles on every movie (search, For you, "like this"), the Watchlist / Hidden views,
// hidden movies kept out of recommendations, reload, JSON export → delete → import, un-hide; a long list 50 at a time.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadEngineFromDir } from '../../src/node/loadEngine';
import { ANCHOR, PLANTED, SCREENSHOT_DIR, SEQUEL, goHash, rateTitles, search, setTheme, startFresh } from './helpers';

/** The movie cards of a list (not the reason chips inside them). */
const cards = (list: Locator) => list.locator(':scope > li.movie-card');

async function cardIds(list: Locator): Promise<number[]> {
  return cards(list).evaluateAll((items) => items.map((item) => Number(item.getAttribute('data-movie-id'))));
}

async function titleOf(card: Locator): Promise<string> {
  return ((await card.locator('.movie-title').textContent()) ?? '').trim();
}

async function exportJson(page: Page): Promise<string> {
  await goHash(page, '#/ratings');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
  const file = test.info().outputPath(download.suggestedFilename());
  await download.saveAs(file);
  return file;
}

test('add from search and For you, hide from "like this"; the lists survive reload, export → delete → import, and un-hiding', async ({ page }) => {
  await startFresh(page, 'Lister');

  // From search, with the keyboard: the toggle keeps focus and says what it will do next.
  await search(page, ANCHOR.query);
  const add = page.getByRole('button', { name: `Add ${ANCHOR.title} to watchlist`, exact: true });
  await expect(add).toHaveAttribute('aria-pressed', 'false');
  await add.focus();
  await add.press('Enter');
  const remove = page.getByRole('button', { name: `Remove ${ANCHOR.title} from watchlist`, exact: true });
  await expect(remove).toHaveAttribute('aria-pressed', 'true');
  await expect(remove).toBeFocused();
  await expect(page.getByRole('button', { name: `Not interested in ${ANCHOR.title}`, exact: true })).toHaveAttribute('aria-pressed', 'false');

  // Two ratings give a vector, so For you and the predicted ★ work.
  await rateTitles(page, [
    [SEQUEL.title, 'clockmaker garden 2', 4],
    [PLANTED[1], 'café', 4.5],
  ]);
  await goHash(page, '#/for-you');
  const picks = page.getByRole('list', { name: 'Your picks' });
  await expect(cards(picks).first()).toBeVisible({ timeout: 30_000 });
  const forYouIds = await cardIds(picks);
  const firstPick = cards(picks).first();
  const pickId = forYouIds[0];
  const pickTitle = await titleOf(firstPick);
  await firstPick.getByRole('button', { name: `Add ${pickTitle} to watchlist`, exact: true }).click();
  await expect(firstPick.getByRole('button', { name: `Remove ${pickTitle} from watchlist`, exact: true })).toHaveAttribute('aria-pressed', 'true');

  // "Like this": hide a movie (one For you also listed, when there is one); it leaves the list at once.
  await goHash(page, `#/like/${ANCHOR.id}`);
  const recs = page.getByRole('list', { name: 'Recommendations' });
  await expect(cards(recs).first()).toBeVisible({ timeout: 30_000 });
  const likeIds = await cardIds(recs);
  const hiddenId = likeIds.find((id) => id !== pickId && forYouIds.includes(id)) ?? likeIds.find((id) => id !== pickId)!;
  const hiddenCard = recs.locator(`:scope > li[data-movie-id="${hiddenId}"]`);
  const hiddenTitle = await titleOf(hiddenCard);
  const hide = hiddenCard.getByRole('button', { name: `Not interested in ${hiddenTitle}`, exact: true });
  await hide.focus();
  await hide.press('Enter');
  await expect(hiddenCard).toHaveCount(0);
  await expect(cards(recs)).toHaveCount(likeIds.length - 1);
  // Keyboard focus stays in the list: the same toggle on a neighbouring card.
  await expect(recs.locator('.list-toggle-hide:focus')).toHaveCount(1);

  // For you leaves it out too; search still finds it, offering to show it again.
  await goHash(page, '#/for-you');
  await expect(cards(picks).first()).toBeVisible({ timeout: 30_000 });
  await expect(picks.locator(`:scope > li[data-movie-id="${hiddenId}"]`)).toHaveCount(0);
  await search(page, hiddenTitle);
  await expect(page.getByRole('button', { name: `Show ${hiddenTitle} again`, exact: true }).first()).toHaveAttribute('aria-pressed', 'true');

  // The Watchlist view (main navigation) and its Hidden tab.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Watchlist' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Watchlist' })).toBeVisible();
  const watchlist = page.getByRole('list', { name: 'Watchlist' });
  await expect(cards(watchlist)).toHaveCount(2);
  expect((await cardIds(watchlist)).sort()).toEqual([ANCHOR.id, pickId].sort());
  await expect(watchlist.locator('.chip-accent').first()).toHaveText(/^for you: \d\.\d★$/);
  await page.getByLabel('Sort by').selectOption({ label: 'Title A–Z' });
  const titles = await cards(watchlist).locator('.movie-title').allTextContents();
  expect(titles.map((t) => t.trim())).toEqual(
    [...titles.map((t) => t.trim())].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base', numeric: true })),
  );
  // The Hidden tab with the keyboard: the tab link keeps focus.
  const hiddenTab = page.getByRole('navigation', { name: 'Lists' }).getByRole('link', { name: /^Hidden/ });
  await hiddenTab.focus();
  await hiddenTab.press('Enter');
  await expect(page).toHaveURL(/#\/watchlist\?tab=hidden$/);
  await expect(hiddenTab).toBeFocused();
  await expect(hiddenTab).toHaveAttribute('aria-current', 'page');
  const hiddenList = page.getByRole('list', { name: 'Hidden movies' });
  await expect(cards(hiddenList)).toHaveCount(1);
  await expect(hiddenList.getByRole('button', { name: `Show ${hiddenTitle} again`, exact: true })).toBeVisible();

  // They survive a reload.
  await page.reload();
  await expect(cards(hiddenList)).toHaveCount(1, { timeout: 30_000 });
  await goHash(page, '#/watchlist');
  await expect(cards(watchlist)).toHaveCount(2);

  // Export JSON (format version 2 carries both lists).
  const jsonPath = await exportJson(page);
  const exported = JSON.parse(readFileSync(jsonPath, 'utf8'));
  expect(exported).toMatchObject({ format: 'cinelocal-ratings', version: 2, profile: 'Lister' });
  expect(exported.watchlist.map((w: { movieId: number }) => w.movieId).sort()).toEqual([ANCHOR.id, pickId].sort());
  expect(exported.hidden).toEqual([{ movieId: hiddenId, hiddenAt: expect.any(Number) }]);

  // Delete both lists from the view: taken-off movies stay listed (toggle off) until the page is left.
  await goHash(page, '#/watchlist');
  for (const title of [ANCHOR.title, pickTitle]) await watchlist.getByRole('button', { name: `Remove ${title} from watchlist`, exact: true }).click();
  await expect(watchlist.getByRole('button', { name: `Add ${ANCHOR.title} to watchlist`, exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Watchlist 0 movies' })).toBeVisible();
  await goHash(page, '#/watchlist?tab=hidden');
  await hiddenList.getByRole('button', { name: `Show ${hiddenTitle} again`, exact: true }).click();
  await expect(hiddenList.getByRole('button', { name: `Not interested in ${hiddenTitle}`, exact: true })).toHaveAttribute('aria-pressed', 'false');
  await goHash(page, '#/for-you');
  await goHash(page, '#/watchlist');
  await expect(page.getByText('Your watchlist is empty.')).toBeVisible();
  await goHash(page, '#/watchlist?tab=hidden');
  await expect(page.getByText('No hidden movies.')).toBeVisible();

  // Un-hidden, it is recommended "like this" again.
  await goHash(page, `#/like/${ANCHOR.id}`);
  await expect(recs.locator(`:scope > li[data-movie-id="${hiddenId}"]`)).toHaveCount(1, { timeout: 30_000 });

  // Import puts both lists back.
  await goHash(page, '#/ratings');
  await page.getByLabel('Import ratings (JSON or CSV)').setInputFiles(jsonPath);
  await expect(page.getByRole('status').getByText(/From “cinelocal-ratings-lister-.*\.json”: 2 added to your watchlist, 1 hidden\./)).toBeVisible();
  await goHash(page, '#/watchlist');
  await expect(cards(watchlist)).toHaveCount(2);
  await goHash(page, '#/watchlist?tab=hidden');
  await expect(hiddenList.getByRole('button', { name: `Show ${hiddenTitle} again`, exact: true })).toBeVisible();
  await goHash(page, `#/like/${ANCHOR.id}`);
  await expect(cards(recs).first()).toBeVisible({ timeout: 30_000 });
  await expect(recs.locator(`:scope > li[data-movie-id="${hiddenId}"]`)).toHaveCount(0);
});

test.describe('a long watchlist', () => {
  test.use({ viewport: { width: 1100, height: 800 } });

  test('renders 50 cards, then 50 more on "Show more"; sorts by predicted ★; screenshots light and dark', async ({ page }) => {
    await startFresh(page, 'Collector');
    await rateTitles(page, [
      [ANCHOR.title, ANCHOR.query, 4.5],
      [PLANTED[0], 'baker', 2],
    ]);
    const engine = await loadEngineFromDir('dist/data');
    const ids = Array.from(engine.data.catalog.ids).filter((id) => id !== ANCHOR.id && id !== SEQUEL.id);
    const base = Math.floor(Date.now() / 1000) - 86_400 * 200;
    const file = {
      format: 'cinelocal-ratings',
      version: 2,
      ratings: [],
      watchlist: [SEQUEL.id, ...ids.slice(0, 59)].map((movieId, i) => ({ movieId, addedAt: base + 86_400 * (60 - i) })),
      hidden: ids.slice(59, 62).map((movieId, i) => ({ movieId, hiddenAt: base + i })),
    };
    await goHash(page, '#/ratings');
    await page
      .getByLabel('Import ratings (JSON or CSV)')
      .setInputFiles({ name: 'long.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
    await expect(page.getByRole('status').getByText('From “long.json”: 60 added to your watchlist, 3 hidden.')).toBeVisible();

    await goHash(page, '#/watchlist');
    const watchlist = page.getByRole('list', { name: 'Watchlist' });
    await expect(cards(watchlist)).toHaveCount(50);
    await expect(page.getByText('Showing 50 of 60')).toBeVisible();
    // Recently added first: the sequel was added last.
    await expect(cards(watchlist).first()).toHaveAttribute('data-movie-id', String(SEQUEL.id));
    await page.getByRole('button', { name: 'Show 10 more' }).click();
    await expect(cards(watchlist)).toHaveCount(60);
    await expect(page.getByRole('button', { name: /^Show \d+ more$/ })).toHaveCount(0);

    await page.getByLabel('Sort by').selectOption({ label: 'Predicted ★ for you' });
    const stars = (await watchlist.locator('.chip-accent').allTextContents()).map((t) => Number(/([\d.]+)★/.exec(t)![1]));
    expect(stars.length).toBeGreaterThan(10);
    expect(stars).toEqual([...stars].sort((a, b) => b - a));

    // Screenshots of the view as it opens (recently added first), light and dark.
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(page, theme);
      await goHash(page, '#/for-you');
      await goHash(page, '#/watchlist');
      await expect(cards(watchlist).first().locator('.chip-accent')).toBeVisible();
      await page.evaluate(() => {
        (document.activeElement as HTMLElement | null)?.blur();
        window.scrollTo(0, 0);
      });
      await page.locator('.toasts .toast').evaluateAll((toasts) => toasts.forEach((t) => ((t as HTMLElement).style.visibility = 'hidden')));
      const committed = SCREENSHOT_DIR.startsWith('docs');
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const shot = await page.screenshot({ animations: 'disabled', caret: 'hide', ...(committed ? { type: 'jpeg' as const, quality: 70 } : {}) });
      writeFileSync(path.join(SCREENSHOT_DIR, `watchlist-${theme}.${committed ? 'jpg' : 'png'}`), shot);
    }
  });
});
