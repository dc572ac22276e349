// The one locator of the real Kaggle data, beside the checkout as in CI (../shared/data/kaggle-movies) or at
// CINELOCAL_REAL_DATA. Used by the Vitest suites and by playwright.config.ts; tests skip with a printed reason when absent.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

export const REAL_DATA_DIR = resolve(process.env.CINELOCAL_REAL_DATA ?? resolve(REPO_ROOT, '../shared/data/kaggle-movies'));
/** The CSVs every real-data test needs (build-data needs all three to build shards). */
export const REAL_DATA_FILES = ['movies_metadata.csv', 'credits.csv', 'keywords.csv'];
export const HAS_REAL_DATA = REAL_DATA_FILES.every((file) => existsSync(resolve(REAL_DATA_DIR, file)));

export function reportSkip(what: string): void {
  if (!HAS_REAL_DATA)
    console.warn(`SKIPPED ${what}: real Kaggle data (${REAL_DATA_FILES.join(', ')}) not found at ${REAL_DATA_DIR} (set CINELOCAL_REAL_DATA to its folder)`);
}
