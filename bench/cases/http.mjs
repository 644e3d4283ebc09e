// HTTP: an http.Server answering a small body, loaded by autocannon.
import { Lab } from '../lib/lab.mjs';
import { rotate } from '../lib/case.mjs';

export const name = 'http';
export const title = 'HTTP requests';
export const about = `\`http.createServer\` answering a 33-byte body, 50 connections at a time: keep-alive, loaded by autocannon;
and a new connection per request (\`Connection: close\`, the server closes), loaded by a loop of our own per connection (connect,
GET, read to the end), since autocannon writes its next request on the closing connection. That latency includes the
connection's setup. Server and load generator are separate processes on different cores (taskset), IPv4 loopback.
(a) node:net at both ends; (b) the same unmodified server and load generator under \`mptcpize run\`;
(c) ours: the server listens with \`mptcp.listen(server, …)\`, the load generator's connections are MPTCP through
\`--import mptcp/register\`; (d) ours with no code: the unmodified server and the load generator both started with
\`--import mptcp/register\`.`;
export const minRounds = 5;

export const metrics = [
  { key: 'reqPerSec', label: 'req/s', unit: 'req/s', better: 'higher', digits: 0 },
  { key: 'p50Ms', label: 'p50 ms', unit: 'ms', better: 'lower', digits: 2 },
  { key: 'p99Ms', label: 'p99 ms', unit: 'ms', better: 'lower', digits: 2 },
];

export const groups = {
  ka: 'keep-alive, 50 connections',
  close: 'a new connection per request, 50 at a time',
};

// How each server is started, and which load generator it gets.
const REGISTER = ['--import', 'mptcp/register'];
const KINDS = {
  a: { label: '(a) node:net', how: 'node', mptcpize: false, load: 'plain', multipath: false },
  b: { label: '(b) mptcpize', how: 'node', mptcpize: true, load: 'mptcpize', multipath: true, needs: ['mptcpize'] },
  c: { label: '(c) ours, mptcp.listen()', how: 'listen', load: 'register', multipath: true, needs: ['mptcp', 'listen', 'register'] },
  d: { label: '(d) ours, --import mptcp/register', how: 'node', nodeArgs: REGISTER, load: 'register', multipath: true, needs: ['mptcp', 'register'] },
};

export const variants = Object.keys(groups).flatMap((group) =>
  Object.entries(KINDS).map(([kind, k]) => ({
    id: `${group}:${kind}`,
    group,
    kind,
    label: k.label,
    expect: { multipath: k.multipath },
    needs: k.needs ?? [],
  })),
);

export const ratios = Object.keys(groups).flatMap((g) => [
  // What the kernel's MPTCP costs against TCP (published: 10–25% fewer requests/s).
  { label: `${g}: (b) mptcpize ÷ (a) node:net`, metric: 'reqPerSec', num: `${g}:b`, den: `${g}:a`, target: null },
  // Ours against the zero-code baseline: the same kernel path, so anything below 1 is ours.
  { label: `${g}: (c) listen ÷ (b) mptcpize`, metric: 'reqPerSec', num: `${g}:c`, den: `${g}:b`, target: g === 'ka' ? 0.98 : 0.97 },
  { label: `${g}: (d) register ÷ (b) mptcpize`, metric: 'reqPerSec', num: `${g}:d`, den: `${g}:b`, target: g === 'ka' ? 0.98 : 0.97 },
]);

export async function setup(ctx) {
  const seconds = ctx.size({ full: 10, quick: 1, tiny: 1 });
  const connections = 50;
  const lab = await Lab.loopback(ctx);
  try {
    const kinds = [...new Set(ctx.active.map((v) => v.kind))];
    const servers = {};
    for (const kind of kinds) {
      const k = KINDS[kind];
      servers[kind] = await lab.worker('http-server.mjs', ['--how', k.how], {
        cpu: 'server',
        mptcpize: k.mptcpize ?? false,
        nodeArgs: k.nodeArgs ?? [],
        name: `http server ${kind}`,
      });
    }
    const loads = {};
    for (const load of new Set(kinds.map((kind) => KINDS[kind].load))) {
      loads[load] = await lab.worker('http-load.mjs', [], {
        cpu: 'client',
        mptcpize: load === 'mptcpize',
        nodeArgs: load === 'register' ? REGISTER : [],
        name: `http load ${load}`,
      });
    }
    const measure = async (v, secs) => {
      const k = KINDS[v.kind];
      const server = servers[v.kind];
      await server.request({ op: 'mark' });
      const r = await loads[k.load].request(
        { op: 'run', port: server.ready.port, connections, seconds: secs, close: v.group === 'close' },
        (secs + 30) * 1000,
      );
      const s = await server.request({ op: 'stats' });
      const failed = r.errors + r.timeouts + r.non2xx;
      if (r.requests === 0 || failed > r.requests / 100) {
        throw new Error(`${v.id}: ${r.requests} requests, ${r.errors} errors ${JSON.stringify(r.errorCodes)}, ${r.timeouts} timeouts, ${r.non2xx} non-2xx`);
      }
      return { r, s };
    };
    // Warm-up, not recorded: each server and load generator once.
    for (const v of ctx.active.filter((x) => x.group === 'ka')) await measure(v, 0.5);
    return {
      settings: { seconds, connections, body: '33 bytes', where: lab.where, sysctls: lab.sysctls, pinning: ctx.pinning },
      async run(round) {
        const samples = [];
        for (const v of rotate(ctx.active, round)) {
          const { r, s } = await measure(v, seconds);
          samples.push({
            variant: v.id,
            metrics: { reqPerSec: r.reqPerSec, p50Ms: r.p50Ms, p99Ms: r.p99Ms },
            detail: {
              requests: r.requests,
              seconds: r.seconds,
              errors: r.errors,
              serverConnections: s.connections,
              serverCpuUsPerRequest: (s.cpuSeconds * 1e6) / r.requests,
              multipath: s.multipath,
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
