// Steering: one path fast, the other behind a standing queue (a bufferbloated
// uplink), and a connection over both exchanging small messages. Where do
// they go with `paths: 'aggregate'` (the kernel's scheduler decides) and with
// `paths: { prefer: 'latency' }`? The fast path alone is the floor.
import { Lab, netns } from '../lib/lab.mjs';
import { rotate } from '../lib/case.mjs';

export const name = 'steering';
export const title = 'Steering: small messages with one path behind a standing queue';
export const minRounds = 5;
export const needs = ['netns', 'mptcp'];
const SLOW_MBIT = 10;
const QUEUE = '100ms';

export function about(ctx) {
  return `Two namespaces, two veth paths; the client runs the userspace path manager and the connection opens its second subflow
itself (\`paths\`). Path 1: ${SLOW_MBIT} Mbit/s (tc tbf) with ${QUEUE} of queue, kept full by a cubic TCP flow from the client (plain
TCP, for the whole round); path 2: 100 Mbit/s and idle. The connection
starts on path 1 (the server's path-1 address), so its initial subflow is the slow one. After the second subflow is up and
${SETTLE_MS} ms more, ${ctx.size(COUNT)} messages of 100 bytes go to an echo server one after the other: the median round trip. The
reference connects to the server's path-2 address: its initial subflow is the fast one.`;
}

const SETTLE_MS = 1500;
const COUNT = { full: 50, quick: 30, tiny: 10 };

export const metrics = [
  { key: 'medianMs', label: 'round trip, median', unit: 'ms', better: 'lower', digits: 2 },
  { key: 'p90Ms', label: 'round trip, p90', unit: 'ms', better: 'lower', digits: 2 },
];

const SETUPS = {
  aggregate: { label: "mptcp (ours), paths: 'aggregate'", host: '192.0.2.1', paths: 'aggregate' },
  latency: { label: "mptcp (ours), paths: { prefer: 'latency' }", host: '192.0.2.1', paths: { prefer: 'latency' } },
  reference: { label: 'reference: started on the fast path', host: '198.51.100.1', paths: 'aggregate' },
};

export const variants = Object.entries(SETUPS).map(([id, s]) => ({ id, label: s.label, expect: { multipath: true, subflows: 2 } }));

export const ratios = [
  { label: 'median: prefer latency ÷ reference (the fast path)', metric: 'medianMs', num: 'latency', den: 'reference', target: 1.5 },
  { label: 'median: prefer latency ÷ aggregate', metric: 'medianMs', num: 'latency', den: 'aggregate', target: 0.1 },
];

export async function setup(ctx) {
  const hosts = await netns.TwoHosts.create({ paths: 2 });
  const labs = [];
  const destroy = async () => {
    await Promise.all(labs.map((l) => l.stopWorkers()));
    await hosts.destroy();
  };
  try {
    await hosts.client.shape('cleth1', { rateMbit: SLOW_MBIT, latency: QUEUE });
    await hosts.client.shape('cleth2', { rateMbit: 100 });
    await hosts.client.sysctl({ 'net.mptcp.path_manager': 'userspace' });
    await hosts.server.mptcpLimits({ subflows: 2 });
    const server = new Lab(ctx, hosts.server);
    const client = new Lab(ctx, hosts.client);
    labs.push(server, client);
    const echo = await server.worker('echo-server.mjs', ['--module', 'mptcp', '--host', '0.0.0.0'], { cpu: 'server' });
    const sink = await server.worker('stream.mjs', ['--role', 'sink', '--listen', 'net', '--host', '0.0.0.0'], { cpu: 'server' });
    const pingpong = await client.worker('pingpong.mjs', [], { cpu: 'client' });
    const count = ctx.size(COUNT);
    const measure = (v) =>
      pingpong.request({ op: 'run', host: SETUPS[v.id].host, port: echo.ready.port, paths: SETUPS[v.id].paths, subflows: 2, settleMs: SETTLE_MS, count }, 120_000);
    return {
      settings: { slowPath: { rateMbit: SLOW_MBIT, queue: QUEUE, load: 'cubic TCP flow' }, fastPath: { rateMbit: 100 }, settleMs: SETTLE_MS, count },
      async run(round) {
        // The queue on path 1, for this round.
        await pingpong.request({ op: 'load', host: '192.0.2.1', port: sink.ready.ports.net });
        await new Promise((r) => setTimeout(r, 2000)); // the queue fills
        const samples = [];
        for (const v of rotate(ctx.active, round)) {
          const r = await measure(v);
          samples.push({
            variant: v.id,
            metrics: { medianMs: r.medianMs, p90Ms: r.p90Ms },
            detail: { multipath: r.multipath, subflows: r.subflows, srttMs: r.rtts },
          });
        }
        await pingpong.request({ op: 'unload' });
        return samples;
      },
      teardown: destroy,
    };
  } catch (err) {
    await destroy();
    throw err;
  }
}
