// Runs one case: setup, the rounds (variants alternating inside each), the
// checks every sample must pass, teardown; then the summary.
import os from 'node:os';
import { spread } from './stats.mjs';

/** The case's rounds: what was asked, never fewer than its minimum; more on a full run by default. */
export function roundsFor(mod, ctx) {
  if (ctx.rounds) return Math.max(ctx.rounds, mod.minRounds);
  return ctx.profile === 'full' ? mod.minRounds + 2 : mod.minRounds;
}

/** Why a sample cannot be used, or undefined. */
function problem(mod, sample, activeIds) {
  if (!activeIds.has(sample.variant)) return `a sample for ${sample.variant}, which is not running`;
  for (const m of mod.metrics) {
    if (!Number.isFinite(sample.metrics?.[m.key])) return `${sample.variant}: ${m.key} is ${sample.metrics?.[m.key]}, not a finite number`;
  }
  const v = mod.variants.find((x) => x.id === sample.variant);
  for (const [key, want] of Object.entries(v.expect ?? {})) {
    const got = sample.detail?.[key];
    if (got !== undefined && got !== want) return `${sample.variant}: ${key} is ${got}, expected ${want} (the variant is not what it says)`;
  }
  return undefined;
}

export function summarize(mod, samples, activeIds, skipped) {
  const variants = {};
  for (const id of activeIds) {
    variants[id] = {};
    for (const m of mod.metrics) variants[id][m.key] = spread(samples.filter((s) => s.variant === id).map((s) => s.metrics[m.key]));
  }
  const ratios = (mod.ratios ?? []).map((r) => {
    const metric = mod.metrics.find((m) => m.key === r.metric);
    const base = { ...r, better: metric.better };
    const missing = [r.num, r.den].find((id) => !activeIds.has(id));
    if (missing) return { ...base, skipped: `${missing} did not run${skipped[missing] ? `: ${skipped[missing]}` : ''}` };
    // Side by side: each round's num over the same round's den.
    const perRound = [];
    const rounds = [...new Set(samples.map((s) => s.round))];
    for (const round of rounds) {
      const num = samples.find((s) => s.round === round && s.variant === r.num);
      const den = samples.find((s) => s.round === round && s.variant === r.den);
      if (num && den) perRound.push(num.metrics[r.metric] / den.metrics[r.metric]);
    }
    const st = spread(perRound);
    // Judged on the median as printed (two decimals), so the table never says 0.80 misses ≥ 0.80.
    const shown = Math.round(st.median * 100) / 100;
    const meets = r.target == null || !Number.isFinite(shown) ? null : metric.better === 'higher' ? shown >= r.target : shown <= r.target;
    return { ...base, ...st, perRound, meets };
  });
  return { variants, ratios };
}

/**
 * Runs `mod` and returns its result for the JSON. A failure is recorded in
 * `error` (the run goes on with the other cases); `skipped` says why a case
 * did not run at all.
 */
export async function runCase(mod, ctx, progress) {
  const skipped = {};
  for (const v of mod.variants) {
    const reason = ctx.lacks(v.needs ?? []);
    if (reason) skipped[v.id] = reason;
  }
  const result = {
    name: mod.name,
    title: mod.title,
    about: typeof mod.about === 'function' ? mod.about(ctx) : mod.about,
    groups: mod.groups ?? {},
    metrics: mod.metrics,
    variants: mod.variants.map((v) => ({ id: v.id, label: v.label, group: v.group ?? null, ...(skipped[v.id] ? { skipped: skipped[v.id] } : {}) })),
    notes: [],
    loadavg: [], // 1-minute load average after each round: how busy the machine was
  };
  const caseReason = ctx.lacks(mod.needs ?? []);
  if (caseReason) return { ...result, skipped: caseReason };
  const active = mod.variants.filter((v) => !skipped[v.id]);
  const activeIds = new Set(active.map((v) => v.id));
  const rounds = roundsFor(mod, ctx);
  const started = Date.now();
  const samples = [];
  let bench;
  try {
    progress.begin(mod.name, rounds);
    bench = await mod.setup({ ...ctx, active });
    for (let round = 0; round < rounds; round++) {
      const elapsed = Date.now() - started;
      if (elapsed > ctx.caseLimitMs) throw new Error(`${mod.name} ran over its time limit (${ctx.caseLimitMs / 1000} s) before round ${round + 1}`);
      const got = await bench.run(round);
      const ran = got.map((x) => x.variant).sort();
      if (ran.join() !== [...activeIds].sort().join()) throw new Error(`round ${round + 1} ran ${ran.join(', ')}, not each of ${[...activeIds].join(', ')} once`);
      for (const sample of got) {
        const why = problem(mod, sample, activeIds);
        if (why) throw new Error(why);
        samples.push({ round, ...sample });
      }
      result.loadavg.push(os.loadavg()[0]);
      progress.round(mod, round, rounds, got);
    }
  } catch (err) {
    result.error = String(err?.stack ?? err);
  } finally {
    try {
      await bench?.teardown();
    } catch (err) {
      result.notes.push(`teardown failed: ${err?.message ?? err}`);
    }
  }
  const summary = summarize(mod, samples, activeIds, skipped);
  const extra = bench?.summarize && samples.length ? bench.summarize(samples) : null;
  return {
    ...result,
    rounds,
    seconds: (Date.now() - started) / 1000,
    settings: bench?.settings ?? {},
    samples,
    summary,
    ...(extra ? { extra: extra.data } : {}),
    notes: [...result.notes, ...(extra?.notes ?? [])],
  };
}
