// Connection rate: connect, 1 byte each way, close, 32 in flight.
import { Lab } from '../lib/lab.mjs';
import { rotate } from '../lib/case.mjs';

export const name = 'connections';
export const title = 'Connection rate';
export const about = `Connect, 1 byte each way, close, 32 connections in flight, a fixed count per run, IPv4 loopback.
Scenario A: the peer speaks MPTCP — client and server of the same kind in one process.
Scenario B: the common case on the Internet — a plain node:net server (its own process, on the other core)
and only the client varies. "CPU µs/conn" is the client process's CPU time (in A it includes the server).`;
export const minRounds = 5;

export const metrics = [
  { key: 'connPerSec', label: 'conn/s', unit: 'conn/s', better: 'higher', digits: 0 },
  { key: 'cpuUsPerConn', label: 'CPU µs/conn', unit: 'µs', better: 'lower', digits: 1 },
];

export const groups = {
  A: 'A: MPTCP peer, client and server in one process',
  B: 'B: plain node:net server in another process',
};

// kind: how the process is started and which module it uses.
const KINDS = {
  net: { label: 'node:net', module: 'net', mptcpize: false },
  mptcpize: { label: 'node:net under mptcpize', module: 'net', mptcpize: true },
  ours: { label: 'mptcp (ours)', module: 'mptcp', mptcpize: false },
  oursNoMemory: { label: 'mptcp (ours), fallbackCache off', module: 'mptcp', mptcpize: false, args: ['--memory', 'off'] },
};

// expect.fallback tells an MPTCP socket that fell back ('peer') from a plain TCP one ('not-mptcp-socket').
export const variants = [
  { id: 'A:net', group: 'A', kind: 'net', label: KINDS.net.label, expect: { multipath: false, fallback: 'not-mptcp-socket' } },
  { id: 'A:mptcpize', group: 'A', kind: 'mptcpize', label: KINDS.mptcpize.label, expect: { multipath: true, fallback: null }, needs: ['mptcpize'] },
  { id: 'A:ours', group: 'A', kind: 'ours', label: KINDS.ours.label, expect: { multipath: true, fallback: null }, needs: ['mptcp'] },
  // Against a plain server MPTCP falls back to TCP: what is measured is the cost of trying.
  { id: 'B:net', group: 'B', kind: 'net', label: KINDS.net.label, expect: { multipath: false, fallback: 'not-mptcp-socket' } },
  { id: 'B:mptcpize', group: 'B', kind: 'mptcpize', label: KINDS.mptcpize.label, expect: { multipath: false, fallback: 'peer' }, needs: ['mptcpize'] },
  // Ours remembers that the peer answered plain TCP: after the first connection, plain from the start.
  { id: 'B:ours', group: 'B', kind: 'ours', label: KINDS.ours.label, expect: { multipath: false, fallback: 'peer-remembered' }, needs: ['mptcp'] },
  { id: 'B:ours-nomemory', group: 'B', kind: 'oursNoMemory', label: KINDS.oursNoMemory.label, expect: { multipath: false, fallback: 'peer' }, needs: ['mptcp'] },
];

export const ratios = [
  // Ours runs the kernel's MPTCP exactly as mptcpize does: anything below 1 is our JavaScript.
  { label: 'A: ours ÷ mptcpize', metric: 'connPerSec', num: 'A:ours', den: 'A:mptcpize', target: 1 },
  // MPTCP costs more per connection than TCP (published: 10–25% fewer requests/s).
  { label: 'A: ours ÷ node:net', metric: 'connPerSec', num: 'A:ours', den: 'A:net', target: 0.8 },
  // Trying MPTCP on every connection, as mptcpize does: anything below 1 is ours.
  { label: 'B: ours without memory ÷ mptcpize', metric: 'connPerSec', num: 'B:ours-nomemory', den: 'B:mptcpize', target: 0.97 },
  // With the memory of plain peers, repeated connections cost what node:net's cost.
  { label: 'B: ours ÷ node:net', metric: 'connPerSec', num: 'B:ours', den: 'B:net', target: 0.97 },
  { label: 'B: ours ÷ mptcpize', metric: 'connPerSec', num: 'B:ours', den: 'B:mptcpize', target: 1 },
];

export async function setup(ctx) {
  const count = ctx.size({ full: 20_000, quick: 2_000, tiny: 200 });
  const inflight = 32;
  const maxSeconds = 120;
  const lab = await Lab.loopback(ctx);
  const clients = {};
  try {
    // B's server: plain node:net, on the server core.
    const server = await lab.worker('echo-server.mjs', ['--module', 'net'], { cpu: 'server' });
    for (const v of ctx.active) {
      const kind = KINDS[v.kind];
      const args = ['--module', kind.module, ...(kind.args ?? []), ...(v.group === 'A' ? ['--serve'] : [])];
      clients[v.id] = await lab.worker('connections.mjs', args, { cpu: 'client', mptcpize: kind.mptcpize, name: `connections ${v.id}` });
    }
    const portOf = (v) => (v.group === 'A' ? clients[v.id].ready.port : server.ready.port);
    // Warm-up, not recorded: JIT, the listener's accept queue, the port range.
    for (const v of ctx.active) {
      await clients[v.id].request({ op: 'run', count: Math.ceil(count / 10), inflight, port: portOf(v), maxSeconds }, maxSeconds * 1000 + 5000);
    }
    return {
      settings: { connections: count, inflight, where: lab.where, sysctls: lab.sysctls, pinning: ctx.pinning },
      async run(round) {
        const samples = [];
        for (const v of rotate(ctx.active, round)) {
          const r = await clients[v.id].request({ op: 'run', count, inflight, port: portOf(v), maxSeconds }, maxSeconds * 1000 + 5000);
          samples.push({
            variant: v.id,
            metrics: { connPerSec: r.connPerSec, cpuUsPerConn: r.cpuUsPerConn },
            detail: { seconds: r.seconds, multipath: r.multipath, fallback: r.fallback },
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
