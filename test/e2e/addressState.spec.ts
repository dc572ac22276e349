// What the address says is what the page shows (issue 21 item 9): Explore drops a filter its fields cannot show and
// says why, instead of "No movies match" under "All genres" / "Any decade"; the search box follows #/search?q=.
// Also: a film found by its original title says so (item 6).
import { expect, test, type Page } from '@playwright/test';
import { ANCHOR, goHash, search, startFresh } from './helpers';

async function expectExplore(page: Page, hash: string, select: { genre: string; decade: string }): Promise<void> {
  await expect.poll(() => page.evaluate(() => window.location.hash)).toBe(hash);
  await expect(page.getByLabel('Genre')).toHaveValue(select.genre);
  await expect(page.getByLabel('Decade')).toHaveValue(select.decade);
  await expect(page.getByRole('list', { name: 'Movies' }).getByRole('listitem').first()).toBeVisible();
  await expect(page.locator('.result-count')).not.toContainText('No movies match');
}

test('Explore drops a genre or decade from the address that it cannot show, says which and why, and lists movies', async ({ page }) => {
  await startFresh(page, 'Addresses');
  const notice = page.getByRole('status').filter({ hasText: 'from the address' });

  await goHash(page, '#/explore?decade=1800');
  await expect(notice).toHaveText('Left out the decade 1800s from the address: Explore offers the 1900s to the 2010s. Showing every decade.');
  await expectExplore(page, '#/explore', { genre: '', decade: '' });

  await goHash(page, '#/explore?genre=Nonexistent');
  await expect(notice).toHaveText('Left out the genre “Nonexistent” from the address: this catalog has no such genre. Showing all genres.');
  await expectExplore(page, '#/explore', { genre: '', decade: '' });

  await goHash(page, '#/explore?genre=Drama&decade=2020');
  await expect(notice).toHaveText('Left out the decade 2020s from the address: Explore offers the 1900s to the 2010s. Showing every decade.');
  await expectExplore(page, '#/explore?genre=Drama', { genre: 'Drama', decade: '' });
  // The corrected address replaced the bad one in the history: Back and Forward never return to it.
  await page.goBack();
  await expectExplore(page, '#/explore', { genre: '', decade: '' });
  await page.goForward();
  await expectExplore(page, '#/explore?genre=Drama', { genre: 'Drama', decade: '' });
  await page.getByLabel('Decade').selectOption('2000');
  await expect(notice).toHaveCount(0);
  await expectExplore(page, '#/explore?genre=Drama&decade=2000', { genre: 'Drama', decade: '2000' });

  // A genre in another case is the catalog's genre: no notice, the field shows it.
  await goHash(page, '#/explore?genre=dRaMa');
  await expectExplore(page, '#/explore?genre=Drama', { genre: 'Drama', decade: '' });
  await expect(notice).toHaveCount(0);
});

test('the search box follows #/search?q= (links, an edited address, Back) and a film found by its original title says so', async ({ page }) => {
  await startFresh(page, 'Follower');
  await search(page, ANCHOR.query);
  const box = page.getByLabel('Search movies');
  await goHash(page, '#/search?q=baker');
  await expect(box).toHaveValue('baker');
  await expect(page.locator('.result-count')).toContainText('for “baker”');
  await page.goBack();
  await expect(box).toHaveValue(ANCHOR.query);
  await expect(page.locator('.result-count')).toContainText(`for “${ANCHOR.query}”`);
  // Typing still works after the address moved the box.
  await box.fill('tokyo');
  await expect(page.locator('.result-count')).toContainText('for “tokyo”');

  await search(page, '東京の夜');
  await expect(page.getByRole('heading', { name: 'Tokyo Nights — original title: 東京の夜' })).toBeVisible();
  await search(page, 'tokyo nights');
  await expect(page.getByRole('heading', { name: 'Tokyo Nights', exact: true })).toBeVisible();
});
