// A keyboard-only journey (issue 22): every step reached with Tab / Shift+Tab from where the previous one left focus,
// every focused control showing a visible focus indicator, and operated with keys only (no click, no locator.fill).
import { expect, test, type Locator, type Page } from '@playwright/test';
import { loadEngineFromDir } from '../../src/node/loadEngine';
import { ANCHOR, PLANTED } from './helpers';

/** Two planted demo movies with their catalog years (a Letterboxd row matches on title + year). */
let importRows: { title: string; year: number }[] = [];

test.beforeAll(async () => {
  const { catalog } = (await loadEngineFromDir('dist/data')).data;
  importRows = [PLANTED[0], PLANTED[4]].map((title) => {
    const index = catalog.titles.indexOf(title);
    expect(index, `${title} in the demo catalog`).toBeGreaterThanOrEqual(0);
    return { title, year: catalog.years[index] };
  });
});

/** Whether the focused element shows a focus indicator (its outline, or for the hidden file input its label's). */
function focusIsVisible(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const outlined = (element: Element | null) => {
      if (!element) return false;
      const style = getComputedStyle(element);
      return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    };
    const focused = document.activeElement;
    if (!focused || focused === document.body || !focused.matches(':focus-visible')) return false;
    return outlined(focused) || (focused.matches('input[type="file"]') && outlined(focused.nextElementSibling));
  });
}

/** Presses Tab (or Shift+Tab) until `target` has focus; fails if it is not in the tab order or shows no focus ring. */
async function tabTo(page: Page, target: Locator, { backwards = false, max = 200 } = {}): Promise<void> {
  await expect(target).toHaveCount(1);
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    if (await target.evaluate((element) => element === document.activeElement)) {
      expect(await focusIsVisible(page), `focus ring on ${target.toString()}`).toBe(true);
      return;
    }
  }
  throw new Error(`${target.toString()} not reached with ${max} ${backwards ? 'Shift+Tab' : 'Tab'} presses`);
}

/** Half-star steps with the arrow keys from the current value, then Enter to save. */
async function rateFocused(page: Page, slider: Locator, stars: number): Promise<void> {
  await page.keyboard.press('Home');
  for (let i = 0; i < stars * 2; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await expect(slider).toHaveAttribute('aria-valuenow', String(stars));
}

test('keyboard only: create a profile, search, rate, open "like this", rate there, import a Letterboxd file', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('./');

  // The name field has focus on arrival; Enter submits.
  await expect(page.getByLabel('Your name')).toBeFocused();
  await page.keyboard.type('Keys');
  await page.keyboard.press('Enter');
  const profileButton = page.getByRole('button', { name: 'Keys: manage profiles' });
  await expect(profileButton).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 1, name: 'Rate your way in' })).toBeVisible({ timeout: 30_000 });

  // The skip link comes first and moves focus to the main content.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  expect(await focusIsVisible(page)).toBe(true);

  // Search from the main navigation; the search view focuses its box.
  await tabTo(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search', exact: true }));
  await page.keyboard.press('Enter');
  const box = page.getByLabel('Search movies');
  await expect(box).toBeFocused();
  await page.keyboard.type(ANCHOR.query);
  const results = page.getByRole('list', { name: 'Search results' });
  await expect(page.locator('.result-count')).toContainText(`for “${ANCHOR.query}”`);

  const anchorSlider = results.getByRole('slider', { name: `Rate ${ANCHOR.title}`, exact: true });
  await tabTo(page, anchorSlider);
  await rateFocused(page, anchorSlider, 4.5);
  await expect(page.getByRole('status').getByText(`Rated ${ANCHOR.title}: 4.5 stars.`, { exact: true })).toBeVisible();

  // "Like this" from the same card.
  await tabTo(page, results.getByRole('button', { name: `Recommend movies like ${ANCHOR.title}`, exact: true }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: `Movies like ${ANCHOR.title}` })).toBeVisible();
  const recommendations = page.getByRole('list', { name: 'Recommendations' });
  const firstRecommendation = recommendations.getByRole('slider').first();
  await expect(firstRecommendation).toBeVisible({ timeout: 30_000 });
  await tabTo(page, firstRecommendation);
  await rateFocused(page, firstRecommendation, 3);

  // My ratings (back up the page with Shift+Tab), then the import link, then the file picker opened with Space.
  await tabTo(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My ratings', exact: true }), { backwards: true });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('list', { name: 'Rated movies' }).getByRole('listitem')).toHaveCount(2);
  await tabTo(page, page.getByRole('link', { name: 'Import from Letterboxd, IMDb, Trakt or MovieLens' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Bring your history' })).toBeVisible();
  await tabTo(page, page.getByLabel('Choose export files (CSV, JSON or ZIP)'));
  const csv = [
    'Date,Name,Year,Letterboxd URI,Rating',
    ...importRows.map((row, i) => `2024-02-0${i + 1},"${row.title}",${row.year},https://boxd.it/k${i},4`),
  ].join('\n');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
  await chooser.setFiles({ name: 'ratings.csv', mimeType: 'text/csv', buffer: Buffer.from(`${csv}\n`) });
  await expect(page.getByRole('heading', { name: 'Found: Letterboxd export' })).toBeVisible({ timeout: 20_000 });
  await tabTo(page, page.getByRole('button', { name: 'Import 2 ratings', exact: true }));
  await page.keyboard.press('Enter');
  const finished = page.getByRole('heading', { name: 'Import finished' });
  await expect(finished).toBeVisible({ timeout: 20_000 });
  await expect(finished).toBeFocused();
  await tabTo(page, page.getByRole('link', { name: 'See my ratings' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('list', { name: 'Rated movies' }).getByRole('listitem')).toHaveCount(4);

  // The profiles dialog opens from the keyboard and Escape closes it, giving focus back to its button.
  await tabTo(page, profileButton, { backwards: true });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(profileButton).toBeFocused();
});

test('keyboard only: add a second profile, open Watch together, pick both and get the group list', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('./');
  await expect(page.getByLabel('Your name')).toBeFocused();
  await page.keyboard.type('Ada');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Ada: manage profiles' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 1, name: 'Rate your way in' })).toBeVisible({ timeout: 30_000 });

  // A second profile from the profiles dialog, Enter submitting its name.
  await tabTo(page, page.getByRole('button', { name: 'Ada: manage profiles' }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByRole('dialog').getByLabel('New profile name'));
  await page.keyboard.type('Ben');
  await page.keyboard.press('Enter');
  const benButton = page.getByRole('button', { name: 'Ben: manage profiles' });
  await expect(benButton).toBeVisible();

  // Back up from the profile button (where the dialog returns focus) to the navigation.
  await tabTo(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Together', exact: true }), { backwards: true });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Watch together' })).toBeVisible();
  const ada = page.getByRole('group', { name: /Who’s watching/ }).getByRole('checkbox', { name: 'Ada', exact: true });
  await tabTo(page, ada);
  await page.keyboard.press('Space');
  await expect(ada).toBeChecked();
  await tabTo(page, page.getByRole('button', { name: 'Recommend movies for Ben and Ada', exact: true }));
  await page.keyboard.press('Enter');
  const picks = page.getByRole('list', { name: 'Picks for Ben and Ada', exact: true });
  await expect(picks.getByRole('listitem').first()).toBeVisible({ timeout: 30_000 });
  // The list's first movie is reachable next: its title link.
  await tabTo(page, picks.locator('.movie-title-link').first());
});
