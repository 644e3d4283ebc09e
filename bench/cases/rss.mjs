// Memory per 10k idle connections.
import { Lab } from '../lib/lab.mjs';
import { pause, rotate } from '../lib/case.mjs';

export const name = 'rss';
export const title = 'Memory per 10k idle connections';
export const about = `A client process opens N connections to a server process (separate processes, on different cores) and both
keep them, idle: nothing is sent. RSS after two full garbage collections (\`--expose-gc\`), minus the same before the
connections, scaled to 10 000 connections; client and server summed. Fresh processes for every sample. RSS is the processes'
memory only: the kernel's socket memory (where MPTCP's extra state lives) is not in it, so this is what the JavaScript side
costs per connection.`;
export const minRounds = 5;

export const metrics = [
  { key: 'mibPer10k', label: 'MiB/10k (both)', unit: 'MiB', better: 'lower', digits: 1 },
  { key: 'clientMibPer10k', label: 'client MiB/10k', unit: 'MiB', better: 'lower', digits: 1 },
  { key: 'serverMibPer10k', label: 'server MiB/10k', unit: 'MiB', better: 'lower', digits: 1 },
];

const KINDS = {
  net: { label: 'node:net', module: 'net', mptcpize: false, multipath: false },
  mptcpize: { label: 'node:net under mptcpize', module: 'net', mptcpize: true, multipath: true, needs: ['mptcpize'] },
  ours: { label: 'mptcp (ours)', module: 'mptcp', mptcpize: false, multipath: true, needs: ['mptcp'] },
};

export const variants = Object.entries(KINDS).map(([id, k]) => ({ id, label: k.label, expect: { multipath: k.multipath }, needs: k.needs ?? [] }));

export const ratios = [
  // Kernel memory is not in RSS: MPTCP itself should not show here, only our JavaScript.
  { label: 'ours ÷ node:net', metric: 'mibPer10k', num: 'ours', den: 'net', target: 1 },
  { label: 'ours ÷ mptcpize', metric: 'mibPer10k', num: 'ours', den: 'mptcpize', target: 1 },
];

export async function setup(ctx) {
  const count = ctx.size({ full: 10_000, quick: 2_000, tiny: 200 });
  const lab = await Lab.loopback(ctx);
  const MiB = 2 ** 20;
  const measure = async (v) => {
    const k = KINDS[v.id];
    const opts = { mptcpize: k.mptcpize, nodeArgs: ['--expose-gc'] };
    const args = ['--module', k.module];
    try {
      const [server, client] = await Promise.all([
        lab.worker('rss.mjs', ['--role', 'server', ...args], { ...opts, cpu: 'server', name: `rss server ${v.id}` }),
        lab.worker('rss.mjs', ['--role', 'client', ...args], { ...opts, cpu: 'client', name: `rss client ${v.id}` }),
      ]);
      const before = [await client.request({ op: 'rss' }), await server.request({ op: 'rss' })];
      const opened = await client.request({ op: 'open', port: server.ready.port, count, inflight: 64, timeoutMs: 60_000 }, 70_000);
      const accepted = await server.request({ op: 'wait', count, timeoutMs: 10_000 }, 20_000);
      const after = [await client.request({ op: 'rss' }), await server.request({ op: 'rss' })];
      const per10k = (i) => ((after[i].rss - before[i].rss) / MiB) * (10_000 / count);
      return {
        variant: v.id,
        metrics: { mibPer10k: per10k(0) + per10k(1), clientMibPer10k: per10k(0), serverMibPer10k: per10k(1) },
        detail: { connections: count, multipath: opened.multipath, serverMultipath: accepted.multipath, rssBefore: before.map((b) => b.rss), rssAfter: after.map((a) => a.rss) },
      };
    } finally {
      await lab.stopWorkers();
    }
  };
  return {
    settings: { connections: count, processes: 'client and server in separate processes', where: lab.where, pinning: ctx.pinning },
    async run(round) {
      const samples = [];
      for (const v of rotate(ctx.active, round)) {
        samples.push(await measure(v));
        await pause(100); // the closed connections' TIME_WAIT and memory go back
      }
      return samples;
    },
    teardown: () => lab.destroy(),
  };
}
