/**
 * Runs a full garbage collection when Node was started with `--expose-gc`, as the
 * `fibre-resilience` script starts it, and returns the milliseconds it took. Called once the
 * parsed document of a large network is no longer referenced, so that the collector frees it
 * now rather than in the middle of the analysis that follows.
 */
export function collectGarbage(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return 0;
  const start = performance.now();
  gc();
  return Math.round((performance.now() - start) * 10) / 10;
}
