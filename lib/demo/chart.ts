// The demo's chart: what each path carried over the whole run, one line per
// path and one for both, the acts and the cuts marked. A vega-lite spec,
// drawn by lib/plot.ts.
import type { Spec } from '../plot';

export interface Point {
  /** Seconds since the run began. */
  t: number;
  /** The act (1, 2, 3): lines break between acts. */
  act: number;
  /** 'path 1 (192.0.2.2)', …, or what the application read. */
  line: string;
  mbit: number;
}

export interface Mark {
  t: number;
  label: string;
  /** An act's beginning (solid rule, label on top) or an event within one (dashed). */
  kind: 'act' | 'event';
}

/** Per-path lines, the application's (dashed) on top; act and event marks as rules with labels. */
export function throughputChart(points: readonly Point[], marks: readonly Mark[], subtitle: string): Spec {
  const x = { field: 't', type: 'quantitative' } as const;
  const lines = [...new Set(points.map((p) => p.line))];
  const app = lines[lines.length - 1];
  // Event labels on alternate rows (pixels from the top): two close together would overlap.
  let events = 0;
  const labelled = marks.map((m) => ({ ...m, y: m.kind === 'act' ? 2 : 16 + 12 * (events++ % 2) }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Multipath TCP: what each path carried', subtitle },
    width: 680,
    height: 260,
    layer: [
      {
        data: { values: points },
        mark: { type: 'line', interpolate: 'monotone' },
        encoding: {
          x: { ...x, title: 'time (s)' },
          y: { field: 'mbit', type: 'quantitative', title: 'Mbit/s' },
          color: { field: 'line', type: 'nominal', title: null, sort: lines, legend: { orient: 'bottom', labelLimit: 300 } },
          strokeDash: { condition: { test: `datum.line === ${JSON.stringify(app)}`, value: [4, 3] }, value: [1, 0] },
          detail: { field: 'act', type: 'nominal' },
        },
      },
      {
        data: { values: marks },
        mark: { type: 'rule' },
        encoding: {
          x,
          color: { value: '#555' },
          strokeDash: { condition: { test: "datum.kind === 'event'", value: [2, 3] }, value: [1, 0] },
        },
      },
      {
        data: { values: labelled },
        transform: [{ filter: "datum.kind === 'act'" }],
        mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, fontSize: 11, fontWeight: 'bold' },
        encoding: { x, y: { field: 'y', type: 'quantitative', scale: null }, text: { field: 'label' }, color: { value: '#333' } },
      },
      {
        data: { values: labelled },
        transform: [{ filter: "datum.kind === 'event'" }],
        mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, fontSize: 10 },
        encoding: { x, y: { field: 'y', type: 'quantitative', scale: null }, text: { field: 'label' }, color: { value: '#555' } },
      },
    ],
  };
}
