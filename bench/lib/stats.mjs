// Order statistics for benchmark samples. Medians and min–max only: with
// 5–9 rounds on a shared machine, means and standard deviations would
// pretend to a precision the figures do not have.

/** The median; for an even count, the mean of the two middle values. */
export function median(xs) {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The p-th percentile (0–100) of an ascending array, nearest rank. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** { median, min, max, n } of the finite values in xs. */
export function spread(xs) {
  const v = xs.filter(Number.isFinite);
  if (v.length === 0) return { median: NaN, min: NaN, max: NaN, n: 0 };
  return { median: median(v), min: Math.min(...v), max: Math.max(...v), n: v.length };
}
