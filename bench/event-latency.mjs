#!/usr/bin/env node
// Path-manager event latency: from calling connect() to the CREATED event
// being delivered to JavaScript, over N connections (default 400), p50/p99.
// Side by side in one run, in one private network namespace, alternating
// blocks: this package's pm.events() and a raw-netlink Python reader (the
// anchor: 153 µs p50 on this machine kind). Reported as ratios.
//
//   sudo node bench/event-latency.mjs [connections]
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const { Netns, netnsAvailability } = require(path.join(root, 'dist/testing/index.js'));
// The functions the agents run: startServer and measure.
const fixtures = path.join(root, 'bench/fixtures/event-latency.mjs');

const N = Math.max(300, Number(process.argv[2] ?? 400));
const BLOCK = 50;

const PYTHON = String.raw`
import os, socket, struct, sys, time
N = int(sys.argv[1]); port = int(sys.argv[2])
def nla(t, v): l = 4 + len(v); return struct.pack('=HH', l, t) + v + b'\0' * ((4 - l % 4) % 4)
def attrs(b):
    out = {}; o = 0
    while o + 4 <= len(b):
        l, t = struct.unpack_from('=HH', b, o)
        if l < 4: break
        out[t & 0x3fff] = b[o+4:o+l]; o += (l + 3) & ~3
    return out
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16); s.bind((0, 0))
body = struct.pack('=BBH', 3, 2, 0) + nla(2, b'mptcp_pm\0')
s.send(struct.pack('=IHHII', 16 + len(body), 0x10, 1, 1, 0) + body)
r = s.recv(65536); a = attrs(r[20:]); fam = struct.unpack('=H', a[1])[0]
grp = None; g = a[7]; o = 0
while o + 4 <= len(g):
    l, t = struct.unpack_from('=HH', g, o); inner = attrs(g[o+4:o+l])
    if inner.get(1, b'').rstrip(b'\0') == b'mptcp_pm_events': grp = struct.unpack('=I', inner[2])[0]
    o += (l + 3) & ~3
s.setsockopt(270, 1, grp)
out = []
for i in range(N):
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)
    t0 = time.perf_counter_ns()
    c.connect(('127.0.0.1', port))
    while True:
        m = s.recv(65536)
        if struct.unpack_from('=H', m, 4)[0] != fam or m[16] != 1: continue
        ev = attrs(m[20:])
        if 18 in ev and ev[18] == b'\x01': continue  # the server side's CREATED
        if struct.unpack('>H', ev[9])[0] != c.getsockname()[1]: continue
        out.append(time.perf_counter_ns() - t0); break
    c.close()
print(' '.join(map(str, out)))
`;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main() {
  const avail = netnsAvailability();
  if (!avail.ok) {
    console.error(`event-latency needs a private network namespace: ${avail.reason}`);
    process.exit(2);
  }
  const ns = await Netns.create({ prefix: 'mptcp-bench' });
  try {
    // The server runs in a process of its own, so the reader measured is only a reader.
    const [server, agent] = [await ns.spawn(fixtures), await ns.spawn(fixtures)];
    const port = await server.call('startServer');
    const ours = [];
    const python = [];
    for (let done = 0; done < N; done += BLOCK) {
      const n = Math.min(BLOCK, N - done);
      ours.push(...(await agent.call('measure', port, n)));
      const py = execFileSync('ip', ['netns', 'exec', ns.name, 'python3', '-c', PYTHON, String(n), String(port)], { encoding: 'utf8' });
      python.push(...py.trim().split(/\s+/).map(Number));
    }
    const stat = (xs) => {
      const s = [...xs].sort((a, b) => a - b);
      return { n: s.length, p50: percentile(s, 50) / 1000, p99: percentile(s, 99) / 1000 };
    };
    const a = stat(ours);
    const b = stat(python);
    const fmt = (x) => `${x.toFixed(0)} µs`;
    console.log(`connect() → CREATED delivered, ${N} connections each, alternating blocks of ${BLOCK}, loopback in one namespace`);
    console.log(`  mptcp pm.events() (Node ${process.version}): p50 ${fmt(a.p50)}  p99 ${fmt(a.p99)}`);
    console.log(`  raw netlink, Python ${execFileSync('python3', ['-c', 'import sys;print(sys.version.split()[0])'], { encoding: 'utf8' }).trim()}:  p50 ${fmt(b.p50)}  p99 ${fmt(b.p99)}`);
    console.log(`  ratio mptcp/python: p50 ${(a.p50 / b.p50).toFixed(2)}  p99 ${(a.p99 / b.p99).toFixed(2)}`);
    if (process.argv.includes('--json')) console.log(JSON.stringify({ connections: N, mptcp: a, python: b }));
  } finally {
    await ns.destroy();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
