// Accessibility in the test suite (issue 22): axe-core's WCAG 2.1 A + AA rules report nothing on any view, in light
// and in dark.
import { expect, test } from '@playwright/test';
import { axeViolations } from './axe';
import { setTheme } from './helpers';
import { VIEWS, openView, profileWithContent } from './views';

for (const theme of ['light', 'dark'] as const) {
  test(`axe (WCAG 2.1 A/AA) reports nothing on any view, ${theme} theme`, async ({ page }) => {
    test.setTimeout(180_000);
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
    await page.getByRole('button', { name: /manage profiles/ }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    found.push(...(await axeViolations(page)).map((line) => `[profiles dialog] ${line}`));
    expect(found, found.join('\n')).toEqual([]);
  });
}
