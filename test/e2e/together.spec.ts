// Watch together (issue 22 item 1) on the demo build: two real profiles in IndexedDB, each with ratings (and one with a
// hidden movie); one list for both that lists nothing either rated or hid, says per pick how it suits each, and
// survives a reload (the group is in the address).
import { expect, test, type Page } from '@playwright/test';
import { axeViolations } from './axe';
import { ANCHOR, PLANTED, SEQUEL, STARTUP_MS, goHash, rateTitles, rateWithKeyboard, search, startFresh } from './helpers';

async function addProfile(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: /manage profiles/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Profiles on this device' });
  await dialog.getByLabel('New profile name').fill(name);
  await dialog.getByRole('button', { name: 'Add profile' }).click();
  await expect(page.getByRole('button', { name: `${name}: manage profiles` })).toBeVisible();
}

async function listedTitles(page: Page, list: string): Promise<string[]> {
  const items = page.getByRole('list', { name: list, exact: true }).getByRole('listitem');
  await expect(items.first()).toBeVisible({ timeout: 30_000 });
  return items.locator('.movie-title-link').allTextContents();
}

test('two profiles, one list: nothing either rated or hid, whom each pick suits, the same list after a reload', async ({ page }) => {
  test.setTimeout(180_000);
  await page.emulateMedia({ colorScheme: 'dark' });
  await startFresh(page, 'Ada');
  await rateTitles(page, [
    [ANCHOR.title, ANCHOR.query, 5],
    [SEQUEL.title, 'clockmaker garden 2', 4.5],
  ]);
  await addProfile(page, 'Ben');
  await rateTitles(page, [[PLANTED[0], 'baker', 4]]);
  await search(page, 'søren');
  await page.getByRole('button', { name: `Not interested in ${PLANTED[2]}`, exact: true }).click();
  await expect(page.getByRole('button', { name: `Show ${PLANTED[2]} again`, exact: true })).toBeVisible();

  // Both profiles are in IndexedDB, each with their own ratings (what the view reads).
  const stored = await page.evaluate(
    () =>
      new Promise<{ profiles: string[]; ratings: number }>((resolve, reject) => {
        const open = indexedDB.open('cinelocal');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['profiles', 'ratings'], 'readonly');
          const names = tx.objectStore('profiles').getAll();
          const count = tx.objectStore('ratings').count();
          tx.oncomplete = () => resolve({ profiles: (names.result as { name: string }[]).map((p) => p.name).sort(), ratings: count.result });
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  expect(stored).toEqual({ profiles: ['Ada', 'Ben'], ratings: 3 });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Together', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Watch together' })).toBeVisible();
  const members = page.getByRole('group', { name: /Who’s watching/ });
  // The active profile starts picked; one is not a group yet.
  await expect(members.getByRole('checkbox', { name: 'Ben (you)', exact: true })).toBeChecked();
  await expect(page.getByText('Pick at least 2 profiles (1 more).')).toBeVisible();
  await members.getByRole('checkbox', { name: 'Ada', exact: true }).check();
  await page.getByRole('button', { name: 'Recommend movies for Ben and Ada', exact: true }).click();

  const titles = await listedTitles(page, 'Picks for Ben and Ada');
  expect(titles.length).toBeGreaterThanOrEqual(10);
  for (const banned of [ANCHOR.title, SEQUEL.title, PLANTED[0], PLANTED[2]]) expect(titles).not.toContain(banned);
  // Each pick names both members with their predicted ★.
  const firstCard = page.getByRole('list', { name: 'Picks for Ben and Ada', exact: true }).getByRole('listitem').first();
  await expect(firstCard).toContainText(/Ben \d\.\d★/);
  await expect(firstCard).toContainText(/Ada \d\.\d★/);
  await expect(firstCard).toContainText(/suits|compromise/);
  // And why: the picks are backed by movies the members rated.
  await expect(page.getByRole('list', { name: 'Picks for Ben and Ada', exact: true })).toContainText(
    new RegExp(`(Ben|Ada) \\d\\.\\d★ · rated (${[ANCHOR.title, SEQUEL.title, PLANTED[0]].join('|')})`),
  );
  expect(page.url()).toMatch(/#\/together\?with=[^&]+,[^&]+$/);

  const violations = await axeViolations(page);
  expect(violations, violations.join('\n')).toEqual([]);

  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Watch together' })).toBeVisible({ timeout: STARTUP_MS });
  expect(await listedTitles(page, 'Picks for Ben and Ada')).toEqual(titles);

  // A mood narrows the list: every pick of the 1990s.
  await page.getByLabel('Decade').selectOption('1990');
  await page.getByRole('button', { name: 'Recommend movies for Ben and Ada', exact: true }).click();
  await expect(page).toHaveURL(/decade=1990/);
  await expect(page.locator('.result-count')).toContainText('for Ben and Ada');
  const years = await page.getByRole('list', { name: 'Picks for Ben and Ada', exact: true }).getByRole('listitem').locator('.movie-meta').allTextContents();
  for (const meta of years) expect(meta).toMatch(/199\d/);

  // Asked for, movies a member rated are listed too (Ada's two 1990s Clockmaker films rank high for her).
  const decadeList = await listedTitles(page, 'Picks for Ben and Ada');
  const includeRated = page.getByRole('checkbox', { name: 'Include movies someone has rated', exact: true });
  await includeRated.check();
  await page.getByRole('button', { name: 'Recommend movies for Ben and Ada', exact: true }).click();
  await expect(page).toHaveURL(/decade=1990&rated=1/);
  await expect
    .poll(async () => (await listedTitles(page, 'Picks for Ben and Ada')).filter((title) => title === ANCHOR.title || title === SEQUEL.title), {
      timeout: 30_000,
    })
    .not.toEqual([]);
  await includeRated.uncheck();
  await page.getByRole('button', { name: 'Recommend movies for Ben and Ada', exact: true }).click();
  await expect(page).not.toHaveURL(/rated=1/);
  await expect.poll(() => listedTitles(page, 'Picks for Ben and Ada'), { timeout: 30_000 }).toEqual(decadeList);

  // Back to the plain list; a third person is not needed but the page refuses one profile.
  await goHash(page, '#/together');
  await expect(members.getByRole('checkbox', { name: 'Ada', exact: true })).not.toBeChecked();
});

test('a length mood: runtimes.bin only once asked, only long movies, the unknown runtimes counted; rating a pick keeps the list in place', async ({ page }) => {
  test.setTimeout(180_000);
  const runtimeRequests: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/data/runtimes.bin')) runtimeRequests.push(request.url());
  });
  await startFresh(page, 'Ada');
  await rateTitles(page, [[ANCHOR.title, ANCHOR.query, 5]]);
  await addProfile(page, 'Ben');
  await rateTitles(page, [[PLANTED[0], 'baker', 4]]);

  await goHash(page, '#/together');
  const members = page.getByRole('group', { name: /Who’s watching/ });
  await members.getByRole('checkbox', { name: 'Ada', exact: true }).check();
  await page.getByRole('button', { name: 'Recommend movies for Ben and Ada', exact: true }).click();
  const plain = await listedTitles(page, 'Picks for Ben and Ada');
  await expect(page.locator('.result-count')).not.toContainText('runtime');
  expect(runtimeRequests).toEqual([]);

  // Long: over 140 minutes. The address keeps it; the page says how many movies had no runtime to go by.
  const length = page.getByRole('combobox', { name: 'Length', exact: true });
  await length.selectOption({ label: 'Long (over 140 min)' });
  await page.getByRole('button', { name: 'Recommend movies for Ben and Ada', exact: true }).click();
  await expect(page).toHaveURL(/length=long/);
  await expect(page.locator('.result-count')).toContainText(
    /picks for Ben and Ada\. \d+ movies? (has|have) no known runtime and (is|are) left out under a length mood\./,
    {
      timeout: 30_000,
    },
  );
  const long = await listedTitles(page, 'Picks for Ben and Ada');
  expect(long.length).toBeGreaterThan(0);
  expect(long).not.toEqual(plain.slice(0, long.length));
  expect(runtimeRequests.length).toBeGreaterThanOrEqual(1);

  // A reload keeps the mood, the same list.
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Length', exact: true })).toHaveValue('long', { timeout: STARTUP_MS });
  expect(await listedTitles(page, 'Picks for Ben and Ada')).toEqual(long);

  // The first and the last pick are over 140 minutes (their movie pages say so).
  for (const title of [long[0], long.at(-1)!]) {
    await page.getByRole('list', { name: 'Picks for Ben and Ada', exact: true }).getByRole('link', { name: title, exact: true }).first().click();
    const facts = page.locator('.movie-facts');
    await expect(facts).toContainText(/\d+ h/, { timeout: 30_000 });
    const [, hours, minutes] = /(\d+) h(?: (\d+) min)?/.exec((await facts.textContent()) ?? '')!;
    expect(Number(hours) * 60 + Number(minutes ?? 0)).toBeGreaterThan(140);
    await page.goBack();
    await expect(page.getByRole('list', { name: 'Picks for Ben and Ada', exact: true })).toBeVisible({ timeout: 30_000 });
  }

  // Rating a pick (Ben, the profile in use) keeps every pick where it was and marks the rated one.
  const before = await listedTitles(page, 'Picks for Ben and Ada');
  const rated = before[Math.min(2, before.length - 1)];
  await rateWithKeyboard(page, rated, 4);
  await expect(page.getByRole('listitem').filter({ hasText: rated })).toContainText('Rated since this list was made');
  expect(await listedTitles(page, 'Picks for Ben and Ada')).toEqual(before);
  await expect(page.getByText('Ratings have changed since this list was made.')).toBeVisible();

  // "Not interested" takes just that pick out; the others keep their places (no new list is asked for).
  const keep = await listedTitles(page, 'Picks for Ben and Ada');
  const dropped = keep.find((title) => title !== rated)!;
  await page.getByRole('button', { name: `Not interested in ${dropped}`, exact: true }).click();
  await expect(page.getByRole('list', { name: 'Picks for Ben and Ada', exact: true }).getByRole('link', { name: dropped, exact: true })).toHaveCount(0);
  expect(await listedTitles(page, 'Picks for Ben and Ada')).toEqual(keep.filter((title) => title !== dropped));

  // Refresh asks again: the rated movie leaves the list (nothing a member rated is listed).
  await page.getByRole('button', { name: 'Refresh the list', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Picks for Ben and Ada', exact: true }).getByRole('link', { name: rated, exact: true })).toHaveCount(0, {
    timeout: 30_000,
  });
  await expect(page.getByText('Ratings have changed since this list was made.')).toHaveCount(0);
  const violations = await axeViolations(page);
  expect(violations, violations.join('\n')).toEqual([]);
});
