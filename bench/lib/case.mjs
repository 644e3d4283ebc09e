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

/** Per-subflow Mbit/s between consecutive samples of bytes acked ({ t, subflow, bytesAcked }, as stream.mjs records them). */
export function perSubflow(raw) {
  const last = new Map();
  const points = [];
  for (const { t, subflow, bytesAcked } of raw) {
    const prev = last.get(subflow);
    if (prev && t > prev.t) points.push({ t, line: `subflow ${subflow}`, value: ((bytesAcked - prev.bytesAcked) * 8) / (t - prev.t) / 1e6 });
    last.set(subflow, { t, bytesAcked });
  }
  return points;
}
