// Every view of the app, reachable by hash, with what shows it is ready: shared by the accessibility audit and the
// phone / zoom layout checks (test/e2e/a11y.spec.ts, test/e2e/layout.spec.ts).
import { expect, type Page } from '@playwright/test';
import { ANCHOR, PLANTED, SEQUEL, goHash, rateTitles, search, startFresh } from './helpers';

export interface ViewCase {
  name: string;
  hash: string;
  /** Waits until the view shows its content (and brings it to the state audited, e.g. a typed query). */
  ready(page: Page): Promise<void>;
}

const firstItem = (page: Page, list: string) =>
  expect(page.getByRole('list', { name: list, exact: true }).getByRole('listitem').first()).toBeVisible({ timeout: 30_000 });
const heading = (page: Page, name: string) => expect(page.getByRole('heading', { level: 1, name, exact: true })).toBeVisible({ timeout: 30_000 });

export const VIEWS: ViewCase[] = [
  { name: 'welcome', hash: '#/welcome', ready: (page) => firstItem(page, 'Movies to rate, page 1') },
  {
    name: 'welcome, searching',
    hash: '#/welcome',
    ready: async (page) => {
      await firstItem(page, 'Movies to rate, page 1');
      await page.getByRole('search').getByLabel('Search movies').fill(ANCHOR.query);
      await firstItem(page, 'Search results');
    },
  },
  { name: 'search', hash: `#/search?q=${ANCHOR.query}`, ready: (page) => firstItem(page, 'Search results') },
  { name: 'movie page', hash: `#/movie/${ANCHOR.id}`, ready: (page) => firstItem(page, `More like ${ANCHOR.title}`) },
  { name: 'recommend', hash: `#/like/${ANCHOR.id}`, ready: (page) => firstItem(page, 'Recommendations') },
  { name: 'for you', hash: '#/for-you', ready: (page) => firstItem(page, 'Your picks') },
  { name: 'explore', hash: '#/explore', ready: (page) => firstItem(page, 'Movies') },
  { name: 'watch together', hash: '#/together', ready: (page) => groupList(page) },
  { name: 'watchlist', hash: '#/watchlist', ready: (page) => firstItem(page, 'Watchlist') },
  { name: 'hidden', hash: '#/watchlist?tab=hidden', ready: (page) => firstItem(page, 'Hidden movies') },
  { name: 'my ratings', hash: '#/ratings', ready: (page) => firstItem(page, 'Rated movies') },
  { name: 'your taste', hash: '#/taste', ready: (page) => expect(page.getByRole('img', { name: 'Your ratings over time' })).toBeVisible({ timeout: 30_000 }) },
  { name: 'import', hash: '#/import', ready: (page) => heading(page, 'Bring your history') },
  { name: 'about', hash: '#/about', ready: (page) => expect(page.getByTestId('active-backend')).toHaveText(/typed-array|tfjs-/, { timeout: 30_000 }) },
  { name: 'not found', hash: '#/no-such-page', ready: (page) => heading(page, 'Page not found') },
];

/** Watch together for the active profile (Ada) and a second profile, Ben (added once on this device, then back to Ada). */
async function groupList(page: Page): Promise<void> {
  await heading(page, 'Watch together');
  const members = page.getByRole('group', { name: /Who’s watching/ });
  if ((await members.getByRole('checkbox', { name: 'Ben', exact: true }).count()) === 0) {
    await page.getByRole('button', { name: /manage profiles/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Profiles on this device' });
    await dialog.getByLabel('New profile name').fill('Ben');
    await dialog.getByRole('button', { name: 'Add profile' }).click();
    await expect(page.getByRole('button', { name: 'Ben: manage profiles' })).toBeVisible();
    await page.getByRole('button', { name: 'Ben: manage profiles' }).click();
    await dialog.getByRole('button', { name: 'Switch to Ada' }).click();
    await expect(page.getByRole('button', { name: 'Ada: manage profiles' })).toBeVisible();
    await goHash(page, '#/together');
  }
  await members.getByRole('checkbox', { name: 'Ben', exact: true }).check();
  await page.getByRole('button', { name: 'Recommend movies for Ada and Ben', exact: true }).click();
  await firstItem(page, 'Picks for Ada and Ben');
}

/** A profile with something on every view: two ratings (For you works), one movie on the watchlist, one hidden. */
export async function profileWithContent(page: Page, name = 'Ada'): Promise<void> {
  await startFresh(page, name);
  await rateTitles(page, [
    [ANCHOR.title, ANCHOR.query, 4.5],
    [SEQUEL.title, 'clockmaker garden 2', 4],
  ]);
  await search(page, 'baker');
  await page.getByRole('button', { name: `Add ${PLANTED[0]} to watchlist`, exact: true }).click();
  await expect(page.getByRole('button', { name: `Remove ${PLANTED[0]} from watchlist`, exact: true })).toBeVisible();
  await search(page, 'søren');
  await page.getByRole('button', { name: `Not interested in ${PLANTED[2]}`, exact: true }).click();
  await expect(page.getByRole('button', { name: `Show ${PLANTED[2]} again`, exact: true })).toBeVisible();
}

export async function openView(page: Page, view: ViewCase): Promise<void> {
  await goHash(page, view.hash);
  await view.ready(page);
}
