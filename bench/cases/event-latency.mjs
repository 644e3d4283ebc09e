// Path-manager event latency: connect() → CREATED, ours against a raw-netlink Python reader.
import { Lab, workers } from '../lib/lab.mjs';
import { rotate } from '../lib/case.mjs';
import { percentile } from '../lib/stats.mjs';
import path from 'node:path';

export const name = 'event-latency';
export const title = 'Path-manager event latency';
export const about = `From calling \`connect()\` to the CREATED event delivered to the reader, one connection at a time (each closed
before the next), IPv4 loopback in a private namespace; the MPTCP server runs in a process of its own. On loopback the kernel
emits CREATED inside connect(2), while the handshake runs. Ours: \`mptcp.connect(port, '127.0.0.1')\` and \`pm.events()\` in
Node. Its clock includes what node does before connect(2): the \`net.Socket\`, the MPTCP fd (socket(2)), and connect(2)
itself, which node issues on the next tick for an IP literal; then one turn of the event loop, our read (recvmmsg), decode
and emit. "from connect(2)" starts the clock when node calls its handle's \`connect()\`, as the Python anchor's does: a
raw-netlink reader that makes its socket outside the clock, then calls a blocking connect(2) and reads its netlink socket
(for Python both columns are the same figure). Each round is a block of connections per reader; the table gives the median
over rounds of each block's p50 and p99, and the pooled percentiles are in the JSON.`;
export const minRounds = 5;
export const needs = ['netns', 'mptcp', 'python3'];

export const metrics = [
  { key: 'p50Us', label: 'p50 µs', unit: 'µs', better: 'lower', digits: 0 },
  { key: 'p99Us', label: 'p99 µs', unit: 'µs', better: 'lower', digits: 0 },
  { key: 'sysP50Us', label: 'p50 µs from connect(2)', unit: 'µs', better: 'lower', digits: 0 },
];

export const variants = [
  { id: 'ours', label: 'mptcp pm.events() (Node)' },
  { id: 'python', label: 'raw netlink (Python)' },
];

export const ratios = [
  { label: 'ours ÷ Python, p50', metric: 'p50Us', num: 'ours', den: 'python', target: null },
  { label: 'ours ÷ Python, p50 from connect(2)', metric: 'sysP50Us', num: 'ours', den: 'python', target: null },
];

export async function setup(ctx) {
  const block = ctx.size({ full: 100, quick: 60, tiny: 20 });
  const lab = await Lab.loopback(ctx);
  try {
    const server = await lab.worker('echo-server.mjs', ['--module', 'mptcp'], { cpu: 'server' });
    const reader = await lab.worker('event-latency.mjs', [], { cpu: 'client' });
    const port = server.ready.port;
    const readers = {
      ours: async (n) => {
        const r = await reader.request({ op: 'run', port, count: n }, 60_000);
        return { total: r.latenciesNs, fromSyscall: r.fromSyscallNs };
      },
      python: async (n) => {
        const out = await lab.exec(['python3', path.join(workers, 'event-latency.py'), String(n), String(port)], { cpu: 'client' });
        const ns = out.trim().split(/\s+/).map(Number);
        return { total: ns, fromSyscall: ns }; // its clock starts at connect(2)
      },
    };
    for (const v of ctx.active) await readers[v.id](10); // warm-up, not recorded
    const python = (await lab.exec(['python3', '-c', 'import sys; print(sys.version.split()[0])'])).trim();
    return {
      settings: { connectionsPerRound: block, python, where: lab.where, pinning: ctx.pinning },
      async run(round) {
        const samples = [];
        for (const v of rotate(ctx.active, round)) {
          const { total, fromSyscall } = await readers[v.id](block);
          const us = total.map((x) => x / 1000).sort((a, b) => a - b);
          const sysUs = fromSyscall.map((x) => x / 1000).sort((a, b) => a - b);
          samples.push({
            variant: v.id,
            metrics: { p50Us: percentile(us, 50), p99Us: percentile(us, 99), sysP50Us: percentile(sysUs, 50) },
            detail: { latenciesUs: us, fromSyscallUs: sysUs },
          });
        }
        return samples;
      },
      /** Percentiles over every round's connections together. */
      summarize(samples) {
        const data = {};
        for (const v of ctx.active) {
          const mine = samples.filter((s) => s.variant === v.id);
          const all = mine.flatMap((s) => s.detail.latenciesUs).sort((a, b) => a - b);
          const sys = mine.flatMap((s) => s.detail.fromSyscallUs).sort((a, b) => a - b);
          data[v.id] = { n: all.length, p50Us: percentile(all, 50), p99Us: percentile(all, 99), sysP50Us: percentile(sys, 50), sysP99Us: percentile(sys, 99) };
        }
        const line = (id) =>
          `${id} p50 ${data[id].p50Us.toFixed(0)} µs, p99 ${data[id].p99Us.toFixed(0)} µs, from connect(2) p50 ${data[id].sysP50Us.toFixed(0)} µs ` +
          `p99 ${data[id].sysP99Us.toFixed(0)} µs (${data[id].n} connections)`;
        return { notes: [`Pooled over all rounds: ${Object.keys(data).map(line).join('; ')}.`], data };
      },
      teardown: () => lab.destroy(),
    };
  } catch (err) {
    await lab.destroy();
    throw err;
  }
}
