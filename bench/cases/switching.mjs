// Switching: a stream over two shaped paths, and the active one blackholes
// mid-transfer. How long does the receiver wait for data, and is anything
// lost? node:net under mptcpize, ours by default, ours with `failover`, and
// ours by default with the sysctls that matter most for it.
import { Lab, netns } from '../lib/lab.mjs';
import { pause, rotate } from '../lib/case.mjs';

export const name = 'switching';
export const title = 'Switching: a path blackholes mid-transfer';
export const minRounds = 5;
export const needs = ['netns', 'mptcp'];
const RATE = 100; // Mbit/s per path, as in the issue

export function about(ctx) {
  return `Two namespaces joined by two veth paths shaped to ${RATE} Mbit/s each (tc tbf, 300 ms of queue, both ends); the
in-kernel path manager with a \`subflow\` endpoint on path 2, so both paths carry the stream. The client streams random bytes for
${ctx.size({ full: 5, quick: 3, tiny: 2.5 })} s; ${FAULT_MS / 1000} s in, path 1 (the initial subflow's) blackholes: every packet arriving on
either end is dropped (clsact ingress to an ifb whose tbf passes nothing), so neither stack sees an error. Stall: the longest
time the receiving application waited between two reads after the fault. Bytes lost: sent minus received (the SHA-256 of
each side must match, else the run fails). The sysctl variants are ours by default with one setting changed in both
namespaces. The series is the sender's bytes acknowledged per path (tcp_info), t = 0 at the fault.`;
}

const FAULT_MS = 1500;

export const metrics = [
  { key: 'stallMs', label: 'longest stall', unit: 'ms', better: 'lower', digits: 0 },
  { key: 'bytesLost', label: 'bytes lost', unit: 'B', better: 'lower', digits: 0 },
];

export const groups = {
  main: 'what users would pick',
  sysctls: 'ours by default, one sysctl changed (both ends)',
};

const SETUPS = {
  mptcpize: { label: 'node:net under mptcpize', group: 'main', module: 'net', mptcpize: true, needs: ['mptcpize'] },
  ours: { label: 'mptcp (ours), default', group: 'main', module: 'mptcp' },
  failover: { label: 'mptcp (ours), failover: true', group: 'main', module: 'mptcp', failover: true },
  'stale-1': { label: 'net.mptcp.stale_loss_cnt=1', group: 'sysctls', module: 'mptcp', sysctls: { 'net.mptcp.stale_loss_cnt': 1 } },
  'rto-min-50': { label: 'net.ipv4.tcp_rto_min_us=50000', group: 'sysctls', module: 'mptcp', sysctls: { 'net.ipv4.tcp_rto_min_us': 50_000 } },
};

export const variants = Object.entries(SETUPS).map(([id, s]) => ({
  id,
  group: s.group,
  label: s.label,
  needs: s.needs,
  expect: { multipath: true, subflows: 2 },
}));

export const ratios = [
  // The targets: default ≤ 250 ms and failover ≤ 100 ms, against mptcpize's 335 ms.
  { label: 'stall: ours default ÷ mptcpize', metric: 'stallMs', num: 'ours', den: 'mptcpize', target: 0.75 },
  { label: 'stall: ours failover ÷ mptcpize', metric: 'stallMs', num: 'failover', den: 'mptcpize', target: 0.3 },
  { label: 'stall: ours failover ÷ ours default', metric: 'stallMs', num: 'failover', den: 'ours', target: 0.4 },
];

/** Mbit/s per path between consecutive samples of bytes acked; t in s from the fault. */
function perPath(series, fault) {
  const last = new Map();
  const points = [];
  for (const { at, local, bytesAcked } of series) {
    const line = local === '192.0.2.2' ? 'path 1 (blackholed)' : local === '198.51.100.2' ? 'path 2' : local;
    const prev = last.get(line);
    if (prev && at > prev.at && bytesAcked >= prev.bytesAcked) {
      points.push({ t: (at - fault) / 1000, line, value: ((bytesAcked - prev.bytesAcked) * 8) / ((at - prev.at) / 1000) / 1e6 });
    }
    last.set(line, { at, bytesAcked });
  }
  return points;
}

export async function setup(ctx) {
  const seconds = ctx.size({ full: 5, quick: 3, tiny: 2.5 });
  const hosts = await netns.TwoHosts.create({ paths: 2 });
  const labs = [];
  const destroy = async () => {
    await Promise.all(labs.map((l) => l.stopWorkers()));
    await hosts.destroy();
  };
  try {
    for (let i = 1; i <= 2; i++) {
      await hosts.server.shape(`sreth${i}`, { rateMbit: RATE });
      await hosts.client.shape(`cleth${i}`, { rateMbit: RATE });
    }
    await hosts.server.mptcpLimits({ subflows: 2 });
    await hosts.client.mptcpLimits({ subflows: 2 });
    await hosts.client.mptcpEndpoint('198.51.100.2', { dev: 'cleth2', flags: ['subflow'] });
    await hosts.blackhole(1, false); // set up now: at the fault, one tc command per end
    const server = new Lab(ctx, hosts.server);
    const client = new Lab(ctx, hosts.client);
    labs.push(server, client);
    // One sink and one source per kind of process: ours, and node:net under mptcpize.
    const workers = {};
    for (const kind of new Set(ctx.active.map((v) => (SETUPS[v.id].mptcpize ? 'mptcpize' : 'ours')))) {
      const mptcpize = kind === 'mptcpize';
      workers[kind] = {
        sink: await server.worker('switch.mjs', ['--role', 'sink', '--module', mptcpize ? 'net' : 'mptcp'], { cpu: 'server', mptcpize }),
        source: await client.worker('switch.mjs', ['--role', 'source'], { cpu: 'client', mptcpize }),
      };
    }
    const defaults = {
      'net.mptcp.stale_loss_cnt': await hosts.client.readSysctl('net.mptcp.stale_loss_cnt'),
      'net.ipv4.tcp_rto_min_us': await hosts.client.readSysctl('net.ipv4.tcp_rto_min_us'),
    };
    const setSysctls = (values) => Promise.all([hosts.server.sysctl(values), hosts.client.sysctl(values)]);

    const measure = async (v, secs) => {
      const s = SETUPS[v.id];
      const w = workers[s.mptcpize ? 'mptcpize' : 'ours'];
      if (s.sysctls) await setSysctls(s.sysctls);
      try {
        const sending = w.source.request(
          { op: 'send', module: s.module, host: '192.0.2.1', port: w.sink.ready.port, seconds: secs, failover: s.failover ?? false },
          (secs + 120) * 1000,
        );
        await pause(FAULT_MS);
        const fault = performance.timeOrigin + performance.now();
        await hosts.blackhole(1);
        let sent;
        try {
          sent = await sending;
        } finally {
          await hosts.blackhole(1, false);
        }
        const got = await w.sink.request({ op: 'result', since: fault }, 130_000);
        if (got.bytes === sent.bytes && got.sha256 !== sent.sha256) throw new Error(`${v.id}: as many bytes arrived as were sent, but not the same ones`);
        return { sent, got, fault };
      } finally {
        if (s.sysctls) await setSysctls(defaults);
        // The closed connection's subflows leave the namespace before the next one starts.
        await pause(300);
      }
    };
    // Warm-up, not recorded: each kind of worker once, with its fault.
    for (const kind of Object.keys(workers)) await measure(ctx.active.find((v) => (SETUPS[v.id].mptcpize ? 'mptcpize' : 'ours') === kind), 2);
    return {
      settings: { seconds, faultAfterMs: FAULT_MS, rateMbit: RATE, congestionControl: ctx.hostCc, defaults, pinning: ctx.pinning },
      async run(round) {
        const samples = [];
        for (const v of rotate(ctx.active, round)) {
          const { sent, got, fault } = await measure(v, seconds);
          samples.push({
            variant: v.id,
            metrics: { stallMs: got.stallMs, bytesLost: sent.bytes - got.bytes },
            detail: {
              multipath: sent.multipath,
              subflows: sent.subflows,
              bytes: sent.bytes,
              failover: sent.events.map((e) => ({ afterMs: Math.round(e.at - fault), signal: e.signal, action: e.action, ok: e.ok, local: e.local })),
            },
            series: { title: 'per-path throughput (sender, bytes acked), t = 0 at the fault', unit: 'Mbit/s', points: perPath(sent.series, fault) },
          });
        }
        return samples;
      },
      summarize(samples) {
        const acted = samples.filter((s) => s.variant === 'failover').map((s) => s.detail.failover[0]?.afterMs).filter(Number.isFinite);
        const notes = acted.length ? [`failover acted ${Math.min(...acted)}–${Math.max(...acted)} ms after the fault (detection and SOCK_DESTROY)`] : [];
        return { notes, data: { failoverAfterMs: acted } };
      },
      teardown: destroy,
    };
  } catch (err) {
    await destroy();
    throw err;
  }
}
