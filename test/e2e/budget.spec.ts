import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_GZIP_BYTES = 250 * 1024;

test('JS shipped before first interaction is within 250 KB gzip and holds no tfjs (tfjs lives only in the worker)', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByLabel('Your name')).toBeVisible();
  // The page's resource timeline lists what the document loaded (including the worker's entry script); the worker's own
  // fetches (shards, lazily imported tfjs) are not in it.
  const scripts = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((entry) => entry.name)
      .filter((name) => new URL(name).pathname.endsWith('.js')),
  );
  expect(scripts.length).toBeGreaterThan(0);
  let gzipBytes = 0;
  const report: string[] = [];
  for (const url of scripts) {
    const file = path.join('dist', new URL(url).pathname);
    const source = readFileSync(file);
    const size = gzipSync(source, { level: 9 }).length;
    gzipBytes += size;
    report.push(`${new URL(url).pathname} ${(size / 1024).toFixed(1)} KB gzip`);
    expect(source.toString('utf8'), `${file} must not contain tfjs`).not.toMatch(/@tensorflow\/tfjs|tfjs-core|registerBackend\(\s*["']webgl/);
  }
  console.log(`JS before first interaction: ${(gzipBytes / 1024).toFixed(1)} KB gzip\n  ${report.join('\n  ')}`);
  expect(gzipBytes).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
});
