// Bulk transfer on loopback: Gbit/s and CPU seconds per GiB at both ends.
import { Lab } from '../lib/lab.mjs';
import { pause, rotate } from '../lib/case.mjs';

const GiB = 2 ** 30;

export const name = 'bulk';
export const title = 'Bulk transfer';
export const minRounds = 7;
export const needs = ['netns']; // to give every variant the same congestion control

export function about(ctx) {
  return `A client downloads a fixed amount from a server in another process, on the other core (256 KiB writes), IPv4 loopback
in a private namespace. Gbit/s from the client's \`connect()\` to the last byte; CPU seconds per GiB are both processes' user +
system time (process.cpuUsage) for the transfer. The sender is the server's accepted socket: ${
    ctx.cc === 'system'
      ? `\`--cc system\`: no congestion control is set, each socket runs what it would by default (the namespace's, ${ctx.hostCc};
ours gives MPTCP sockets cubic when that is BBR), as the server reads back from each sending socket`
      : `its congestion control, \`${ctx.cc}\`, is set on the listening socket, which accepted sockets inherit from the first byte —
for node:net, mptcpize and ours alike (node:net cannot set it on a client socket before it connects). The server reads it back
from each sending socket; a sample with another one is an error`
  }. (BBR, this machine's default, runs MPTCP far below the link here when it is set on the socket: \`--cc bbr\`; \`--cc system\`
shows what each runs by default.)`;
}

export const metrics = [
  { key: 'gbitPerSec', label: 'Gbit/s', unit: 'Gbit/s', better: 'higher', digits: 2 },
  { key: 'cpuSecPerGiB', label: 'CPU s/GiB', unit: 's/GiB', better: 'lower', digits: 3 },
];

const KINDS = {
  net: { label: 'node:net', module: 'net', mptcpize: false, multipath: false },
  mptcpize: { label: 'node:net under mptcpize', module: 'net', mptcpize: true, multipath: true, needs: ['mptcpize'] },
  ours: { label: 'mptcp (ours)', module: 'mptcp', mptcpize: false, multipath: true, needs: ['mptcp'] },
};

export const variants = Object.entries(KINDS).map(([id, k]) => ({
  id,
  label: k.label,
  expect: { multipath: k.multipath },
  needs: k.needs ?? [],
}));

export const ratios = [
  { label: 'ours ÷ mptcpize, Gbit/s', metric: 'gbitPerSec', num: 'ours', den: 'mptcpize', target: 1 },
  // Local iperf3 on loopback: MPTCP 0.75–0.80 of TCP.
  { label: 'ours ÷ node:net, Gbit/s', metric: 'gbitPerSec', num: 'ours', den: 'net', target: 0.75 },
  { label: 'ours ÷ mptcpize, CPU s/GiB', metric: 'cpuSecPerGiB', num: 'ours', den: 'mptcpize', target: 1 },
  { label: 'ours ÷ node:net, CPU s/GiB', metric: 'cpuSecPerGiB', num: 'ours', den: 'net', target: null },
];

export async function setup(ctx) {
  const bytes = ctx.size({ full: 2 * GiB, quick: 256 * 2 ** 20, tiny: 8 * 2 ** 20 });
  const lab = await Lab.loopback(ctx);
  try {
    const ends = {};
    for (const v of ctx.active) {
      const k = KINDS[v.id];
      const args = ['--module', k.module];
      ends[v.id] = {
        server: await lab.worker('download.mjs', ['--role', 'server', ...args, '--cc', ctx.cc], { cpu: 'server', mptcpize: k.mptcpize, name: `bulk server ${v.id}` }),
        client: await lab.worker('download.mjs', ['--role', 'client', ...args], { cpu: 'client', mptcpize: k.mptcpize, name: `bulk client ${v.id}` }),
      };
    }
    const transfer = async (v, size) => {
      const { server, client } = ends[v.id];
      const c = await client.request({ op: 'get', port: server.ready.port, bytes: size, maxSeconds: 190 }, 200_000); // MPTCP's DATA_ACK stalls can make 2 GiB slow
      const s = await server.request({ op: 'stats', key: c.key });
      if (ctx.cc !== 'system' && s.cc !== ctx.cc) throw new Error(`${v.id}: the sending socket's congestion control is ${s.cc}, not ${ctx.cc}`);
      return { c, s };
    };
    for (const v of ctx.active) await transfer(v, Math.min(bytes, 64 * 2 ** 20)); // warm-up, not recorded
    return {
      settings: { size: `${bytes / 2 ** 20} MiB`, congestionControl: ctx.cc === 'system' ? `each socket's default (the namespace's: ${ctx.hostCc})` : `${ctx.cc} (sender, per socket)`, writes: '256 KiB', where: lab.where, sysctls: lab.sysctls, pinning: ctx.pinning },
      async run(round) {
        const samples = [];
        for (const v of rotate(ctx.active, round)) {
          await pause(100);
          const { c, s } = await transfer(v, bytes);
          samples.push({
            variant: v.id,
            metrics: {
              gbitPerSec: (c.bytes * 8) / c.seconds / 1e9,
              cpuSecPerGiB: (c.cpuSeconds + s.cpuSeconds) / (c.bytes / GiB),
            },
            detail: {
              seconds: c.seconds,
              clientCpuSeconds: c.cpuSeconds,
              serverCpuSeconds: s.cpuSeconds,
              congestionControl: { sender: s.cc, receiver: c.cc },
              multipath: c.multipath,
            },
          });
        }
        return samples;
      },
      teardown: () => lab.destroy(),
    };
  } catch (err) {
    await lab.destroy();
    throw err;
  }
}
