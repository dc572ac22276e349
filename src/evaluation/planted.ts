// The structure scripts/gen-big-ratings.ts plants in its synthetic ratings, and how well a built dataset recovers it.
import type { Engine } from '../engine/engine';
import { ITEM_SOURCE } from '../engine/shards/dataset';

/** Planted taste clusters: every movie belongs to one (a hash of its MovieLens id), every user prefers one. */
export const PLANTED_CLUSTERS = 20;
export const plantedCluster = (movieId: number): number => (Math.imul(movieId, 2654435761) >>> 0) % PLANTED_CLUSTERS;

export interface PlantedRecovery {
  /** Movies checked (those with stored neighbours). */
  movies: number;
  /** Share of their strongest 10 EASE neighbours in the same planted cluster (chance: 1/20). */
  neighbourPurity: number;
  /** Mean cosine of KMF item factors within a cluster minus across clusters (0 = no structure recovered). */
  factorSeparation: number;
}

/** Measures recovery on shards built from the synthetic file; `clusterOfTmdb` maps a TMDB id to its planted cluster. */
export function plantedRecovery(engine: Engine, clusterOfTmdb: Map<number, number>, sample = 2000): PlantedRecovery {
  const { catalog } = engine.data;
  const { kmf: model, neighbours: collaborative } = engine.data.models;
  const { indptr, columns } = collaborative.neighbours;
  let movies = 0;
  let same = 0;
  let total = 0;
  const withFactors: number[] = [];
  for (let row = 0; row < catalog.ids.length; row++) {
    const cluster = clusterOfTmdb.get(catalog.ids[row]);
    if (cluster === undefined) continue;
    if (model.itemSource[row] === ITEM_SOURCE.trained && withFactors.length < sample) withFactors.push(row);
    if (indptr[row + 1] === indptr[row] || movies >= sample) continue;
    movies++;
    for (let e = indptr[row]; e < Math.min(indptr[row + 1], indptr[row] + 10); e++) {
      total++;
      if (clusterOfTmdb.get(catalog.ids[columns[e]]) === cluster) same++;
    }
  }
  const k = model.factors;
  const cosine = (a: number, b: number) => {
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let f = 0; f < k; f++) {
      dot += model.itemFactors[a * k + f] * model.itemFactors[b * k + f];
      na += model.itemFactors[a * k + f] ** 2;
      nb += model.itemFactors[b * k + f] ** 2;
    }
    return na && nb ? dot / Math.sqrt(na * nb) : 0;
  };
  let within = 0;
  let withinN = 0;
  let across = 0;
  let acrossN = 0;
  for (let x = 0; x < withFactors.length; x++) {
    for (let y = x + 1; y < Math.min(withFactors.length, x + 50); y++) {
      const a = withFactors[x];
      const b = withFactors[y];
      const c = cosine(a, b);
      if (clusterOfTmdb.get(catalog.ids[a]) === clusterOfTmdb.get(catalog.ids[b])) {
        within += c;
        withinN++;
      } else {
        across += c;
        acrossN++;
      }
    }
  }
  return { movies, neighbourPurity: total ? same / total : Number.NaN, factorSeparation: (withinN ? within / withinN : 0) - (acrossN ? across / acrossN : 0) };
}
