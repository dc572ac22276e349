// Real-data checks on Kaggle's ratings_small.csv; skipped (with the reason printed) when ../shared/data is absent.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REAL_DATA_DIR } from '../helpers/realData';
import { readLinks, readRatings } from '../../src/pipeline/ratings';
import { onlineUpdateUser, predictRating, predictTrainedUser, trainKmf, DEFAULT_KMF_PARAMS } from '../../src/engine/kmf';

const dataDir = REAL_DATA_DIR;
const ratingsPath = path.join(dataDir, 'ratings_small.csv');
const linksPath = path.join(dataDir, 'links_small.csv');
const available = fs.existsSync(ratingsPath) && fs.existsSync(linksPath);
if (!available) console.log(`kmf-real: SKIPPED: ${ratingsPath} or ${linksPath} not found (set CINELOCAL_REAL_DATA to the Kaggle folder)`);

describe.skipIf(!available)('KMF on Kaggle ratings_small', () => {
  it('reads, trains within budget, beats the mean and recovers users online', async () => {
    const links = await readLinks(linksPath);
    expect(links.rows).toBe(9125);
    expect(links.skipped['empty tmdbId']).toBe(13);
    const table = await readRatings(ratingsPath, links);
    expect(table.rowsRead).toBe(100_004);
    expect(table.users).toBe(671);
    expect(table.count + (table.skipped['movieId not in links'] ?? 0)).toBe(100_004);

    const userIndex = new Map<number, number>();
    const itemIndex = new Map<number, number>();
    const user = new Int32Array(table.count);
    const item = new Int32Array(table.count);
    for (let t = 0; t < table.count; t++) {
      if (!userIndex.has(table.userIds[t])) userIndex.set(table.userIds[t], userIndex.size);
      if (!itemIndex.has(table.tmdbIds[t])) itemIndex.set(table.tmdbIds[t], itemIndex.size);
      user[t] = userIndex.get(table.userIds[t])!;
      item[t] = itemIndex.get(table.tmdbIds[t])!;
    }
    const data = { user, item, rating: table.ratings, count: table.count, nUsers: userIndex.size, nItems: itemIndex.size };
    const result = trainKmf(data);
    console.log(`kmf-real: trained ${result.epochs} epochs in ${(result.trainMs / 1000).toFixed(1)} s, validation RMSE ${result.validationRmse.toFixed(4)}`);
    expect(result.trainMs).toBeLessThan(30_000);
    expect(result.validationRmse).toBeLessThan(0.9);

    let differenceSum = 0;
    let differenceCount = 0;
    for (let u = 0; u < 30; u++) {
      const items: number[] = [];
      const ratings: number[] = [];
      for (let t = 0; t < data.count; t++) {
        if (user[t] !== u) continue;
        items.push(item[t]);
        ratings.push(table.ratings[t]);
      }
      const fit = onlineUpdateUser(result.model, items, ratings, { regUser: DEFAULT_KMF_PARAMS.regUser, regBias: DEFAULT_KMF_PARAMS.regBias });
      for (const i of items) {
        differenceSum += Math.abs(predictRating(result.model, fit.bias, fit.factors, i) - predictTrainedUser(result.model, u, i));
        differenceCount++;
      }
    }
    console.log(`kmf-real: online refit vs trained user, mean |Δr̂| ${(differenceSum / differenceCount).toFixed(3)} on their rated movies`);
    expect(differenceSum / differenceCount).toBeLessThan(0.2);
  });
});
