// Shared steps for the CineLocal browser tests (run against the built site on the demo catalog).
import { expect, type Page } from '@playwright/test';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';

/** Movies every demo seed contains (src/pipeline/demo: DEMO_ANCHOR_MOVIE, DEMO_ANCHOR_SEQUEL, DEMO_PLANTED_TITLES). */
export const ANCHOR = { id: 40001, title: "The Clockmaker's Garden", query: 'clockmaker' };
export const SEQUEL = { id: 40002, title: "The Clockmaker's Garden 2" };
export const PLANTED = ["The Baker's Dozen", 'Le Café des Étoiles', "Søren's Winter", 'The "Perfect" Heist', 'Night Train, Day Train', 'Tokyo Nights'];
export const DATASET_KIND = process.env.CINELOCAL_E2E_DATASET === 'kaggle' ? 'kaggle' : 'demo';
/** Committed README screenshots are refreshed only when asked (CINELOCAL_SCREENSHOTS_DIR=docs/screenshots). */
export const SCREENSHOT_DIR = process.env.CINELOCAL_SCREENSHOTS_DIR ?? 'test-results/screenshots';

/** The views shown in the README (light + dark of the main ones). */
const COMMITTED_SCREENSHOTS = new Set([
  'profile-gate-light',
  'search-light',
  'search-dark',
  'recommend-light',
  'recommend-dark',
  'for-you-light',
  'about-dark',
]);

/**
 * How long a start-up step (first screen, the shell after a reload or in a new tab, the catalog) may take. A quiet
 * machine needs 1–2 s; with both cores busy (other browsers, builds) a fresh-clone CI run once took over the 10 s
 * default for the first screen (issue 21), so start-up waits get this instead of the default expect timeout.
 */
export const STARTUP_MS = 30_000;

export async function createProfile(page: Page, name: string): Promise<void> {
  await page.getByLabel('Your name').fill(name, { timeout: STARTUP_MS });
  await page.getByRole('button', { name: 'Start rating' }).click();
  await expect(page.getByRole('button', { name: new RegExp(`manage profiles`) })).toBeVisible({ timeout: STARTUP_MS });
}

/** Opens the site, creates a profile, and waits until the catalog is loaded (the search box appears). */
export async function startFresh(page: Page, name = 'Ada', url = './'): Promise<void> {
  await page.goto(url);
  await createProfile(page, name);
  await expect(page.getByLabel('Search movies')).toBeVisible({ timeout: STARTUP_MS });
}

/** Hash navigation on the current site (page.goto('#…') would resolve against baseURL, not a sub-path site). */
export async function goHash(page: Page, hash: string): Promise<void> {
  // A tab may be reloading itself (a new service worker taking control): wait for the new page and set the hash there.
  for (let attempt = 0; ; attempt++) {
    try {
      await page.evaluate((h) => {
        window.location.hash = h;
      }, hash);
      return;
    } catch (error) {
      if (attempt >= 2 || !/Execution context was destroyed|navigat/i.test(String(error))) throw error;
      await page.waitForLoadState('load');
    }
  }
}

export async function search(page: Page, query: string, allowEmpty = false): Promise<void> {
  await goHash(page, '#/search');
  const box = page.getByLabel('Search movies');
  await box.fill(query);
  // Wait for the answer to THIS query (the previous list stays on screen while a new one is pending).
  const quoted = `“${query.trim()}”`;
  await expect(page.locator('.result-count')).toContainText(allowEmpty ? quoted : `for ${quoted}`);
  if (!allowEmpty) await expect(page.getByRole('list', { name: 'Search results' })).toBeVisible();
}

/** Rates with the keyboard: Home (0) then ArrowRight per half star, Enter saves at once. */
export async function rateWithKeyboard(page: Page, title: string, rating: number): Promise<void> {
  const slider = page.getByRole('slider', { name: `Rate ${title}`, exact: true }).first();
  await slider.focus();
  await slider.press('Home');
  for (let i = 0; i < rating * 2; i++) await slider.press('ArrowRight');
  await slider.press('Enter');
  await expect(slider).toHaveAttribute('aria-valuenow', String(rating));
  // Each key saves at once (the session keeps only the latest value in flight): wait until the final value is stored,
  // which the "Rated …" status says, not for the first intermediate write.
  await expect(
    page
      .getByRole('status')
      .getByText(`Rated ${title}: ${rating} ${rating === 1 ? 'star' : 'stars'}.`, { exact: true })
      .first(),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: `Clear rating for ${title}`, exact: true }).first()).toBeVisible();
}

/** Search for each title and rate it. */
export async function rateTitles(page: Page, ratings: [title: string, query: string, rating: number][]): Promise<void> {
  for (const [title, query, rating] of ratings) {
    await search(page, query);
    await rateWithKeyboard(page, title, rating);
  }
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // Views are shot from the top, without transient toasts or a focus ring from the last keystroke.
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  await page.locator('.toasts .toast').evaluateAll((toasts) => toasts.forEach((t) => ((t as HTMLElement).style.visibility = 'hidden')));
  // Committed copies (docs/screenshots) are JPEG to keep the repository small; test-results keeps lossless PNG.
  const committed = SCREENSHOT_DIR.startsWith('docs');
  if (committed && !COMMITTED_SCREENSHOTS.has(name)) return;
  await page.screenshot({
    path: path.join(SCREENSHOT_DIR, `${name}.${committed ? 'jpg' : 'png'}`),
    animations: 'disabled',
    caret: 'hide',
    ...(committed ? { type: 'jpeg' as const, quality: 70 } : {}),
  });
}

export async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.emulateMedia({ colorScheme: theme });
  await page.evaluate((t) => {
    localStorage.setItem('cinelocal-theme', t);
    document.documentElement.dataset.theme = t;
  }, theme);
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
};

/** A no-cache static server over a private copy of dist/, so a test can ship a "new version" by editing sw.js. */
export function serve(root: string): Promise<Server> {
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    let file = path.join(root, pathname);
    if (!file.startsWith(root) || !statSync(file, { throwIfNoEntry: false })?.isFile()) file = path.join(root, 'index.html');
    response.writeHead(200, { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    response.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
