#!/usr/bin/env node
// Throughput, MPTCP against TCP, side by side in one run (alternating
// rounds, this machine is noisy), between two private namespaces:
//   shaped:   two veth paths of RATE Mbit/s each (tc tbf):
//             node:net TCP on one path, mptcp on one path, mptcp on both
//   unshaped: one veth path, CPU-bound: node:net TCP vs mptcp
// Printed as ratios to TCP.
//
//   sudo node bench/throughput.mjs [--rate 50] [--seconds 3] [--rounds 3]
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const { TwoHosts, netnsAvailability } = require(path.join(root, 'dist/testing/index.js'));
// The functions the agents run: sink and send.
const fixtures = path.join(root, 'bench/fixtures/throughput.mjs');

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? dflt : Number(process.argv[i + 1]);
};
const RATE = arg('rate', 50);
const SECONDS = Math.min(arg('seconds', 3), 10);
const ROUNDS = Math.min(arg('rounds', 3), 10);

async function measure(hosts, server, client, ports, module, wantSubflows, cc) {
  const r = await client.call('send', module, module === 'net' ? ports[1] : ports[0], SECONDS, wantSubflows, cc);
  await client.call('sleep', 300); // in-flight bytes land
  const bytes = await server.call('received', r.key);
  return { mbit: (bytes * 8) / r.seconds / 1e6, multipath: r.multipath, subflows: r.subflows };
}

async function scenario(shaped) {
  const hosts = await TwoHosts.create({ paths: 2 });
  try {
    if (shaped) {
      for (const i of [1, 2]) {
        await hosts.server.shape(`sreth${i}`, { rateMbit: RATE });
        await hosts.client.shape(`cleth${i}`, { rateMbit: RATE });
      }
    }
    await hosts.server.mptcpLimits({ subflows: 2 });
    await hosts.client.mptcpLimits({ subflows: 2 });
    const [server, client] = await Promise.all([hosts.server.spawn(fixtures), hosts.client.spawn(fixtures)]);
    const ports = await server.call('sink');
    const cc = (await hosts.client.readSysctl('net.ipv4.tcp_congestion_control')).trim();
    // Unshaped, the congestion control matters: here MPTCP subflows under BBR
    // run far below the link (Python's sockets see the same), under cubic not.
    const cases = shaped
      ? [
          ['tcp, 1 path', 'net', 1, false, null],
          ['mptcp, 1 path', 'mptcp', 1, false, null],
          ['mptcp, 2 paths', 'mptcp', 2, true, null],
        ]
      : [
          [`tcp (${cc})`, 'net', 1, false, null],
          [`mptcp (${cc})`, 'mptcp', 1, false, null],
          ['tcp (cubic)', 'net', 1, false, 'cubic'],
          ['mptcp (cubic)', 'mptcp', 1, false, 'cubic'],
        ];
    const results = Object.fromEntries(cases.map(([name]) => [name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, module, subflows, endpoint, cong] of cases) {
        if (endpoint) await hosts.client.mptcpEndpoint('198.51.100.2', { dev: 'cleth2', flags: ['subflow'] });
        const r = await measure(hosts, server, client, ports, module, subflows, cong);
        if (endpoint) await hosts.client.ip('mptcp', 'endpoint', 'flush');
        if (module === 'mptcp' && (!r.multipath || r.subflows !== subflows)) {
          throw new Error(`${name}: expected MPTCP with ${subflows} subflow(s), got multipath=${r.multipath} subflows=${r.subflows}`);
        }
        results[name].push(r.mbit);
      }
    }
    return { results, cc };
  } finally {
    await hosts.destroy();
  }
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main() {
  const avail = netnsAvailability();
  if (!avail.ok) {
    console.error(`throughput needs private network namespaces: ${avail.reason}`);
    process.exit(2);
  }
  for (const shaped of [true, false]) {
    const { results: res } = await scenario(shaped);
    console.log(shaped ? `Shaped: two paths of ${RATE} Mbit/s (tbf), ${SECONDS} s per run, ${ROUNDS} rounds, median` : `Unshaped veth, CPU-bound, ${SECONDS} s per run, ${ROUNDS} rounds, median`);
    const names = Object.keys(res);
    for (const [i, [name, xs]] of Object.entries(res).entries()) {
      // each MPTCP case against the TCP case of its group (same congestion control)
      const baseName = shaped ? names[0] : names[i < 2 ? 0 : 2];
      const m = median(xs);
      const base = median(res[baseName]);
      console.log(`  ${name.padEnd(16)} ${m.toFixed(1).padStart(9)} Mbit/s   ×${(m / base).toFixed(2)} of ${baseName}   (runs: ${xs.map((x) => x.toFixed(0)).join(', ')})`);
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
