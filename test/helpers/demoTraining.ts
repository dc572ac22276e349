// The generated demo catalog and all its ratings in a temporary folder, read as the evaluation reads them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Catalog } from '../../src/engine/shards/dataset';
import { loadKaggleRatings, type RatingDataset } from '../../src/evaluation/dataset';
import { readCatalog } from '../../src/pipeline/buildData';
import { generateDemoData } from '../../src/pipeline/demo/generateDemoData';
import type { SoupMatrix } from '../../src/pipeline/soup';

export interface DemoTraining {
  dir: string;
  catalog: Catalog;
  soup: SoupMatrix;
  all: RatingDataset;
  /** Deletes the folder. */
  remove(): void;
}

export async function demoTraining(prefix: string): Promise<DemoTraining> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    await generateDemoData(dir);
    const { catalog, soup } = await readCatalog(dir);
    const all = (await loadKaggleRatings(dir)).data;
    return { dir, catalog, soup, all, remove: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
