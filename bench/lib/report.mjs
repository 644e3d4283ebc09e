// What a run looks like to people: the table printed at the end, and
// bench/results/report.md with its plots.

export function formatNumber(x, digits = 2) {
  if (!Number.isFinite(x)) return '–';
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

const figure = (s, digits) => (s && s.n ? `${formatNumber(s.median, digits)} (${formatNumber(s.min, digits)}–${formatNumber(s.max, digits)})` : '–');
const targetText = (r) => (r.target == null ? '' : `${r.better === 'higher' ? '≥' : '≤'} ${formatNumber(r.target, 2)}`);
const verdict = (r) => (r.meets == null ? '' : r.meets ? 'meets' : 'misses');

/** Variants in table order: by group, then as declared. */
function grouped(c) {
  const out = [];
  const groups = [...new Set(c.variants.map((v) => v.group))];
  for (const g of groups) out.push({ group: g, heading: g === null ? null : (c.groups[g] ?? g), variants: c.variants.filter((v) => v.group === g) });
  return out;
}

function settingsLine(settings) {
  const show = (v) => (v && typeof v === 'object' ? Object.entries(v).map(([k, x]) => `${k} ${show(x)}`).join(', ') : String(v));
  return Object.entries(settings ?? {})
    .map(([k, v]) => `${k}: ${show(v)}`)
    .join(' · ');
}

/** The plain-text table of one case, for the terminal. */
export function caseTable(c) {
  const lines = [`${c.title} (${c.name})`];
  if (c.skipped) return [...lines, `  skipped: ${c.skipped}`, ''].join('\n');
  lines[0] += ` — ${c.rounds} rounds, median (min–max)`;
  const w = Math.max(...c.variants.map((v) => v.label.length));
  const cols = c.metrics.map((m) => Math.max(m.label.length, 26));
  lines.push(`    ${''.padEnd(w)}${c.metrics.map((m, i) => m.label.padStart(cols[i])).join('  ')}`);
  for (const g of grouped(c)) {
    if (g.heading) lines.push(`  ${g.heading}`);
    for (const v of g.variants) {
      const row = v.skipped ? `  skipped: ${v.skipped}` : c.metrics.map((m, i) => figure(c.summary.variants[v.id]?.[m.key], m.digits).padStart(cols[i])).join('  ');
      lines.push(`    ${v.label.padEnd(w)}${row}`);
    }
  }
  const ratios = c.summary.ratios.filter((r) => !r.skipped);
  if (ratios.length) {
    const w = Math.max(...ratios.map((r) => r.label.length)) + 2;
    lines.push(`  ratios, within each round`);
    for (const r of ratios) lines.push(`    ${r.label.padEnd(w)}${figure(r, 2).padEnd(22)}${targetText(r).padEnd(8)} ${verdict(r)}`);
  }
  for (const note of c.notes) lines.push(`  ${note}`);
  if (c.error) lines.push(`  FAILED: ${c.error.split('\n')[0]}`);
  return [...lines, ''].join('\n');
}

/** bench/results/report.md: `images` maps a case name to its plot files ({ ratios, series }). */
export function markdown(run, images) {
  const m = run.machine;
  const out = [
    '# Benchmarks',
    '',
    `${run.date.slice(0, 10)} · \`${run.command.join(' ')}\` · ${run.profile} profile · ${run.seconds.toFixed(0)} s`,
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, Linux ${m.kernel}, Node ${m.node}, host congestion control ${m.congestionControl},` +
      ` load average ${m.loadavgStart.map((x) => x.toFixed(2)).join(' ')} at the start and ${m.loadavgEnd.map((x) => x.toFixed(2)).join(' ')} at the end;` +
      ` package ${m.git.commit.slice(0, 12)}${m.git.dirty ? ' (with uncommitted changes)' : ''}, dist/ built ${m.dist.builtAt}.`,
    '',
    'Every ratio is measured side by side in this run: the variants alternate within each round (the order rotates from round',
    'to round), a ratio is taken within a round, and the figures are the median over rounds with the min–max. Raw samples and',
    `settings are in [${run.file}](${run.file}).`,
    '',
  ];
  for (const c of run.cases) {
    out.push(`## ${c.title} (\`${c.name}\`)`, '', c.about, '');
    if (c.skipped) {
      out.push(`Skipped: ${c.skipped}.`, '');
      continue;
    }
    if (c.error) out.push(`**Failed:** \`${c.error.split('\n')[0]}\``, '');
    const load = c.loadavg.length ? ` (load average ${formatNumber(Math.min(...c.loadavg), 2)}–${formatNumber(Math.max(...c.loadavg), 2)})` : '';
    out.push(`${c.rounds} rounds${load} · ${settingsLine(c.settings)}`, '');
    out.push(`| | ${c.metrics.map((x) => x.label).join(' | ')} |`, `|---|${c.metrics.map(() => '---:').join('|')}|`);
    for (const g of grouped(c)) {
      if (g.heading) out.push(`| **${g.heading}** |${c.metrics.map(() => ' ').join('|')}|`);
      for (const v of g.variants) {
        if (v.skipped) continue;
        out.push(`| ${v.label} | ${c.metrics.map((x) => figure(c.summary.variants[v.id]?.[x.key], x.digits)).join(' | ')} |`);
      }
    }
    out.push('');
    const ratios = c.summary.ratios.filter((r) => !r.skipped);
    if (ratios.length) {
      out.push('| ratio (within each round) | median | min–max | target | |', '|---|---:|---:|---:|---|');
      for (const r of ratios) {
        out.push(`| ${r.label} | ${formatNumber(r.median, 2)} | ${formatNumber(r.min, 2)}–${formatNumber(r.max, 2)} | ${targetText(r)} | ${verdict(r)} |`);
      }
      out.push('');
    }
    const img = images[c.name] ?? {};
    if (img.ratios) out.push(`![${c.name}: ratios, median with min–max; the target marked](${img.ratios})`, '');
    if (img.series) out.push(`![${c.name}: per-subflow throughput over time](${img.series})`, '');
    // A variant skipped in several groups is one line; its ratios go unmentioned (the JSON has them).
    const notRun = [...new Set(c.variants.filter((v) => v.skipped).map((v) => `- Not run: ${v.label} — ${v.skipped}.`))];
    out.push(...notRun, ...c.notes.map((note) => `- ${note}`));
    if (notRun.length || c.notes.length) out.push('');
  }
  return out.join('\n');
}
