// Small screens (issue 22): at a phone viewport (Pixel 7, 412×915) and at 200% zoom (a 1280×800 window is 640×400 CSS
// px), no view overflows horizontally and every main navigation item is on screen and operable.
import { expect, test, type Page } from '@playwright/test';
import { goHash, setTheme } from './helpers';
import { VIEWS, openView, profileWithContent } from './views';

/** What sticks out of the viewport horizontally (outside a horizontally scrollable box), by a short selector. */
function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const found: string[] = [];
    if (document.documentElement.scrollWidth > width) found.push(`the page scrolls sideways (${document.documentElement.scrollWidth}px > ${width}px)`);
    const scrollsSideways = (element: Element) => /auto|scroll/.test(getComputedStyle(element).overflowX);
    const clipsSideways = (element: Element) => /hidden|clip/.test(getComputedStyle(element).overflowX);
    const name = (element: Element) =>
      `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${[...element.classList].map((c) => `.${c}`).join('')}`;
    for (const element of document.querySelectorAll('body *')) {
      const rect = element.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0 || getComputedStyle(element).visibility === 'hidden') continue;
      if (rect.right <= width + 1 && rect.left >= -1) continue;
      // Inside a box that scrolls or clips sideways, and that box itself fits: not page overflow.
      let ancestor = element.parentElement;
      let contained = false;
      while (ancestor && ancestor !== document.body) {
        if (scrollsSideways(ancestor) || clipsSideways(ancestor)) {
          contained = true;
          break;
        }
        ancestor = ancestor.parentElement;
      }
      if (!contained && !element.closest('.sr-only, .skip-link'))
        found.push(`${name(element)} spans ${Math.round(rect.left)}–${Math.round(rect.right)}px of ${width}px`);
    }
    return found.slice(0, 10);
  });
}

/** Main navigation links that are not fully on screen, or that something else covers at their centre. */
function navProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const links = [...document.querySelectorAll<HTMLAnchorElement>('nav[aria-label="Main"] a')];
    if (links.length === 0) return ['no main navigation'];
    return links.flatMap((link) => {
      const rect = link.getBoundingClientRect();
      const label = link.textContent?.trim() ?? '?';
      if (rect.left < 0 || rect.right > document.documentElement.clientWidth || rect.top < 0 || rect.bottom > window.innerHeight)
        return [`“${label}” is off screen (${Math.round(rect.left)}–${Math.round(rect.right)}px)`];
      const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
      return hit && link.contains(hit) ? [] : [`“${label}” is covered`];
    });
  });
}

const SIZES = [
  { name: 'phone (Pixel 7, 412×915)', viewport: { width: 412, height: 915 }, deviceScaleFactor: 2.625, isMobile: true, hasTouch: true },
  { name: '200% zoom (640×400)', viewport: { width: 640, height: 400 }, deviceScaleFactor: 2, isMobile: false, hasTouch: false },
];

for (const size of SIZES) {
  test.describe(size.name, () => {
    test.use({ viewport: size.viewport, deviceScaleFactor: size.deviceScaleFactor, isMobile: size.isMobile, hasTouch: size.hasTouch });

    test(`every view fits the width and the navigation is all on screen`, async ({ page }) => {
      test.setTimeout(180_000);
      await page.goto('./');
      await setTheme(page, 'light');
      expect(await horizontalOverflow(page), 'profile gate').toEqual([]);
      await profileWithContent(page);
      const problems: string[] = [];
      for (const view of VIEWS) {
        await openView(page, view);
        await page.evaluate(() => window.scrollTo(0, 0));
        problems.push(...(await horizontalOverflow(page)).map((line) => `[${view.name}] ${line}`));
        problems.push(...(await navProblems(page)).map((line) => `[${view.name}] nav: ${line}`));
        await page.screenshot({ path: test.info().outputPath(`${view.name.replace(/\W+/g, '-')}.png`) });
      }
      expect.soft(problems, problems.join('\n')).toEqual([]);
      // Every item works from where it is: a tap (or click) on each one opens its view.
      for (const [label, hash] of [
        ['About', '#/about'],
        ['My ratings', '#/ratings'],
        ['Search', '#/search'],
      ] as const) {
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true }).click();
        await expect(page).toHaveURL(new RegExp(`${hash.replace(/[/?]/g, '\\$&')}$`));
      }

      // The welcome page's sticky progress panel leaves the movies to rate in view: at most 15% of the screen, and at
      // least two whole cards visible above it once the list is scrolled to.
      await goHash(page, '#/welcome');
      const grid = page.getByRole('list', { name: 'Movies to rate, page 1' });
      await expect(grid.getByRole('listitem').first()).toBeVisible({ timeout: 30_000 });
      await grid.evaluate((element) => element.scrollIntoView({ block: 'start' }));
      const room = await page.evaluate(() => {
        const bar = document.querySelector('.onboarding-bar')!.getBoundingClientRect();
        const covered = Math.max(0, Math.min(bar.bottom, window.innerHeight) - Math.max(bar.top, 0));
        const barTop = Math.min(bar.top, window.innerHeight);
        const cards = [...document.querySelectorAll('.onboarding-card')].filter((card) => {
          const rect = card.getBoundingClientRect();
          return rect.top >= 0 && rect.bottom <= barTop;
        }).length;
        return { covered: covered / window.innerHeight, cards };
      });
      await page.screenshot({ path: test.info().outputPath('welcome-scrolled.png') });
      test.info().annotations.push({
        type: 'welcome progress panel',
        description: `${(room.covered * 100).toFixed(1)}% of the screen, ${room.cards} whole cards above it`,
      });
      expect(room.covered).toBeLessThanOrEqual(0.15);
      expect(room.cards).toBeGreaterThanOrEqual(size.isMobile ? 2 : 1);
    });
  });
}
