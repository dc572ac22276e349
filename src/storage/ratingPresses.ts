// Last writer wins between tabs: each rating write carries the moment of the key press or click that chose it
// (`pressedAt`), a write never replaces a later press, and a tab whose latest press was overwritten by an earlier one
// (a slower tab's write landing last) writes it again. Without this, two tabs rating the same movie in quick
// alternation could end on a value pressed before the last one (issue 21: A1 B5 A2 B4 … B5 ended on 1).
import type { RatingRecord } from './schema';

/** A tab's latest press on one movie: the value (null = clear) and when it was pressed (epoch ms). */
export interface RatingPress {
  value: number | null;
  pressedAt: number;
}

/** A stored stamp this far past the clock is ignored (the clock was set back): it must not lock a rating for hours. */
export const FUTURE_STAMP_SLACK_MS = 1_000;

/**
 * The press moment a stored record stands for, or -Infinity when it has none to compare: imported and older records
 * (their updatedAt is a history date, not a press in a concurrent tab) and stamps in the future.
 */
export function storedPressAt(record: Pick<RatingRecord, 'pressedAt'> | undefined, now: number): number {
  const at = record?.pressedAt;
  return typeof at === 'number' && Number.isFinite(at) && at <= now + FUTURE_STAMP_SLACK_MS ? at : -Infinity;
}

/** Whether a write of a press made at `pressedAt` must give way to what is stored (a later press, from any tab). */
export function supersededBy(record: Pick<RatingRecord, 'pressedAt'> | undefined, pressedAt: number, now: number): boolean {
  return storedPressAt(record, now) > pressedAt;
}

/**
 * How long a tab remembers its latest press of a movie after writing it: another tab's earlier press can still land
 * over it, from a write that read the record before ours was stored and was slowed down (a busy main thread) before
 * putting its own.
 */
export const PRESS_MEMORY_MS = 10_000;

/**
 * What a tab does about its latest press when it sees the stored record (no write of its own in flight): 'rewrite'
 * when an earlier press overwrote it; 'forget' when a later press (or a later clear) is stored, or the press is older
 * than PRESS_MEMORY_MS; else 'keep' watching.
 */
export function reconcilePress(press: RatingPress, stored: Pick<RatingRecord, 'rating' | 'pressedAt'> | undefined, now: number): 'rewrite' | 'forget' | 'keep' {
  const expired = now - press.pressedAt > PRESS_MEMORY_MS;
  // Gone: ours (a clear) or a later clear; the delete carries no press time to compare.
  if (!stored) return press.value === null && !expired ? 'keep' : 'forget';
  const at = storedPressAt(stored, now);
  if (at < press.pressedAt) return expired ? 'forget' : 'rewrite';
  // A later press, or one at the same moment with another value (the stored one stands).
  if (at > press.pressedAt || stored.rating !== press.value || expired) return 'forget';
  return 'keep';
}

/** Press stamps of one tab: the wall clock, but strictly increasing, so two presses in one millisecond stay ordered. */
export function pressClock(now: () => number = Date.now): () => number {
  let last = -Infinity;
  return () => (last = Math.max(now(), last + 1));
}
