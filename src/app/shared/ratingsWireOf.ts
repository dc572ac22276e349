// The session's ratings as the worker wants them (src/bridge/ratingsWire.ts), packed once per version of the records:
// every "like this" and "for you" of a 45,000-rating history sends two typed arrays instead of 45,000 objects.
import { packRatings, type RatingsWire } from '../../bridge/ratingsWire';
import type { RatingRecords } from '../../storage/ratingsMirror';

const packed = new WeakMap<RatingRecords, RatingsWire>();

/** The newest version's ratings as columns (a view's records are read through, so the newest view is what it holds). */
export function ratingsWireOf(records: RatingRecords): RatingsWire {
  const latest = records.latest();
  let wire = packed.get(latest);
  if (!wire) {
    wire = packRatings(latest.values(), latest.size);
    packed.set(latest, wire);
  }
  return wire;
}
