// Where the real Kaggle data lives beside the checkout; tests skip with a printed reason when it is absent.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const REAL_DATA_DIR = resolve(process.env.CINELOCAL_REAL_DATA ?? resolve(__dirname, '../../../shared/data/kaggle-movies'));
export const HAS_REAL_DATA = existsSync(resolve(REAL_DATA_DIR, 'movies_metadata.csv'));

export function reportSkip(what: string): void {
  if (!HAS_REAL_DATA) console.warn(`SKIPPED ${what}: real Kaggle data not found at ${REAL_DATA_DIR} (set CINELOCAL_REAL_DATA to its folder)`);
}
