// SVG plots of the report: vega-lite specs, drawn by the package's own
// renderer (lib/plot.ts, which the demo uses too).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { plotter } = require('../../dist/plot.js');

async function render(spec) {
  const p = await plotter();
  if (p.missing) throw new Error(`cannot draw the plots: ${p.missing}`);
  return p.svg(spec);
}

const VERDICT = { true: 'meets target', false: 'misses target', null: 'no target' };

/** Ratio bars: the median, a rule from min to max, the target as a red tick, 1 as a dashed line. */
export async function ratioChart(c) {
  const rows = c.summary.ratios
    .filter((r) => !r.skipped && Number.isFinite(r.median))
    .map((r) => ({
      ratio: `${r.label}${r.better === 'lower' ? ' (lower is better)' : ''}`,
      median: r.median,
      min: r.min,
      max: r.max,
      target: r.target,
      verdict: VERDICT[r.meets],
    }));
  if (rows.length === 0) return null;
  const y = { field: 'ratio', type: 'nominal', sort: null, title: null, axis: { labelLimit: 360 } };
  return render({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: `${c.title}: ratios`, subtitle: 'median of the per-round ratios, line from min to max, red tick: target' },
    width: 420,
    data: { values: rows },
    layer: [
      {
        mark: { type: 'bar', height: { band: 0.6 } },
        encoding: {
          y,
          x: { field: 'median', type: 'quantitative', title: 'ratio', scale: { zero: true } },
          color: {
            field: 'verdict',
            type: 'nominal',
            title: null,
            scale: { domain: Object.values(VERDICT), range: ['#59a14f', '#f28e2b', '#9d9d9d'] },
          },
        },
      },
      { mark: { type: 'rule', color: 'black' }, encoding: { y, x: { field: 'min', type: 'quantitative' }, x2: { field: 'max' } } },
      {
        transform: [{ filter: 'datum.target != null' }],
        mark: { type: 'tick', color: '#d62728', thickness: 3, size: 22 },
        encoding: { y, x: { field: 'target', type: 'quantitative' } },
      },
      { data: { values: [{ one: 1 }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#555' }, encoding: { x: { field: 'one', type: 'quantitative' } } },
    ],
  });
}

/** Time series (per-subflow throughput): the last round's series of each variant that has one. */
export async function seriesChart(c) {
  const last = new Map();
  for (const s of c.samples) if (s.series?.points?.length) last.set(s.variant, s);
  if (last.size === 0) return null;
  const label = (id) => c.variants.find((v) => v.id === id)?.label ?? id;
  const values = [...last.values()].flatMap((s) => s.series.points.map((p) => ({ t: p.t, value: p.value, line: `${label(s.variant)} · ${p.line}` })));
  const first = [...last.values()][0].series;
  return render({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: `${c.title}: ${first.title}`, subtitle: 'the last round' },
    width: 520,
    height: 240,
    data: { values },
    mark: { type: 'line', point: false, interpolate: 'monotone' },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'time (s)' },
      y: { field: 'value', type: 'quantitative', title: first.unit },
      color: { field: 'line', type: 'nominal', title: null, legend: { orient: 'bottom', columns: 2, labelLimit: 300 } },
    },
  });
}
