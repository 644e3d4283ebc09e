'use strict';
// The fd/handle leak check's child process (test/integration/leak.test.ts),
// run alone in its own network namespace so its counts are its own.
//
//   node leak-child.cjs DIST CYCLES CONCURRENCY
//
// Makes CYCLES connections through mptcp, CONCURRENCY at a time, over
// loopback (IPv4, IPv6, and by name), of three kinds: MPTCP on both ends; an MPTCP
// client to a `multipath: false` server (the client falls back); a
// `multipath: false` client to an MPTCP server (the accepted socket falls
// back). Each end calls info() and subflows() and checks what they say; the
// server closes first, the client on 'end'. Before the run (after a warm-up
// with the same kinds, so lazily made process-wide fds are counted) and after
// it (servers closed), it counts /proc/self/fd and process.getActiveResourcesInfo().
// Prints one JSON line with the figures; exits 1 on a wrong answer.
const fs = require('node:fs');
const path = require('node:path');

const [dist, cyclesArg, concurrencyArg] = process.argv.slice(2);
const mptcp = require(path.resolve(dist, 'index.js'));
const CYCLES = Number(cyclesArg);
const CONCURRENCY = Number(concurrencyArg);
const DEADLINE = Date.now() + 300_000; // bounded, whatever happens

const fds = () => fs.readdirSync('/proc/self/fd').length; // includes readdir's own fd, every time alike
// Read from a setImmediate callback (see pause()), where no timer of ours is pending: timers count too.
const handles = () => process.getActiveResourcesInfo().sort();
const pause = (ms) => new Promise((r) => setTimeout(() => setImmediate(r), ms));

// kind: [server multipath, client multipath, expect multipath]
const KINDS = [
  { name: 'mptcp', server: true, client: true, multipath: true },
  { name: 'client-fallback', server: false, client: true, multipath: false },
  { name: 'server-fallback', server: true, client: false, multipath: false },
];
// [listen on, connect to]: by address, and by name (the lookup hook, one
// MPTCP fd per address tried, the winner's moved with dup()).
const HOSTS = [
  ['127.0.0.1', '127.0.0.1'],
  ['::1', '::1'],
  ['127.0.0.1', 'localhost'],
];

function check(socket, kind, side) {
  const info = socket.info();
  const list = socket.subflows();
  const ok =
    socket.multipath === kind.multipath &&
    (info !== null) === kind.multipath &&
    (!kind.multipath || info.subflowsTotal >= 1) &&
    list.length === 1 &&
    list[0].local.port > 0 &&
    list[0].remote.port > 0;
  if (!ok) {
    throw new Error(
      `${side} of a ${kind.name} connection: multipath ${socket.multipath}, info ${JSON.stringify(info, (k, v) => (typeof v === 'bigint' ? String(v) : v))}, ${list.length} subflows`,
    );
  }
}

async function listen(kind, [host]) {
  const server = mptcp.createServer({ multipath: kind.server }, (s) => {
    s.on('error', fail);
    check(s, kind, 'server');
    s.end();
    s.resume();
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  return server;
}

function fail(err) {
  console.error(err && err.stack ? err.stack : String(err));
  process.exit(1);
}

function once(server, kind, [, host]) {
  return new Promise((resolve, reject) => {
    const c = mptcp.connect({ port: server.address().port, host, multipath: kind.client });
    c.once('error', reject);
    c.once('connect', () => {
      try {
        check(c, kind, 'client');
      } catch (err) {
        reject(err);
        c.destroy();
        return;
      }
      c.resume();
    });
    c.once('end', () => c.end());
    c.once('close', (hadError) => (hadError ? reject(new Error('closed with an error')) : resolve()));
  });
}

async function run(cycles) {
  const servers = [];
  for (const kind of KINDS) for (const host of HOSTS) servers.push({ kind, host, server: await listen(kind, host) });
  const counts = Object.fromEntries(KINDS.map((k) => [k.name, 0]));
  let next = 0;
  async function worker() {
    while (next < cycles) {
      if (Date.now() > DEADLINE) throw new Error(`deadline passed after ${next} cycles`);
      const s = servers[next++ % servers.length];
      await once(s.server, s.kind, s.host);
      counts[s.kind.name]++;
    }
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, cycles) }, worker));
  await Promise.all(servers.map((s) => new Promise((r) => s.server.close(r))));
  return counts;
}

/** Waits (bounded) until the loop has closed what was closed: close callbacks run a turn later. */
async function settle(expected) {
  for (let i = 0; i < 200; i++) {
    await pause(10);
    if (handles().join() === expected.join() && fds() === expected.fds) return;
  }
}

(async () => {
  await run(KINDS.length * HOSTS.length * 10); // warm-up: every kind and family once or more
  await pause(50);
  const baseline = { fds: fds(), handles: handles() };
  const t0 = process.hrtime.bigint();
  const counts = await run(CYCLES);
  const ms = Number((process.hrtime.bigint() - t0) / 1_000_000n);
  const want = Object.assign(baseline.handles.slice(), { fds: baseline.fds });
  await settle(want);
  const after = { fds: fds(), handles: handles() };
  console.log(JSON.stringify({ cycles: CYCLES, concurrency: CONCURRENCY, counts, ms, baseline, after, rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20) }));
})().catch(fail);
