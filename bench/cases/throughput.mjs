// Throughput between two hosts (namespaces): MPTCP against TCP on two shaped
// paths, and unshaped (CPU-bound veth) by congestion control.
import { Lab, netns } from '../lib/lab.mjs';
import { rotate } from '../lib/case.mjs';

export const name = 'throughput';
export const title = 'Throughput between two hosts';
export const minRounds = 5;
export const needs = ['netns', 'mptcp'];
const RATE = 50; // Mbit/s per shaped path

export function about(ctx) {
  return `Two namespaces joined by veth. Shaped: two paths of ${RATE} Mbit/s each (tc tbf on both ends); node:net TCP on one
path, ours on one path, ours on both (an in-kernel PM \`subflow\` endpoint on the second path; the timing starts once the
second subflow is up); the namespaces' default congestion control (${ctx.hostCc}, inherited from the host). Unshaped: one veth
path, CPU-bound: TCP and MPTCP with the default congestion control, then with cubic set on the socket before connecting (TCP
there is ours with \`multipath: false\`: node:net has no socket to set it on in time). Goodput: bytes the receiver counted,
over the time from the first byte to its answer that everything arrived. Sender and receiver on different cores.`;
}

export const metrics = [{ key: 'mbitPerSec', label: 'Mbit/s', unit: 'Mbit/s', better: 'higher', digits: 1 }];

export const groups = {
  shaped: `two paths of ${RATE} Mbit/s`,
  unshaped: 'one unshaped veth path (CPU-bound)',
};

const SETUPS = {
  'shaped:tcp': { label: 'node:net TCP, 1 path', module: 'net' },
  'shaped:mptcp1': { label: 'mptcp (ours), 1 path', module: 'mptcp' },
  'shaped:mptcp2': { label: 'mptcp (ours), 2 paths', module: 'mptcp', subflows: 2 },
  'unshaped:tcp': { label: 'node:net TCP, default cc', module: 'net' },
  'unshaped:mptcp': { label: 'mptcp (ours), default cc', module: 'mptcp' },
  'unshaped:tcp-cubic': { label: 'TCP, cubic', module: 'mptcp', multipath: false, cc: 'cubic' },
  'unshaped:mptcp-cubic': { label: 'mptcp (ours), cubic', module: 'mptcp', cc: 'cubic' },
};

export const variants = Object.entries(SETUPS).map(([id, s]) => ({
  id,
  group: id.split(':')[0],
  label: s.label,
  expect: { multipath: s.module === 'mptcp' && s.multipath !== false, subflows: s.subflows ?? 1 },
}));

export const ratios = [
  // One path: MPTCP should carry what TCP carries on it.
  { label: 'shaped: ours 1 path ÷ TCP', metric: 'mbitPerSec', num: 'shaped:mptcp1', den: 'shaped:tcp', target: 0.95 },
  // Two paths: at least 85% of the summed link rate, the kernel selftest's (simult_flows.sh) criterion.
  { label: 'shaped: ours 2 paths ÷ TCP 1 path', metric: 'mbitPerSec', num: 'shaped:mptcp2', den: 'shaped:tcp', target: 1.7 },
  // Loopback iperf3 here: MPTCP 0.75–0.80 of TCP.
  { label: 'unshaped: ours ÷ TCP, default cc', metric: 'mbitPerSec', num: 'unshaped:mptcp', den: 'unshaped:tcp', target: 0.75 },
  { label: 'unshaped: ours ÷ TCP, cubic', metric: 'mbitPerSec', num: 'unshaped:mptcp-cubic', den: 'unshaped:tcp-cubic', target: 0.75 },
];

/** Per-subflow Mbit/s between consecutive samples of bytes acked. */
function perSubflow(raw) {
  const last = new Map();
  const points = [];
  for (const { t, subflow, bytesAcked } of raw) {
    const prev = last.get(subflow);
    if (prev && t > prev.t) points.push({ t, line: `subflow ${subflow}`, value: ((bytesAcked - prev.bytesAcked) * 8) / (t - prev.t) / 1e6 });
    last.set(subflow, { t, bytesAcked });
  }
  return points;
}

async function topology(ctx, { paths, shaped }) {
  const hosts = await netns.TwoHosts.create({ paths });
  try {
    if (shaped) {
      for (let i = 1; i <= paths; i++) {
        await hosts.server.shape(`sreth${i}`, { rateMbit: RATE });
        await hosts.client.shape(`cleth${i}`, { rateMbit: RATE });
      }
    }
    await hosts.server.mptcpLimits({ subflows: 2 });
    await hosts.client.mptcpLimits({ subflows: 2 });
    const server = new Lab(ctx, hosts.server);
    const client = new Lab(ctx, hosts.client);
    const sink = await server.worker('stream.mjs', ['--role', 'sink', '--listen', 'net,mptcp', '--host', '0.0.0.0'], { cpu: 'server' });
    const source = await client.worker('stream.mjs', ['--role', 'source'], { cpu: 'client' });
    const cc = await hosts.client.readSysctl('net.ipv4.tcp_congestion_control');
    return {
      hosts,
      sink,
      source,
      cc,
      destroy: async () => {
        await Promise.all([server.stopWorkers(), client.stopWorkers()]);
        await hosts.destroy();
      },
    };
  } catch (err) {
    await hosts.destroy();
    throw err;
  }
}

export async function setup(ctx) {
  // Seconds per run; unshaped runs are CPU-bound and at their rate within a fraction of a second.
  const seconds = {
    shaped: ctx.size({ full: 5, quick: 1, tiny: 0.5 }),
    unshaped: ctx.size({ full: 3, quick: 0.5, tiny: 0.5 }),
  };
  const groupsUsed = new Set(ctx.active.map((v) => v.group));
  const topo = {};
  try {
    if (groupsUsed.has('shaped')) topo.shaped = await topology(ctx, { paths: 2, shaped: true });
    if (groupsUsed.has('unshaped')) topo.unshaped = await topology(ctx, { paths: 1, shaped: false });
  } catch (err) {
    await Promise.all(Object.values(topo).map((t) => t.destroy()));
    throw err;
  }
  const measure = async (v, secs) => {
    const s = SETUPS[v.id];
    const t = topo[v.group];
    const subflows = s.subflows ?? 1;
    if (subflows > 1) await t.hosts.client.mptcpEndpoint('198.51.100.2', { dev: 'cleth2', flags: ['subflow'] });
    try {
      const port = t.sink.ready.ports[s.module === 'net' ? 'net' : 'mptcp'];
      const c = await t.source.request(
        { op: 'send', module: s.module, multipath: s.multipath ?? true, cc: s.cc, host: '192.0.2.1', port, seconds: secs, subflows, sampleMs: v.group === 'shaped' ? 100 : undefined },
        (secs + 60) * 1000,
      );
      return c;
    } finally {
      if (subflows > 1) await t.hosts.client.ip('mptcp', 'endpoint', 'flush');
    }
  };
  // Warm-up, not recorded: the source and sink of each topology (JIT, the ARP entries, the paths).
  for (const g of groupsUsed) await measure(ctx.active.find((v) => v.group === g), 0.3);
  return {
    settings: {
      seconds,
      shapedRateMbit: RATE,
      congestionControl: { shaped: topo.shaped?.cc, unshaped: topo.unshaped?.cc, cubicVariants: 'cubic, per socket' },
      pinning: ctx.pinning,
    },
    async run(round) {
      const samples = [];
      for (const v of rotate(ctx.active, round)) {
        const c = await measure(v, seconds[v.group]);
        samples.push({
          variant: v.id,
          metrics: { mbitPerSec: (c.bytes * 8) / c.seconds / 1e6 },
          detail: { seconds: c.seconds, multipath: c.multipath, subflows: c.subflows, congestionControl: c.cc },
          ...(c.series.length ? { series: { title: 'per-subflow throughput (sender, bytes acked)', unit: 'Mbit/s', points: perSubflow(c.series) } } : {}),
        });
      }
      return samples;
    },
    teardown: () => Promise.all(Object.values(topo).map((t) => t.destroy())),
  };
}
