// Path-manager event latency: connect() → CREATED, ours against a raw-netlink Python reader.
import { Lab, workers } from '../lib/lab.mjs';
import { rotate } from '../lib/case.mjs';
import { percentile } from '../lib/stats.mjs';
import path from 'node:path';

export const name = 'event-latency';
export const title = 'Path-manager event latency';
export const about = `From calling \`connect()\` to the CREATED event delivered to the reader, one connection at a time, IPv4
loopback in a private namespace; the MPTCP server runs in a process of its own. Ours: \`pm.events()\` in Node. The anchor: a
raw-netlink reader in Python that blocks on its netlink socket right after \`connect()\`. Each round is a block of connections
per reader; the table gives the median over rounds of each block's p50 and p99, and the pooled percentiles are in the JSON.`;
export const minRounds = 5;
export const needs = ['netns', 'mptcp', 'python3'];

export const metrics = [
  { key: 'p50Us', label: 'p50 µs', unit: 'µs', better: 'lower', digits: 0 },
  { key: 'p99Us', label: 'p99 µs', unit: 'µs', better: 'lower', digits: 0 },
];

export const variants = [
  { id: 'ours', label: 'mptcp pm.events() (Node)' },
  { id: 'python', label: 'raw netlink (Python)' },
];

export const ratios = [{ label: 'ours ÷ Python, p50', metric: 'p50Us', num: 'ours', den: 'python', target: null }];

export async function setup(ctx) {
  const block = ctx.size({ full: 100, quick: 60, tiny: 20 });
  const lab = await Lab.loopback(ctx);
  try {
    const server = await lab.worker('echo-server.mjs', ['--module', 'mptcp'], { cpu: 'server' });
    const reader = await lab.worker('event-latency.mjs', [], { cpu: 'client' });
    const port = server.ready.port;
    const readers = {
      ours: async (n) => (await reader.request({ op: 'run', port, count: n }, 60_000)).latenciesNs,
      python: async (n) => {
        const out = await lab.exec(['python3', path.join(workers, 'event-latency.py'), String(n), String(port)], { cpu: 'client' });
        return out.trim().split(/\s+/).map(Number);
      },
    };
    for (const v of ctx.active) await readers[v.id](10); // warm-up, not recorded
    const python = (await lab.exec(['python3', '-c', 'import sys; print(sys.version.split()[0])'])).trim();
    return {
      settings: { connectionsPerRound: block, python, where: lab.where, pinning: ctx.pinning },
      async run(round) {
        const samples = [];
        for (const v of rotate(ctx.active, round)) {
          const ns = await readers[v.id](block);
          const us = ns.map((x) => x / 1000).sort((a, b) => a - b);
          samples.push({ variant: v.id, metrics: { p50Us: percentile(us, 50), p99Us: percentile(us, 99) }, detail: { latenciesUs: us } });
        }
        return samples;
      },
      /** Percentiles over every round's connections together. */
      summarize(samples) {
        const data = {};
        for (const v of ctx.active) {
          const all = samples.filter((s) => s.variant === v.id).flatMap((s) => s.detail.latenciesUs).sort((a, b) => a - b);
          data[v.id] = { n: all.length, p50Us: percentile(all, 50), p99Us: percentile(all, 99) };
        }
        const line = (id) => `${id} p50 ${data[id].p50Us.toFixed(0)} µs, p99 ${data[id].p99Us.toFixed(0)} µs (${data[id].n} connections)`;
        return { notes: [`Pooled over all rounds: ${Object.keys(data).map(line).join('; ')}.`], data };
      },
      teardown: () => lab.destroy(),
    };
  } catch (err) {
    await lab.destroy();
    throw err;
  }
}
