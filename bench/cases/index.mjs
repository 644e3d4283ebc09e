// The benchmark cases, in the order `npm run bench` runs them.
//
// A case is a module exporting:
//   name         the `--case` name
//   title        a heading
//   about        what is measured and how (markdown), or (ctx) => that text
//   minRounds    rounds at least (5; 7 for bulk): --rounds may ask for more, never fewer
//   needs        optional: what the case cannot run without ('netns', 'mptcp', 'mptcpize', 'python3', …; see lacks() in run.mjs)
//   metrics      [{ key, label, unit, better: 'higher' | 'lower', digits }]
//   groups       optional: { groupKey: 'heading' } to set variants apart in the tables
//   variants     [{ id, label, group?, needs?, expect? }]: a variant that lacks one of its needs is
//                skipped with the reason printed; expect ({ multipath: true, subflows: 2 }) is checked
//                against each sample's detail, so a variant is what it says it is
//   ratios       [{ label, metric, num, den, target }]: num and den are variant ids; each ratio is taken
//                within a round (side by side) and summarised over rounds; target (or null) is drawn
//   setup(ctx)   → { settings, run(round) → samples, summarize?(samples) → { notes, data }, teardown() }
//                ctx: profile, size({ full, quick, tiny }), active (the variants to run), cc, pin, …
//                a sample: { variant, metrics: { key: number }, detail?: {…}, series?: { title, unit, points: [{ t, line, value }] } }
//                run(round) runs every active variant once, in the order rotate(ctx.active, round) gives.
//
// Cases to come (same interface): splitting (aggregate against link rates), switching (stall when a
// path dies; per-subflow throughput over time, as `throughput` records in `series`), steering.
import * as connections from './connections.mjs';
import * as http from './http.mjs';
import * as bulk from './bulk.mjs';
import * as throughput from './throughput.mjs';
import * as eventLatency from './event-latency.mjs';
import * as calls from './calls.mjs';
import * as rss from './rss.mjs';

export const cases = [connections, http, bulk, throughput, eventLatency, calls, rss];
