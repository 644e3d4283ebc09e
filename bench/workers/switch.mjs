// Streaming through a path failure (the switching case).
//   node switch.mjs --role sink --module net|mptcp
//     hashes and times every arrival of each connection; 'result' { since }
//     answers for the last connection once it has ended: its bytes, SHA-256,
//     and the longest gap between arrivals after `since` (epoch ms).
//   node switch.mjs --role source
//     'send' { module, host, port, seconds, failover, sampleMs }: connects,
//     streams random bytes for `seconds`, ends, and waits for the close; its
//     bytes and SHA-256, the 'failover' events, and every subflow's bytes
//     acked every `sampleMs` (epoch ms), for the throughput series.
// Times are epoch milliseconds (performance.timeOrigin + now): the harness
// marks the fault on the same clock.
import crypto from 'node:crypto';
import net from 'node:net';
import { arg, loadMptcp, serve, withTimeout } from './serve.mjs';

const mptcp = loadMptcp();
const now = () => performance.timeOrigin + performance.now();

if (arg('role', 'source') === 'sink') {
  let last = null;
  const onConnection = (s) => {
    const rec = { at: [], bytes: 0, hash: crypto.createHash('sha256'), done: null };
    last = rec;
    s.on('data', (d) => {
      rec.at.push(now());
      rec.bytes += d.length;
      rec.hash.update(d);
    });
    rec.done = new Promise((resolve) => s.once('end', resolve));
    s.on('end', () => s.end());
    s.on('error', () => {});
  };
  const server = (arg('module', 'mptcp') === 'mptcp' ? mptcp : net).createServer(onConnection);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host: '0.0.0.0' }, resolve);
  });
  serve(
    { port: server.address().port },
    {
      async result({ since }) {
        if (!last) throw new Error('no connection yet');
        const rec = last;
        await withTimeout(rec.done, 120_000, 'the end of the stream');
        let stall = 0;
        let prev = since;
        for (const t of rec.at) {
          if (t < since) continue;
          stall = Math.max(stall, t - prev);
          prev = t;
        }
        return { bytes: rec.bytes, sha256: rec.hash.digest('hex'), stallMs: stall };
      },
    },
  );
} else {
  const block = crypto.randomBytes(4 << 20);
  const chunk = 64 << 10;

  async function send({ module, host, port, seconds, failover = false, sampleMs = 50 }) {
    const s = module === 'mptcp' ? mptcp.connect({ port, host, failover }) : net.connect(port, host);
    const events = [];
    s.on('failover', (e) => events.push({ at: now(), signal: e.signal, action: e.action, ok: e.ok, local: e.subflow.local.address }));
    s.on('error', () => {});
    const closed = new Promise((resolve) => s.once('close', resolve));
    s.resume();
    await withTimeout(new Promise((r) => s.once('connect', r)), 10_000, 'connect');
    const hash = crypto.createHash('sha256');
    const series = [];
    const sample = () => {
      try {
        for (const f of mptcp.subflows(s)) series.push({ at: now(), local: f.local.address, bytesAcked: Number(f.tcpInfo.bytesAcked ?? 0) });
      } catch {
        // closed meanwhile
      }
    };
    const sampler = setInterval(sample, sampleMs);
    let bytes = 0;
    let offset = 0;
    const stopAt = performance.now() + seconds * 1000;
    let facts = null;
    await new Promise((resolve) => {
      const pump = () => {
        while (performance.now() < stopAt) {
          const piece = block.subarray(offset, offset + chunk);
          offset = (offset + chunk) % block.length;
          hash.update(piece);
          bytes += piece.length;
          if (!s.write(piece)) return void s.once('drain', pump);
          // The second subflow joins after the first data: note what the connection became while it runs.
          facts ??= bytes > 8 << 20 ? { multipath: mptcp.isMultipath(s), subflows: mptcp.subflows(s).length } : null;
        }
        resolve();
      };
      pump();
    });
    s.end();
    await withTimeout(closed, 120_000, 'the close');
    clearInterval(sampler);
    return { bytes, sha256: hash.digest('hex'), events, series, ...(facts ?? { multipath: false, subflows: 0 }) };
  }

  serve({}, { send });
}
