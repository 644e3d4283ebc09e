// Connection rate: connect, 1 byte each way, close; `inflight` at a time.
//   node connections.mjs --module net|mptcp [--serve] [--memory off]
// With --serve, an echo server of the same module runs in this process
// (both ends here); otherwise the harness passes the port of a server
// running elsewhere.
import net from 'node:net';
import { arg, cpuSeconds, loadMptcp, serve } from './serve.mjs';

const mptcp = loadMptcp();
const mod = arg('module', 'net') === 'mptcp' ? mptcp : net;
// Without the memory of plain peers, every connection to a plain server tries MPTCP first.
if (arg('memory', 'on') === 'off') mptcp.fallbackCache.ttl = 0;
const ONE = Buffer.from('x');

let port = null;
if (process.argv.includes('--serve')) {
  const server = mod.createServer((c) => {
    c.on('data', (d) => c.write(d));
    c.on('error', () => {});
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve);
  });
  port = server.address().port;
}

/** `count` connections, `inflight` at a time, given up after `maxSeconds`. */
async function run({ count, inflight, port: target = port, host = '127.0.0.1', maxSeconds }) {
  let started = 0;
  let closed = 0;
  let firstError = null;
  let errors = 0;
  let multipath = null;
  let fallback = null;
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const deadline = t0 + maxSeconds * 1000;
  await new Promise((resolve, reject) => {
    const open = () => {
      if (started === count) return;
      if (performance.now() > deadline) return reject(new Error(`${closed} of ${count} connections after ${maxSeconds} s`));
      started++;
      const s = mod.connect(target, host);
      s.once('connect', () => s.write(ONE));
      s.once('data', () => {
        // What this connection really was, checked once per run.
        if (multipath === null) {
          multipath = mptcp.isMultipath(s);
          fallback = mptcp.fallbackReason(s);
        }
        s.destroy();
      });
      s.on('error', (err) => {
        errors++;
        firstError ??= err.code ?? err.message;
      });
      s.once('close', () => {
        if (++closed === count) resolve();
        else open();
      });
    };
    for (let i = 0; i < inflight; i++) open();
  });
  const seconds = (performance.now() - t0) / 1000;
  if (errors) throw new Error(`${errors} of ${count} connections failed (first: ${firstError})`);
  return { seconds, connPerSec: count / seconds, cpuUsPerConn: (cpuSeconds(cpu) * 1e6) / count, multipath, fallback };
}

serve({ port }, { run });
