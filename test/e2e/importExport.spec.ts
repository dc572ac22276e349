import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { ANCHOR, PLANTED, SEQUEL, goHash, rateTitles, startFresh } from './helpers';

test('export JSON and CSV, import into a fresh browser profile, and report invalid rows', async ({ page, browser }) => {
  await startFresh(page, 'Exporter');
  await rateTitles(page, [
    [ANCHOR.title, ANCHOR.query, 4.5],
    [SEQUEL.title, 'clockmaker garden 2', 0.5],
    [PLANTED[1], 'café', 3],
  ]);
  await goHash(page, '#/ratings');
  await expect(page.getByRole('list', { name: 'Rated movies' }).getByRole('listitem')).toHaveCount(3);

  const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
  expect(jsonDownload.suggestedFilename()).toMatch(/^cinelocal-ratings-exporter-\d{4}-\d{2}-\d{2}\.json$/);
  // Keep the suggested name so the import report can be checked against it.
  const jsonPath = test.info().outputPath(jsonDownload.suggestedFilename());
  await jsonDownload.saveAs(jsonPath);
  const exported = JSON.parse(readFileSync(jsonPath, 'utf8'));
  expect(exported).toMatchObject({ format: 'cinelocal-ratings', version: 2, profile: 'Exporter' });
  expect(exported.ratings.map((r: { movieId: number; rating: number }) => r.rating).sort()).toEqual([0.5, 3, 4.5]);

  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  const csv = readFileSync(await csvDownload.path(), 'utf8');
  expect(csv.split('\n')[0]).toBe('userId,movieId,rating,timestamp');
  expect(csv).toContain(`Exporter,${ANCHOR.id},4.5,`);

  // "Another browser": a separate context has its own, empty IndexedDB.
  const elsewhere = await browser.newContext();
  const other = await elsewhere.newPage();
  await startFresh(other, 'Importer');
  await goHash(other, '#/ratings');
  await other.getByLabel('Import ratings (JSON or CSV)').setInputFiles(jsonPath);
  await expect(other.getByText(/Imported 3 of 3 rows from “cinelocal-ratings-exporter-.*\.json”/)).toBeVisible();
  await expect(other.getByRole('list', { name: 'Rated movies' }).getByRole('listitem')).toHaveCount(3);
  await expect(other.getByRole('slider', { name: `Rate ${ANCHOR.title}`, exact: true })).toHaveAttribute('aria-valuenow', '4.5');
  await expect(other.getByRole('slider', { name: `Rate ${SEQUEL.title}`, exact: true })).toHaveAttribute('aria-valuenow', '0.5');

  // CSV with problems: every bad row is reported with its reason; the good rows are imported together. The good row is
  // dated an hour from now: newer than the rating stored here, so the one conflict rule (the newer rating wins) takes it.
  const later = Math.floor(Date.now() / 1000) + 3600;
  const badCsv = [
    'userId,movieId,rating,timestamp',
    `me,${ANCHOR.id},2,${later}`,
    'me,999999999,3,1700000000',
    `me,${SEQUEL.id},7,1700000000`,
    `me,${SEQUEL.id},2.25,1`,
    `me,${ANCHOR.id},1,1`,
  ].join('\n');
  await other.getByLabel('Import ratings (JSON or CSV)').setInputFiles({ name: 'mixed.csv', mimeType: 'text/csv', buffer: Buffer.from(badCsv) });
  const report = other.getByRole('status').filter({ hasText: 'mixed.csv' });
  await expect(report).toContainText('Imported 1 of 5 rows');
  const skipped = report.getByRole('list', { name: 'Skipped rows' });
  await expect(skipped).toContainText('Row 2: movieId: movie 999999999 is not in the loaded catalog');
  await expect(skipped).toContainText('Row 3: rating: rating 7 is outside 0..5');
  await expect(skipped).toContainText('Row 4: rating: rating 2.25 is not a half step');
  await expect(skipped).toContainText(`Row 5: duplicate: movie ${ANCHOR.id} was already rated in row 1`);
  await expect(other.getByRole('slider', { name: `Rate ${ANCHOR.title}`, exact: true })).toHaveAttribute('aria-valuenow', '2');

  // A file that cannot be read imports nothing and says why.
  await other
    .getByLabel('Import ratings (JSON or CSV)')
    .setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"ratings": [') });
  await expect(other.getByText(/Nothing was imported from “broken\.json”: The file is not valid JSON/)).toBeVisible();
  await expect(other.getByRole('list', { name: 'Rated movies' }).getByRole('listitem')).toHaveCount(3);
  await elsewhere.close();
});
