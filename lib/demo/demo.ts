// `npm start`: Multipath TCP, live. As root: two private hosts (network
// namespaces) joined by two shaped links, a client streaming to a server,
// and a table of the connection's subflows refreshed as data moves.
// Without root: the same socket API on loopback, and what it cannot show.
import net from 'node:net';
import path from 'node:path';
import mptcp from '../index';
import { netnsAvailability, TwoHosts } from '../testing/index';
import type { Snapshot } from './stream';

/** The functions the agents run, in the namespaces. */
type Stream = typeof import('./stream');
const streamModule = path.join(__dirname, 'stream.js');

const RATES = [20, 10]; // Mbit/s of path 1 and path 2
const SECONDS = 8;
const tty = process.stdout.isTTY === true;

const bold = (s: string) => (tty ? `\x1b[1m${s}\x1b[0m` : s);
const dim = (s: string) => (tty ? `\x1b[2m${s}\x1b[0m` : s);

function mbit(bytes: bigint | number, seconds: number): string {
  return ((Number(bytes) * 8) / seconds / 1e6).toFixed(1);
}

function pad(s: string | number, n: number, right = false): string {
  const t = String(s);
  return right ? t.padStart(n) : t.padEnd(n);
}

function table(snap: Snapshot, previous: Snapshot | undefined): string[] {
  const lines = [
    bold(`${pad('id', 3)} ${pad('local', 22)} ${pad('remote', 22)} ${pad('acked MB', 9, true)} ${pad('Mbit/s', 7, true)} ${pad('rtt ms', 7, true)} ${pad('cwnd', 5, true)}`),
  ];
  for (const f of snap.subflows) {
    const acked = (f.tcpInfo.bytesAcked ?? 0n) as bigint;
    const before = previous?.subflows.find((p) => p.id === f.id)?.tcpInfo.bytesAcked ?? acked;
    const dt = previous ? snap.elapsed - previous.elapsed : 1;
    lines.push(
      [
        pad(f.id, 3),
        pad(`${f.local.address}:${f.local.port}`, 22),
        pad(`${f.remote.address}:${f.remote.port}`, 22),
        pad((Number(acked) / 1e6).toFixed(2), 9, true),
        pad(mbit(acked - (before as bigint), dt), 7, true),
        pad(((f.tcpInfo.rtt ?? 0) / 1000).toFixed(1), 7, true),
        pad(f.tcpInfo.sndCwnd ?? 0, 5, true),
      ].join(' '),
    );
  }
  lines.push(dim(`${snap.subflowsTotal} subflow(s), ${(Number(snap.sent) / 1e6).toFixed(2)} MB sent in ${snap.elapsed.toFixed(1)} s`));
  return lines;
}

async function twoPaths(): Promise<void> {
  console.log(bold('Multipath TCP demo: two hosts, two paths'));
  const hosts = await TwoHosts.create({ paths: 2, server: { prefix: 'mptcp-demo-srv' }, client: { prefix: 'mptcp-demo-cli' } });
  try {
    for (const [i, rate] of RATES.entries()) {
      await hosts.server.shape(`sreth${i + 1}`, { rateMbit: rate });
      await hosts.client.shape(`cleth${i + 1}`, { rateMbit: rate });
    }
    await hosts.server.mptcpLimits({ subflows: 1 });
    await hosts.client.mptcpLimits({ subflows: 1 });
    await hosts.client.mptcpEndpoint('198.51.100.2', { dev: 'cleth2', flags: ['subflow'] });
    console.log(
      `  path 1: 192.0.2.2 ⇄ 192.0.2.1 at ${RATES[0]} Mbit/s, path 2: 198.51.100.2 ⇄ 198.51.100.1 at ${RATES[1]} Mbit/s` +
        `\n  (namespaces ${hosts.client.name} and ${hosts.server.name}; the client has a "subflow" endpoint on path 2)\n`,
    );
    const [server, client] = await Promise.all([hosts.server.spawn<Stream>(streamModule), hosts.client.spawn<Stream>(streamModule)]);
    const port = await server.call('startSink');
    await client.call('startStream', port, SECONDS);

    let previous: Snapshot | undefined;
    let printed = 0;
    // Redraw in place on a terminal; elsewhere, a table a second.
    const interval = tty ? 500 : 1000;
    for (let i = 0; i < (SECONDS * 1000) / interval + 20; i++) {
      await new Promise((r) => setTimeout(r, interval));
      const snap = await client.call('observe');
      if (!snap) break;
      const lines = table(snap, previous);
      if (tty && printed) process.stdout.write(`\x1b[${printed}A\x1b[J`);
      for (const e of snap.events) console.log(`  event: ${e}`);
      console.log(lines.join('\n'));
      printed = tty ? lines.length : 0;
      previous = snap;
    }
    const result = await client.call('finish');
    const received = await server.call('sinkResult');
    const [sc, cc] = await Promise.all([hosts.server.counters(), hosts.client.counters()]);
    console.log(`\n${bold('Totals')}`);
    const carried = result.subflows.reduce((sum, f) => sum + Number(f.bytes), 0);
    for (const f of result.subflows) {
      const share = (Number(f.bytes) / carried) * 100;
      console.log(`  subflow ${f.id} ${pad(f.local, 15)} ${(Number(f.bytes) / 1e6).toFixed(2)} MB (${share.toFixed(0)} %)`);
    }
    const rate = mbit(BigInt(result.sent), result.seconds);
    console.log(
      `  ${(Number(result.sent) / 1e6).toFixed(2)} MB in ${result.seconds.toFixed(1)} s = ${rate} Mbit/s ` +
        `over links of ${RATES.join(' + ')} Mbit/s (one path alone: at most ${Math.max(...RATES)})`,
    );
    console.log(`  SHA-256 sent ${result.sha256.slice(0, 16)}…, received ${received.sha256.slice(0, 16)}… ${result.sha256 === received.sha256 ? 'equal' : 'DIFFERENT'}`);
    console.log(
      `  kernel counters: client MPCapableSYNTX ${cc.MPTcpExtMPCapableSYNTX}, MPJoinSynTx ${cc.MPTcpExtMPJoinSynTx}; ` +
        `server MPCapableSYNRX ${sc.MPTcpExtMPCapableSYNRX}, MPJoinAckRx ${sc.MPTcpExtMPJoinAckRx}`,
    );
  } finally {
    await hosts.destroy();
  }
}

async function loopback(why: string): Promise<void> {
  const support = mptcp.support();
  console.log(bold('Multipath TCP demo: loopback only'));
  console.log(`  ${why}\n`);
  console.log(`  support(): ${JSON.stringify(support)}`);
  const server = mptcp.createServer((s) => s.pipe(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  const s = mptcp.connect(port, '127.0.0.1');
  await new Promise((r) => s.once('connect', r));
  s.write(Buffer.alloc(1 << 20));
  let echoed = 0;
  await new Promise<void>((resolve) => s.on('data', (d: Buffer) => (echoed += d.length) >= 1 << 20 && resolve()));
  console.log(`  connected to 127.0.0.1:${port}; multipath: ${s.multipath}; fallbackReason: ${s.fallbackReason}`);
  if (s.multipath) {
    const info = s.info()!;
    console.log(`  token ${info.token?.toString(16)}, ${info.subflowsTotal} subflow, ${info.bytesSent} bytes sent, ${echoed} echoed back`);
    for (const f of s.subflows()) {
      console.log(`  subflow ${f.id}: ${f.local.address}:${f.local.port} → ${f.remote.address}:${f.remote.port}, rtt ${f.tcpInfo.rtt} µs`);
    }
  }
  console.log(
    '\n  What this cannot show: a second path. Loopback is one path, and making more needs network\n' +
      '  namespaces and veth links, which need root. Run it as root (sudo npm start) to see two\n' +
      '  paths carry one connection.',
  );
  s.destroy();
  server.close();
}

async function main(): Promise<void> {
  const ns = netnsAvailability();
  const support = mptcp.support();
  if (!support.supported) {
    await loopback(`No MPTCP here (${support.reason}): sockets fall back to plain TCP, as shown below.`);
  } else if (!ns.ok) {
    await loopback(`Two paths need private network namespaces: ${ns.reason}.`);
  } else {
    await twoPaths();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
