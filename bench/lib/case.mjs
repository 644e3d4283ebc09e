// Helpers shared by the cases (bench/cases/*.mjs). The case interface itself
// is described in bench/cases/index.mjs.

/**
 * The variants in the order of this round: rotated by one each round, so
 * that no variant always runs first (after an idle pause) or last (after the
 * others warmed the caches and the CPU clock).
 */
export function rotate(list, round) {
  if (list.length === 0) return [];
  const k = round % list.length;
  return [...list.slice(k), ...list.slice(0, k)];
}

/** Pauses `ms` (lets TIME_WAIT, softirq and writeback settle between runs). */
export function pause(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
