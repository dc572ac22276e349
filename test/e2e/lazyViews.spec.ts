// A lazily loaded view whose code chunk cannot be fetched (an old tab after a deploy removed it, or offline before the
// service worker cached it) shows what failed and a Reload button in its place; the rest of the app keeps working.
import { expect, test, type Page, type Route } from '@playwright/test';
import { ANCHOR, goHash, search, startFresh } from './helpers';

const FAILURES = {
  '404': (route: Route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' }),
  // What a host with a single-page fallback answers for a file it no longer has.
  'HTML with 200': (route: Route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><html><body><div id="root"></div></body></html>' }),
};

async function expectChunkFailure(page: Page, view: string, chunk: string): Promise<void> {
  const alert = page.getByRole('alert').filter({ hasText: `The ${view} could not be loaded` });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(new RegExp(`${chunk}-[\\w-]+\\.js`));
  await expect(alert.getByRole('button', { name: 'Reload' })).toBeVisible();
  // The shell is still there.
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Search' })).toBeVisible();
}

for (const [name, fail] of Object.entries(FAILURES)) {
  test(`Import and Explore chunks served as ${name}: a message naming the file, Reload, and the other views still work`, async ({ browser }) => {
    // No service worker: every request reaches the network (and this route), as in a tab opened before a deploy.
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.route(/\/assets\/(ImportView|ExploreView)-[\w-]+\.js(\?.*)?$/, fail);
    await startFresh(page, 'Chunks');

    await goHash(page, '#/import');
    await expectChunkFailure(page, 'import page', 'ImportView');
    // Another view renders, search answers, and going back to the broken one shows the message again, not a blank page.
    await page.getByRole('navigation').getByRole('link', { name: 'About' }).click();
    await expect(page.getByRole('heading', { level: 1, name: /About/ })).toBeVisible();
    await search(page, ANCHOR.query);
    await expect(page.getByRole('link', { name: ANCHOR.title, exact: true })).toBeVisible();

    await page.getByRole('navigation').getByRole('link', { name: 'Explore' }).click();
    await expectChunkFailure(page, 'Explore page', 'ExploreView');
    await page.getByRole('navigation').getByRole('link', { name: 'My ratings' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'My ratings' })).toBeVisible();
    await goHash(page, '#/import');
    await expectChunkFailure(page, 'import page', 'ImportView');

    // Reload fetches the chunk again: once the file is back (the new deploy is in place), the page works.
    await page.unroute(/\/assets\/(ImportView|ExploreView)-[\w-]+\.js(\?.*)?$/);
    await page.getByRole('button', { name: 'Reload' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Bring your history' })).toBeVisible({ timeout: 30_000 });
    await context.close();
  });
}
