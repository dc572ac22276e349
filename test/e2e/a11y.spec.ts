// Accessibility in the test suite (issue 22): axe-core's WCAG 2.1 A + AA rules report nothing on any view (plus the
// profile gate, the import preview and outcome, and the profiles dialog), in light and in dark.
import { expect, test } from '@playwright/test';
import { axeViolations } from './axe';
import { PLANTED, setTheme } from './helpers';
import { VIEWS, openView, profileWithContent } from './views';

for (const theme of ['light', 'dark'] as const) {
  test(`axe (WCAG 2.1 A/AA) reports nothing on any view, ${theme} theme`, async ({ page }) => {
    test.setTimeout(300_000);
    await page.emulateMedia({ colorScheme: theme });
    await page.goto('./');
    await setTheme(page, theme);
    await expect(page.getByLabel('Your name')).toBeVisible();
    const found: string[] = (await axeViolations(page)).map((line) => `[profile gate] ${line}`);
    await profileWithContent(page);
    for (const view of VIEWS) {
      await openView(page, view);
      found.push(...(await axeViolations(page)).map((line) => `[${view.name}] ${line}`));
    }
    // The import preview (a less sure match to check, a row not found) and its outcome.
    await openView(
      page,
      VIEWS.find((view) => view.name === 'import')!,
    );
    const csv = [
      'Date,Name,Year,Letterboxd URI,Rating',
      `2024-01-01,"${PLANTED[4]}",,https://boxd.it/x1,4`,
      '2024-01-02,Zzyzx Nowhere Picture,1950,https://boxd.it/x2,2',
    ].join('\n');
    await page
      .getByLabel('Choose export files (CSV, JSON or ZIP)')
      .setInputFiles({ name: 'ratings.csv', mimeType: 'text/csv', buffer: Buffer.from(`${csv}\n`) });
    await expect(page.getByRole('heading', { name: 'Found: Letterboxd export' })).toBeVisible({ timeout: 20_000 });
    found.push(...(await axeViolations(page)).map((line) => `[import preview] ${line}`));
    await page.getByRole('checkbox', { name: new RegExp(`^Import “${PLANTED[4]}”`) }).check();
    await page.getByRole('button', { name: 'Import 1 rating', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Import finished' })).toBeVisible({ timeout: 20_000 });
    found.push(...(await axeViolations(page)).map((line) => `[import finished] ${line}`));

    await page.getByRole('button', { name: /manage profiles/ }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    found.push(...(await axeViolations(page)).map((line) => `[profiles dialog] ${line}`));
    expect(found, found.join('\n')).toEqual([]);
  });
}
