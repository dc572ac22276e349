// A rating the stars show must be in IndexedDB within 100 ms: a reload right after a key press keeps it, and a burst
// of ratings in two tabs loses nothing. Also measures key press → IndexedDB latency (printed; docs/security.md).
import { expect, test, type Page } from '@playwright/test';
import { PLANTED, goHash, search, STARTUP_MS, startFresh } from './helpers';

interface StoredRating {
  movieId: number;
  rating: number;
  updatedAt: number;
}

/** Every stored rating, read straight from IndexedDB (not through the app). */
function storedRatings(page: Page): Promise<StoredRating[]> {
  return page.evaluate(
    () =>
      new Promise<StoredRating[]>((resolve, reject) => {
        const open = indexedDB.open('cinelocal');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction('ratings', 'readonly').objectStore('ratings').getAll();
          request.onsuccess = () => {
            db.close();
            resolve((request.result as StoredRating[]).map(({ movieId, rating, updatedAt }) => ({ movieId, rating, updatedAt })));
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

/** Records when each rating key was pressed (epoch ms, the event's own timestamp) for the movie card it was pressed on. */
async function recordKeyTimes(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { cinelocalKeyTimes: { movieId: number; at: number }[]; cinelocalLongTasks: number[] };
    w.cinelocalKeyTimes = [];
    // Main-thread stalls (for the report: a write cannot start while the tab's own main thread is blocked).
    w.cinelocalLongTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((entry) => w.cinelocalLongTasks.push(entry.duration))).observe({
      type: 'longtask',
      buffered: true,
    });
    document.addEventListener(
      'keydown',
      (event) => {
        const card = (event.target as Element | null)?.closest?.('[data-movie-id]') as HTMLElement | null;
        if (card) w.cinelocalKeyTimes.push({ movieId: Number(card.dataset.movieId), at: performance.timeOrigin + event.timeStamp });
      },
      true,
    );
  });
}

function keyTimes(page: Page): Promise<{ movieId: number; at: number }[]> {
  return page.evaluate(() => (window as unknown as { cinelocalKeyTimes: { movieId: number; at: number }[] }).cinelocalKeyTimes);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

// The goal: a shown rating is durable within 100 ms. Six reloads, each 100 ms after a key (End = 5, Home = 0 in turn),
// must each find the value the stars showed (before the explicit commit one reload in four at 50 ms lost it).
/** The goal is 100 ms; CINELOCAL_RELOAD_AFTER_KEY_MS tries shorter windows. */
const RELOAD_AFTER_KEY_MS = Number(process.env.CINELOCAL_RELOAD_AFTER_KEY_MS ?? 100);

test('a rating key, then a reload 100 ms later, six times: every shown rating is there after the reload', async ({ page }) => {
  test.setTimeout(120_000);
  await startFresh(page, 'Quick Quinn');
  await search(page, 'baker');
  const reloads: number[] = [];
  for (let round = 0; round < 6; round++) {
    const [key, expected] = round % 2 === 0 ? ['End', 5] : ['Home', 0];
    if (round > 0) await goHash(page, `#/search?q=baker`);
    const slider = page.getByRole('slider', { name: `Rate ${PLANTED[0]}`, exact: true });
    await slider.focus();
    // The page reloads itself 100 ms after the key (timed in the page, not through the test driver, whose round trips
    // take longer than 100 ms on a busy machine) and notes how long after the key the reload was asked for.
    await page.evaluate((delayMs) => {
      window.addEventListener(
        'keydown',
        (event) => {
          const pressedAt = performance.timeOrigin + event.timeStamp;
          setTimeout(() => {
            sessionStorage.setItem('cinelocal-test-reload-ms', String(Math.round(Date.now() - pressedAt)));
            location.reload();
          }, delayMs);
        },
        { once: true },
      );
    }, RELOAD_AFTER_KEY_MS);
    await Promise.all([page.waitForEvent('load'), slider.press(key)]);
    reloads.push(Number(await page.evaluate(() => sessionStorage.getItem('cinelocal-test-reload-ms'))));
    await expect(page.getByLabel('Search movies')).toBeVisible({ timeout: 30_000 });
    expect(
      (await storedRatings(page)).map((r) => r.rating),
      `round ${round + 1}: ${key}, reload ${reloads[round]} ms after the key`,
    ).toEqual([expected]);
  }
  // A busy machine can fire the timer late; the figures are reported.
  test.info().annotations.push({ type: 'reload after key', description: reloads.map((ms) => `${ms} ms`).join(', ') });
  console.log(`reload after key: ${reloads.join(', ')} ms`);
});

test('a burst of arrow keys, then an immediate reload, twelve times: the last value shown is the one stored', async ({ page }) => {
  test.setTimeout(120_000);
  // Each key starts a write; the last ones are still in flight when the page goes. Before the fix a read-then-write
  // transaction held the pagehide flush back and the browser dropped both (3–6 of 20–30 bursts kept the value before
  // the last), so twelve rounds fail with high probability when that returns.
  await startFresh(page, 'Bursty Bo');
  const outcomes: string[] = [];
  for (let round = 0; round < 12; round++) {
    await goHash(page, '#/search?q=baker');
    const slider = page.getByRole('slider', { name: `Rate ${PLANTED[0]}`, exact: true });
    await slider.focus();
    await slider.press('Home');
    const steps = 1 + ((round * 7) % 10);
    for (let i = 0; i < steps - 1; i++) await slider.press('ArrowRight');
    await expect(slider).toHaveAttribute('aria-valuenow', String((steps - 1) / 2));
    // The last key reloads the page from inside it, in the next task (the test driver's round trip would give the
    // writes time to finish).
    await page.evaluate(() => window.addEventListener('keydown', () => setTimeout(() => location.reload(), 0), { once: true }));
    await Promise.all([page.waitForEvent('load'), slider.press('ArrowRight')]);
    const shown = steps / 2;
    await expect(page.getByLabel('Search movies')).toBeVisible({ timeout: 30_000 });
    const stored = (await storedRatings(page)).map((r) => r.rating);
    outcomes.push(`${shown}→${stored.join(',')}`);
    expect(stored, `round ${round + 1}: shown ${shown}; rounds so far ${outcomes.join(' ')}`).toEqual([shown]);
  }
});

// The cause of the burst's occasionally lost last press (issue 21): a write, and the pagehide flush, queued behind any
// other unfinished transaction on the ratings store are dropped with it when the page goes (under CPU contention the
// mirror's key read was sometimes still open). Here a read that never ends holds the store: before the press journal
// (src/storage/pressJournal.ts) every round stored nothing.
test('a rating key, then a reload, while another transaction holds the ratings store: the shown rating is stored', async ({ page }) => {
  test.setTimeout(120_000);
  await startFresh(page, 'Held Hal');
  for (let round = 0; round < 4; round++) {
    const [key, expected] = round % 2 === 0 ? ['End', 5] : ['Home', 0];
    await goHash(page, '#/search?q=baker');
    const slider = page.getByRole('slider', { name: `Rate ${PLANTED[0]}`, exact: true });
    await slider.focus();
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('cinelocal');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const store = open.result.transaction('ratings', 'readonly').objectStore('ratings');
            const spin = () => {
              store.count().onsuccess = spin;
            };
            spin();
            resolve();
          };
        }),
    );
    await page.evaluate(() => window.addEventListener('keydown', () => setTimeout(() => location.reload(), 50), { once: true }));
    await Promise.all([page.waitForEvent('load'), slider.press(key)]);
    await expect(page.getByLabel('Search movies')).toBeVisible({ timeout: STARTUP_MS });
    expect(
      (await storedRatings(page)).map((r) => r.rating),
      `round ${round + 1}: ${key}`,
    ).toEqual([expected]);
  }
});

const RATINGS_PER_TAB = Number(process.env.CINELOCAL_RATING_BURST ?? 100);
const QUERIES = [
  'the',
  'a',
  'e',
  'o',
  'i',
  'u',
  'in',
  'of',
  'night',
  'day',
  'man',
  'love',
  'city',
  'war',
  'last',
  'red',
  'an',
  'on',
  'er',
  'st',
  'ar',
  'en',
  'or',
  're',
  'le',
  'al',
  'ti',
  'ma',
  'ca',
  'sa',
  'do',
  'ha',
  'ne',
  'ro',
  'ga',
  'pa',
  'da',
  'ba',
  'ta',
  'la',
  'mo',
  'li',
  'ri',
  'ki',
  'wi',
  'th',
  'ch',
  'sh',
  'ing',
  'ed',
  'us',
  'is',
  'at',
  'it',
  'as',
  'es',
  'el',
  'ol',
  'il',
  'ul',
];

/** Rates movies (those whose id has `parity`) as fast as Playwright types, one key each, until `count` are rated. */
async function rateBurst(page: Page, parity: 0 | 1, count: number): Promise<Map<number, number>> {
  const shown = new Map<number, number>();
  for (const query of QUERIES) {
    if (shown.size >= count) break;
    await search(page, query, true);
    const cards = page.getByRole('list', { name: 'Search results' }).locator('li.movie-card');
    const ids = await cards.evaluateAll((items) => items.map((item) => Number((item as HTMLElement).dataset.movieId)));
    for (const [index, movieId] of ids.entries()) {
      if (shown.size >= count) break;
      if (movieId % 2 !== parity || shown.has(movieId)) continue;
      const value = 1 + (movieId % 5);
      const slider = cards.nth(index).getByRole('slider');
      await slider.press(String(value));
      // What the person sees: the stars show the value at once.
      await expect(slider).toHaveAttribute('aria-valuenow', String(value), { timeout: 1_000 });
      shown.set(movieId, value);
    }
  }
  expect(shown.size).toBe(count);
  return shown;
}

test('two tabs rating many movies without pausing, then reloading at once: every shown rating is stored', async ({ page, context }) => {
  // 200 presses with an expect each: with both cores busy (issue 21 item 11) 180 s was not always enough.
  test.setTimeout(300_000);
  await recordKeyTimes(page);
  await startFresh(page, 'Burst Bo');
  const other = await context.newPage();
  await recordKeyTimes(other);
  await other.goto('./');
  await expect(other.getByRole('button', { name: 'Burst Bo: manage profiles' })).toBeVisible({ timeout: STARTUP_MS });
  await expect(other.getByLabel('Search movies')).toBeVisible({ timeout: 30_000 });

  const [shownA, shownB] = await Promise.all([rateBurst(page, 0, RATINGS_PER_TAB), rateBurst(other, 1, RATINGS_PER_TAB)]);
  const pressed = [...(await keyTimes(page)), ...(await keyTimes(other))];
  const longTasks = (
    await Promise.all([page, other].map((tab) => tab.evaluate(() => (window as unknown as { cinelocalLongTasks: number[] }).cinelocalLongTasks)))
  )
    .flat()
    .sort((x, y) => x - y);
  // Reload both tabs the moment the last key was pressed.
  await Promise.all([page.reload(), other.reload()]);
  await expect(page.getByLabel('Search movies')).toBeVisible({ timeout: 30_000 });

  const stored = new Map((await storedRatings(page)).map((r) => [r.movieId, r]));
  const lost = [...shownA, ...shownB].filter(([movieId, value]) => stored.get(movieId)?.rating !== value);
  // Key press → row written (its updatedAt, stamped in the write transaction), per movie.
  const latencies = pressed
    .map(({ movieId, at }) => (stored.has(movieId) ? stored.get(movieId)!.updatedAt - at : Number.NaN))
    .filter((ms) => Number.isFinite(ms))
    .sort((x, y) => x - y);
  const report = {
    ratingsShown: shownA.size + shownB.size,
    lostAfterReload: lost.length,
    mainThreadLongTasks: { n: longTasks.length, max: Math.round(longTasks[longTasks.length - 1] ?? 0) },
    keyToIndexedDbMs:
      latencies.length > 0
        ? {
            n: latencies.length,
            p50: Math.round(percentile(latencies, 50)),
            p95: Math.round(percentile(latencies, 95)),
            max: Math.round(latencies[latencies.length - 1]),
          }
        : null,
  };
  console.log(`rating burst, 2 tabs × ${RATINGS_PER_TAB}: ${JSON.stringify(report)}`);
  // Latency is reported, not asserted: on a shared 2-core machine it is mostly CPU contention between the two tabs.
  expect(lost, 'ratings shown as set but missing after the reload').toEqual([]);
});
