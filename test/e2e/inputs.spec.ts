// Input found by attacking the app: profile names (bidi overrides, invisible and look-alike names, long names),
// import and storage messages (real quota, huge cells, ids beyond 2^53, -0, 1e-400, a string version), a missing
// main bundle, and routes (unknown paths, non-canonical movie ids).
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { loadEngineFromDir } from '../../src/node/loadEngine';
import { ANCHOR, goHash, startFresh } from './helpers';

const dialogOf = (page: Page) => page.getByRole('dialog', { name: 'Profiles on this device' });

async function openProfiles(page: Page): Promise<void> {
  await page.locator('.profile-button').click();
  await expect(dialogOf(page)).toBeVisible();
}

async function addProfile(page: Page, name: string): Promise<void> {
  const dialog = dialogOf(page);
  await dialog.getByLabel('New profile name').fill(name);
  await dialog.getByRole('button', { name: 'Add profile' }).click();
}

test('profile names: bidi overrides are removed and names are isolated; invisible and look-alike names are refused; long names stay on one line with an ellipsis', async ({
  page,
}) => {
  await startFresh(page, 'Bob\u202Egpj.exe');
  // The override character is gone: the name reads (and is stored) in logical order.
  const headerName = page.locator('.profile-button-name');
  await expect(headerName).toHaveText('Bobgpj.exe');
  expect(await headerName.evaluate((el) => el.textContent)).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F]/);

  await openProfiles(page);
  const dialog = dialogOf(page);
  // Every place the dialog shows the name isolates it from the surrounding sentence.
  await dialog.getByRole('button', { name: 'Delete profile Bobgpj.exe' }).click();
  const confirm = dialog.getByRole('alertdialog');
  await expect(confirm).toContainText('Delete “Bobgpj.exe” and its 0 ratings?');
  expect(await confirm.locator('bdi').count()).toBeGreaterThanOrEqual(2);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect(await dialog.locator('.profile-list bdi').count()).toBeGreaterThanOrEqual(1);

  // Invisible-only names are refused.
  for (const invisible of ['\u200B\u200B', '\u3164', '\u2800\u2800', '\u202E \u200D']) {
    await addProfile(page, invisible);
    await expect(dialog.getByRole('alert')).toContainText('visible');
  }
  // Look-alike duplicates are refused: zero-width space, NFD vs NFC, Cyrillic "А".
  await addProfile(page, 'Ada');
  await openProfiles(page);
  await addProfile(page, 'Café');
  await openProfiles(page);
  for (const lookAlike of ['Ada\u200B', 'ADA\u2060', 'Cafe\u0301', '\u0410da']) {
    await addProfile(page, lookAlike);
    await expect(dialog.getByRole('alert')).toContainText('already a profile');
  }
  await expect(dialog.locator('.profile-list > li')).toHaveCount(3);

  // A 40-letter name: "Switch to …" stays inside the dialog, the name is one line with an ellipsis and a title.
  const long = 'W'.repeat(40);
  await addProfile(page, long);
  await openProfiles(page);
  const box = (await dialog.boundingBox())!;
  for (const button of await dialog.getByRole('button', { name: /^Switch to / }).all()) {
    const b = (await button.boundingBox())!;
    expect(b.x).toBeGreaterThanOrEqual(box.x);
    expect(b.x + b.width).toBeLessThanOrEqual(box.x + box.width + 0.5);
  }
  const row = dialog.locator('.profile-list > li.is-active');
  const name = row.locator('bdi', { hasText: long });
  await expect(name).toHaveAttribute('title', long);
  const metrics = await name.evaluate((el) => ({
    height: el.getBoundingClientRect().height,
    lineHeight: parseFloat(getComputedStyle(el).lineHeight) || 24,
    overflow: getComputedStyle(el).textOverflow,
  }));
  expect(metrics.height).toBeLessThan(metrics.lineHeight * 1.6);
  expect(metrics.overflow).toBe('ellipsis');
  for (const el of await dialog.locator('button, label, p').all()) {
    const b = await el.boundingBox();
    if (b) expect(b.x + b.width, (await el.textContent()) ?? '').toBeLessThanOrEqual(box.x + box.width + 0.5);
  }
  await dialog.getByRole('button', { name: `Delete profile ${long}` }).click();
  for (const el of await dialog.locator('button, p').all()) {
    const b = await el.boundingBox();
    if (b) expect(b.x + b.width, (await el.textContent()) ?? '').toBeLessThanOrEqual(box.x + box.width + 0.5);
  }
  const header = (await page.locator('.profile-button').boundingBox())!;
  expect(header.x + header.width).toBeLessThanOrEqual(page.viewportSize()!.width);

  // On a phone, the first-visit screen offers the long name on one line inside the card.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.getByRole('button', { name: 'Switch to Ada' }).click();
  await openProfiles(page);
  await dialog.getByRole('button', { name: 'Delete profile Ada' }).click();
  await dialog.getByRole('button', { name: 'Yes, delete Ada' }).click();
  await page.setViewportSize({ width: 360, height: 700 });
  await expect(page.getByText('Or continue as')).toBeVisible();
  const card = (await page.locator('.gate-card').boundingBox())!;
  expect(card.x + card.width).toBeLessThanOrEqual(360);
  await expect(page.locator('.profile-chooser button')).toHaveCount(3);
  await expect(page.locator('.profile-chooser bdi', { hasText: long })).toHaveAttribute('title', long);
  for (const button of await page.locator('.profile-chooser button').all()) {
    const b = (await button.boundingBox())!;
    expect(b.x + b.width).toBeLessThanOrEqual(card.x + card.width);
  }
  await page.getByRole('button', { name: 'Bobgpj.exe' }).click();
  await expect(headerName).toHaveText('Bobgpj.exe');
});

test('import messages: quoted cells are cut short; ids beyond 2^53, -0, 1e-400 and a string version are refused by their raw text', async ({ browser }) => {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await startFresh(page, 'Messages');
  await goHash(page, '#/ratings');
  const input = page.getByLabel('Import ratings (JSON or CSV)');
  const outcome = page.locator('.import-outcome');

  const huge = 'x'.repeat(1_000_000);
  const csv = [
    'userId,movieId,rating,timestamp',
    `me,${ANCHOR.id},4,1700000000`,
    `me,${huge},4,1`,
    'me,9007199254740993,4,1',
    `me,${ANCHOR.id + 1},-0,1`,
    `me,${ANCHOR.id + 2},1e-400,1`,
    `me,${ANCHOR.id + 3},3,-0`,
  ].join('\n');
  await input.setInputFiles({ name: 'cells.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const skipped = outcome.getByRole('list', { name: 'Skipped rows' });
  await expect(skipped.getByRole('listitem')).toHaveCount(5);
  const text = (await outcome.textContent()) ?? '';
  expect(text.length).toBeLessThan(2000);
  await expect(skipped.getByRole('listitem').nth(0)).toHaveText(`Row 2: movieId: movie id must be a positive integer, got "${'x'.repeat(40)}…"`);
  await expect(skipped.getByRole('listitem').nth(1)).toHaveText('Row 3: movieId: movie id "9007199254740993" is too large (over 2^53 − 1)');
  await expect(skipped.getByRole('listitem').nth(2)).toContainText('Row 4: rating: ');
  await expect(skipped.getByRole('listitem').nth(2)).toContainText('"-0"');
  await expect(skipped.getByRole('listitem').nth(3)).toContainText('Row 5: rating: ');
  await expect(skipped.getByRole('listitem').nth(3)).toContainText('"1e-400"');
  await expect(skipped.getByRole('listitem').nth(4)).toContainText('Row 6: timestamp: ');

  // JSON keeps the number text too.
  const json = `{"format":"cinelocal-ratings","version":1,"ratings":[{"movieId":9007199254740993,"rating":4},{"movieId":${ANCHOR.id},"rating":1e-400},{"movieId":${ANCHOR.id},"rating":-0}]}`;
  await input.setInputFiles({ name: 'numbers.json', mimeType: 'application/json', buffer: Buffer.from(json) });
  await expect(outcome).toContainText('Imported 0 of 3 rows from “numbers.json”');
  await expect(skipped.getByRole('listitem').nth(0)).toHaveText('Row 1: movieId: movie id 9007199254740993 is too large (over 2^53 − 1)');
  await expect(skipped.getByRole('listitem').nth(1)).toContainText('1e-400');
  await expect(skipped.getByRole('listitem').nth(2)).toContainText('-0');

  await input.setInputFiles({
    name: 'v99.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ format: 'cinelocal-ratings', version: '99', ratings: [{ movieId: ANCHOR.id, rating: 4 }] })),
  });
  await expect(outcome).toHaveText(/^Nothing was imported from “v99\.json”: .*version.*"99"/);

  await context.close();
});

test('a real quota error (Chromium’s own per-origin limit) gets the plain storage wording, not "QuotaExceededError"', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  // A real quota: Chromium's own limit for this origin (set before the first visit; a later override is not applied to
  // an open database), enough for a profile but not for 1,500 ratings (40 kB no longer held the profile's start-up data). The transaction aborts with a
  // QuotaExceededError whose message is empty, which Dexie reports as AbortError "QuotaExceededError ".
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(baseURL!).origin, quotaSize: 100_000 });
  await startFresh(page, 'Quota');
  await goHash(page, '#/ratings');
  const engine = await loadEngineFromDir('dist/data');
  const ids = Array.from(engine.data.catalog.ids);
  const big = JSON.stringify({
    format: 'cinelocal-ratings',
    version: 1,
    ratings: ids.map((movieId, i) => ({ movieId, rating: 4, timestamp: 1_700_000_000 + i })),
  });
  await page.getByLabel('Import ratings (JSON or CSV)').setInputFiles({ name: 'full.json', mimeType: 'application/json', buffer: Buffer.from(big) });
  await expect(page.locator('.import-outcome')).toHaveText(
    'Nothing was imported from “full.json”: The browser refused to store more data (storage quota exceeded). Nothing stored was lost.',
  );
  await expect(page.locator('.view-lede')).toHaveText('You have not rated anything yet. Search for movies you have seen and rate them.');
  await context.close();
});

test('a missing main bundle is reported on the page, not a blank screen', async ({ browser }) => {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const entry = /<script type="module"[^>]*src="\/?([^"]+)"/.exec(readFileSync('dist/index.html', 'utf8'))![1];
  await page.route(`**/${entry}`, (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.goto('./');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('CineLocal could not start');
  await expect(alert).toContainText(entry.split('/').pop()!);
  await expect(page.getByRole('button', { name: 'Reload' })).toBeVisible();
  await context.close();
});

test('a main bundle that fails to load once is fetched again by one automatic reload, and the app starts', async ({ browser }) => {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const entry = /<script type="module"[^>]*src="\/?([^"]+)"/.exec(readFileSync('dist/index.html', 'utf8'))![1];
  let failures = 0;
  await page.route(`**/${entry}`, (route) => (failures++ === 0 ? route.fulfill({ status: 404, body: 'not found' }) : route.continue()));
  await page.goto('./');
  await expect(page.getByLabel('Your name')).toBeVisible({ timeout: 30_000 });
  expect(failures).toBe(2);
  await expect(page.getByRole('alert').filter({ hasText: 'could not start' })).toHaveCount(0);
  await context.close();
});

test('routes: unknown paths say "Page not found" with a way home; movie ids must be canonical decimal integers', async ({ page }) => {
  await startFresh(page, 'Router');
  for (const hash of [
    '#/recommend/40001',
    `#/like/0x${ANCHOR.id.toString(16)}`,
    `#/like/0${ANCHOR.id}`,
    '#/like/4.0001e4',
    `#/like/+${ANCHOR.id}`,
    '#/like/2147483648',
    '#/nowhere',
  ]) {
    await goHash(page, hash);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
    await expect(page.getByRole('heading', { name: ANCHOR.title })).toHaveCount(0);
  }
  await page.getByRole('link', { name: 'Go to Search' }).click();
  await expect(page.getByLabel('Search movies')).toBeVisible();
  await goHash(page, `#/like/${ANCHOR.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Movies like ${ANCHOR.title}`);
  // The skip link moves focus without leaving the page.
  await page.keyboard.press('Tab');
  await page.getByRole('link', { name: 'Skip to content' }).press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Movies like ${ANCHOR.title}`);
});
