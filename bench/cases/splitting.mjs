// Splitting: how close one MPTCP connection over two shaped paths comes to
// the sum of their rates, for three pairs of link rates.
import { Lab, netns } from '../lib/lab.mjs';
import { perSubflow, rotate } from '../lib/case.mjs';

export const name = 'splitting';
export const title = 'Splitting: aggregate throughput against the link rates';
export const minRounds = 5;
export const needs = ['netns', 'mptcp'];

/** Link rates in Mbit/s, path 1 and path 2. */
const LINKS = { l100: [100, 100], l300: [300, 300], l150: [150, 50] };
const DEVS = ['cleth1', 'cleth2'];
// Bytes a full-sized segment carries per 1514-byte frame (what tbf counts on veth): TCP with timestamps 1448;
// MPTCP 1420, its DSS option (mapping and a 64-bit DATA_ACK) filling the rest of the 40 option bytes.
const FRAME = 1514;
const MPTCP_PAYLOAD = 1420;
const TCP_PAYLOAD = 1448;

export function about(ctx) {
  return `Two namespaces joined by two veth paths, each shaped at both ends (tc tbf, burst 32 KiB, latency 300 ms), for three
pairs of rates; the client has an in-kernel PM \`subflow\` endpoint on path 2 and sends for a fixed time once the second
subflow is up. Variants: ours as it ships (under a BBR system default its MPTCP sockets get cubic before connecting), ours with the
system default (${ctx.hostCc}) set on the socket (what it did before), node:net under \`mptcpize run\`, and node:net TCP on
path 1 alone. Goodput: bytes the receiver counted over the time from the first byte to its answer. "On the wire": bytes the
client's two tbf qdiscs sent in that time, headers included, over the sum of the rates (TCP alone: over path 1's rate). A
full frame is ${FRAME} bytes and carries ${MPTCP_PAYLOAD} bytes of MPTCP payload (TCP: ${TCP_PAYLOAD}), so goodput can reach at
most ${(MPTCP_PAYLOAD / FRAME).toFixed(3)} of the link rates (TCP ${(TCP_PAYLOAD / FRAME).toFixed(3)}); 1.0 is the limit on the
wire. Per-subflow throughput over time is the sender's bytes acked, every 100 ms.`;
}

export const metrics = [
  { key: 'mbitPerSec', label: 'goodput Mbit/s', unit: 'Mbit/s', better: 'higher', digits: 1 },
  { key: 'ofLinks', label: 'goodput ÷ links', unit: '', better: 'higher', digits: 3 },
  { key: 'wireOfLinks', label: 'wire ÷ links', unit: '', better: 'higher', digits: 3 },
];

export const groups = Object.fromEntries(Object.entries(LINKS).map(([g, [a, b]]) => [g, `paths of ${a} and ${b} Mbit/s`]));

const KINDS = {
  ours: { label: 'mptcp (ours)', module: 'mptcp', subflows: 2 },
  system: { label: 'mptcp (ours), system default cc', module: 'mptcp', subflows: 2, systemCc: true },
  mptcpize: { label: 'node:net under mptcpize', module: 'net', subflows: 2, mptcpize: true, needs: ['mptcpize'] },
  tcp: { label: 'node:net TCP, path 1 alone', module: 'net', subflows: 1 },
};

export const variants = Object.keys(LINKS).flatMap((g) =>
  Object.entries(KINDS).map(([k, v]) => ({
    id: `${g}:${k}`,
    group: g,
    label: v.label,
    needs: v.needs ?? [],
    expect: { multipath: v.subflows > 1, subflows: v.subflows },
  })),
);

export const ratios = Object.entries(LINKS).flatMap(([g, [a, b]]) => [
  // The target; on the wire, where 1.0 is the physical limit.
  { label: `${a}+${b}: ours, on the wire ÷ links`, metric: 'wireOfLinks', num: `${g}:ours`, den: null, target: 0.95 },
  // Goodput: at most 0.938 with 1500-byte frames (see about).
  { label: `${a}+${b}: ours, goodput ÷ links`, metric: 'ofLinks', num: `${g}:ours`, den: null, target: null },
  { label: `${a}+${b}: ours ÷ ours with the system cc`, metric: 'mbitPerSec', num: `${g}:ours`, den: `${g}:system`, target: null },
  { label: `${a}+${b}: ours ÷ mptcpize`, metric: 'mbitPerSec', num: `${g}:ours`, den: `${g}:mptcpize`, target: 1 },
]);

/** tbf at both ends of both paths, at the group's rates (replaced only when the group changes). */
async function shapeFor(hosts, group) {
  const [a, b] = LINKS[group];
  for (const [i, rate] of [a, b].entries()) {
    await hosts.server.shape(`sreth${i + 1}`, { rateMbit: rate });
    await hosts.client.shape(`cleth${i + 1}`, { rateMbit: rate });
  }
}

export async function setup(ctx) {
  const seconds = ctx.size({ full: 8, quick: 1.5, tiny: 0.5 }); // quick: the suite's budget; the figures are rough
  const hosts = await netns.TwoHosts.create({ paths: 2 });
  const server = new Lab(ctx, hosts.server);
  const client = new Lab(ctx, hosts.client);
  const destroy = async () => {
    await Promise.all([server.stopWorkers(), client.stopWorkers()]);
    await hosts.destroy();
  };
  try {
    await hosts.server.mptcpLimits({ subflows: 2 });
    await hosts.client.mptcpLimits({ subflows: 2 });
    await hosts.client.mptcpEndpoint('198.51.100.2', { dev: 'cleth2', flags: ['subflow'] });
    const cc = await hosts.client.readSysctl('net.ipv4.tcp_congestion_control');
    const sink = await server.worker('stream.mjs', ['--role', 'sink', '--listen', 'net,mptcp', '--host', '0.0.0.0'], { cpu: 'server' });
    const sources = { plain: await client.worker('stream.mjs', ['--role', 'source'], { cpu: 'client' }) };
    if (ctx.active.some((v) => v.id.endsWith(':mptcpize'))) {
      sources.mptcpize = await client.worker('stream.mjs', ['--role', 'source'], { cpu: 'client', mptcpize: true, name: 'stream.mjs source under mptcpize' });
    }
    let shaped = null;
    const measure = async (v, secs) => {
      const kind = KINDS[v.id.split(':')[1]];
      if (shaped !== v.group) {
        await shapeFor(hosts, v.group);
        shaped = v.group;
      }
      const source = kind.mptcpize ? sources.mptcpize : sources.plain;
      const port = sink.ready.ports[kind.module === 'net' && !kind.mptcpize ? 'net' : 'mptcp'];
      const wire = kind.subflows > 1 ? DEVS : DEVS.slice(0, 1);
      const c = await source.request(
        { op: 'send', module: kind.module, cc: kind.systemCc ? cc : undefined, host: '192.0.2.1', port, seconds: secs, subflows: kind.subflows, sampleMs: 100, wire },
        (secs + 60) * 1000,
      );
      const [a, b] = LINKS[v.group];
      const linkMbit = kind.subflows > 1 ? a + b : a;
      const mbit = (c.bytes * 8) / c.seconds / 1e6;
      const wireMbit = (c.wireBytes.reduce((x, y) => x + y, 0) * 8) / c.seconds / 1e6;
      return { c, mbit, ofLinks: mbit / linkMbit, wireOfLinks: wireMbit / linkMbit };
    };
    // Warm-up, not recorded: JIT, ARP entries, the paths.
    for (const v of ctx.active.filter((x) => x.group === ctx.active[0].group)) await measure(v, Math.min(seconds, 0.5));
    return {
      settings: {
        seconds,
        linksMbit: LINKS,
        shaping: 'tc tbf rate R burst 32k latency 300ms, on both ends of each path',
        congestionControl: { system: cc, ours: 'as the package sets it (see detail.congestionControl)', system_variant: cc },
        writes: '256 KiB',
        pinning: ctx.pinning,
      },
      async run(round) {
        const samples = [];
        for (const v of rotate(ctx.active, round)) {
          const m = await measure(v, seconds);
          samples.push({
            variant: v.id,
            metrics: { mbitPerSec: m.mbit, ofLinks: m.ofLinks, wireOfLinks: m.wireOfLinks },
            detail: { seconds: m.c.seconds, multipath: m.c.multipath, subflows: m.c.subflows, congestionControl: m.c.cc, wireBytes: m.c.wireBytes },
            // Series for ours only, as shipped and with the system cc: the plot stays readable.
            ...(m.c.series.length && KINDS[v.id.split(':')[1]].module === 'mptcp' ? { series: { title: 'per-subflow throughput (sender, bytes acked)', unit: 'Mbit/s', points: perSubflow(m.c.series) } } : {}),
          });
        }
        return samples;
      },
      teardown: destroy,
    };
  } catch (err) {
    await destroy();
    throw err;
  }
}
