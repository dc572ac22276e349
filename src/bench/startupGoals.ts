// The start-up goals the bench enforces (issue 21 item 4): a run over either goal fails loudly, not as a figure to spot.
import type { Timing } from './workload';

export const STARTUP_GOALS_MS = { workerReadyP50: 300, appColdLoadToSearchBoxP50: 1500 } as const;

/** One sentence per start-up goal the browser figures exceed (medians); empty when both hold or were not measured. */
export function startupGoalFailures(
  browser: { ready?: Timing; appColdLoadToSearchBox?: Timing },
  goals: { workerReadyP50: number; appColdLoadToSearchBoxP50: number } = STARTUP_GOALS_MS,
): string[] {
  const failures: string[] = [];
  const check = (what: string, timing: Timing | undefined, goal: number) => {
    if (!timing) return;
    if (!Number.isFinite(timing.p50)) failures.push(`${what}: no valid samples (p50 ${timing.p50})`);
    else if (timing.p50 > goal)
      failures.push(`${what}: median ${Math.round(timing.p50)} ms (p95 ${Math.round(timing.p95)} ms, n = ${timing.n}) is over the ${goal} ms goal`);
  };
  check('worker ready', browser.ready, goals.workerReadyP50);
  check('cold load of the built app to the search box', browser.appColdLoadToSearchBox, goals.appColdLoadToSearchBoxP50);
  return failures;
}
