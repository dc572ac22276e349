// Start-up timing by phase: each lap adds the ms since the previous one to its phase and leaves a performance measure
// ("cinelocal:<phase>") for DevTools; the worker returns the sums with ready and the benchmark prints their medians.

export class PhaseTimes {
  readonly ms: Record<string, number> = {};
  private last: number;

  constructor(start = performance.now()) {
    this.last = start;
  }

  /** Closes the phase that ran since the previous lap (or the start). */
  lap(phase: string): void {
    const now = performance.now();
    this.ms[phase] = (this.ms[phase] ?? 0) + (now - this.last);
    try {
      performance.measure(`cinelocal:${phase}`, { start: this.last, end: now });
    } catch {
      // A runtime without User Timing measures still gets the sums.
    }
    this.last = now;
  }

  /** Adds work that overlapped the current phase (reported beside it, e.g. "fetch.checkAndRead" inside "fetch"). */
  add(phase: string, ms: number): void {
    this.ms[phase] = (this.ms[phase] ?? 0) + ms;
  }

  /** The sums rounded to 0.1 ms (what crosses to the page). */
  rounded(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.ms).map(([k, v]) => [k, Math.round(v * 10) / 10]));
  }
}
