// The bench fails loudly when a start-up goal is missed (issue 21 item 4).
import { describe, expect, it } from 'vitest';
import { STARTUP_GOALS_MS, startupGoalFailures } from '../../src/bench/startupGoals';

describe('start-up goals', () => {
  it('both medians within their goals: no failure; figures not measured (--no-browser): no failure', () => {
    expect(startupGoalFailures({ ready: { p50: 300, p95: 900, n: 7 }, appColdLoadToSearchBox: { p50: 1500, p95: 2000, n: 5 } })).toEqual([]);
    expect(startupGoalFailures({})).toEqual([]);
  });

  it('names each goal missed with its median, p95, sample count and the goal', () => {
    const failures = startupGoalFailures({ ready: { p50: 497, p95: 568, n: 7 }, appColdLoadToSearchBox: { p50: 1738.4, p95: 1775, n: 5 } });
    expect(failures).toEqual([
      `worker ready: median 497 ms (p95 568 ms, n = 7) is over the ${STARTUP_GOALS_MS.workerReadyP50} ms goal`,
      `cold load of the built app to the search box: median 1738 ms (p95 1775 ms, n = 5) is over the ${STARTUP_GOALS_MS.appColdLoadToSearchBoxP50} ms goal`,
    ]);
    expect(startupGoalFailures({ ready: { p50: 250, p95: 260, n: 7 }, appColdLoadToSearchBox: { p50: 1501, p95: 1600, n: 5 } })).toHaveLength(1);
  });

  it('a figure with no valid samples is a failure, not a pass', () => {
    expect(startupGoalFailures({ ready: { p50: Number.NaN, p95: Number.NaN, n: 0 } })).toEqual(['worker ready: no valid samples (p50 NaN)']);
  });
});
