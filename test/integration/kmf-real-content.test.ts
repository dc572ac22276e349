// Cold-movie protocol on the real Kaggle files; skipped (with the reason printed) when ../shared/data is absent.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REAL_DATA_DIR } from '../helpers/realData';
import { evaluateColdItems, loadSoupCatalog } from '../../src/evaluation/coldItems';
import { loadKaggleRatings } from '../../src/evaluation/dataset';

const dataDir = REAL_DATA_DIR;
const needed = ['ratings_small.csv', 'links_small.csv', 'movies_metadata.csv', 'credits.csv', 'keywords.csv'].map((f) => path.join(dataDir, f));
const missing = needed.filter((f) => !fs.existsSync(f));
if (missing.length > 0) console.log(`kmf-real-content: SKIPPED: missing ${missing.join(', ')} (set CINELOCAL_REAL_DATA to the Kaggle folder)`);

describe.skipIf(missing.length > 0)('content-derived item vectors on Kaggle data', () => {
  it('predict held-out movies better than an average movie', async () => {
    const { data } = await loadKaggleRatings(dataDir);
    const catalog = await loadSoupCatalog(dataDir);
    const result = evaluateColdItems(data, catalog, { heldOutFraction: 0.1, seed: 0 });
    const [average, , contentBias, contentFull] = result.methods;
    console.log(
      `kmf-real-content: cold RMSE average ${average.rmse.toFixed(4)}, content bias ${contentBias.rmse.toFixed(4)}, content bias+factors ${contentFull.rmse.toFixed(4)}; NDCG@10 ${average.ndcg.toFixed(4)} -> ${contentFull.ndcg.toFixed(4)}`,
    );
    expect(result.heldOutItems).toBeGreaterThan(500);
    expect(contentBias.rmse).toBeLessThan(average.rmse - 0.01);
    expect(contentFull.rmse).toBeLessThan(contentBias.rmse);
    expect(contentFull.ndcg).toBeGreaterThan(2 * average.ndcg);
  });
});
