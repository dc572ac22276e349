import { expect, test, type Page } from '@playwright/test';
import { ANCHOR, PLANTED, SEQUEL, goHash, search, startFresh } from './helpers';

async function pressRating(page: Page, title: string, key: string) {
  const slider = page.getByRole('slider', { name: `Rate ${title}`, exact: true }).first();
  await slider.focus();
  await slider.press(key);
  await slider.press('Enter');
}

test('two tabs rating at once lose nothing and both show every rating (live queries)', async ({ page, context }) => {
  await startFresh(page, 'Two Tabs');
  const other = await context.newPage();
  await other.goto('./');
  await expect(other.getByRole('button', { name: 'Two Tabs: manage profiles' })).toBeVisible();
  await expect(other.getByLabel('Search movies')).toBeVisible({ timeout: 30_000 });

  await search(page, ANCHOR.query);
  await search(other, 'baker');
  // Both tabs write at the same moment: different movies...
  await Promise.all([pressRating(page, ANCHOR.title, 'End'), pressRating(other, PLANTED[0], '3')]);
  // ...and the same movie.
  await search(other, ANCHOR.query);
  await Promise.all([pressRating(page, SEQUEL.title, '2'), pressRating(other, SEQUEL.title, '4')]);

  for (const tab of [page, other]) {
    await goHash(tab, '#/ratings');
    await expect(tab.getByRole('list', { name: 'Rated movies' }).getByRole('listitem')).toHaveCount(3);
    await expect(tab.getByRole('slider', { name: `Rate ${ANCHOR.title}`, exact: true })).toHaveAttribute('aria-valuenow', '5');
    await expect(tab.getByRole('slider', { name: `Rate ${PLANTED[0]}`, exact: true })).toHaveAttribute('aria-valuenow', '3');
  }
  // The same-movie race has one winner, and both tabs agree on it.
  const winner = await page.getByRole('slider', { name: `Rate ${SEQUEL.title}`, exact: true }).getAttribute('aria-valuenow');
  expect(['2', '4']).toContain(winner);
  await expect(other.getByRole('slider', { name: `Rate ${SEQUEL.title}`, exact: true })).toHaveAttribute('aria-valuenow', winner!);

  // A change in one tab appears in the other without a reload.
  await pressRating(other, ANCHOR.title, 'Home');
  await expect(page.getByRole('slider', { name: `Rate ${ANCHOR.title}`, exact: true })).toHaveAttribute('aria-valuenow', '0');
});
