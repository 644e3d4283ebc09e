// Sending for some seconds, client to server (the throughput case).
//   node stream.mjs --role sink --listen net,mptcp [--host 0.0.0.0]
//     counts what each connection sends; when the sender ends, answers with
//     the count (8 bytes) and closes.
//   node stream.mjs --role source
//     'send': connects, sends for `seconds`, ends, and waits for the sink's
//     count. Goodput is the count over the time from the first byte to the
//     answer, so bytes still queued when sending stops are both counted and
//     waited for.
import crypto from 'node:crypto';
import net from 'node:net';
import { arg, loadMptcp, serve, until, withTimeout } from './serve.mjs';

const mptcp = loadMptcp();

if (arg('role', 'source') === 'sink') {
  const counted = new Set(); // "address:port" of senders answered
  const onConnection = (s) => {
    const key = `${s.remoteAddress}:${s.remotePort}`;
    let bytes = 0;
    s.on('data', (d) => {
      bytes += d.length;
    });
    s.on('end', () => {
      const count = Buffer.alloc(8);
      count.writeBigUInt64BE(BigInt(bytes));
      s.end(count);
      counted.add(key);
    });
    s.on('error', () => {});
  };
  const ports = {};
  for (const kind of arg('listen', 'net').split(',')) {
    const server = (kind === 'mptcp' ? mptcp : net).createServer(onConnection);
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port: 0, host: arg('host', '127.0.0.1') }, resolve);
    });
    ports[kind] = server.address().port;
  }
  serve({ ports }, {});
} else {
  const chunk = crypto.randomBytes(256 * 1024);

  /**
   * module 'net' | 'mptcp'; with `cc`, this package's socket with
   * socketOptions.TCP_CONGESTION (set before connecting) and `multipath`
   * (false: plain TCP), since node:net has no socket to set it on in time.
   * `subflows`: wait for that many before timing; `sampleMs`: per-subflow
   * bytes acked every sampleMs (a time series).
   */
  async function send({ module, multipath = true, cc, host, port, seconds, subflows = 1, sampleMs, maxSeconds = 120 }) {
    const s = cc
      ? mptcp.connect({ port, host, multipath, socketOptions: { TCP_CONGESTION: cc } })
      : (module === 'mptcp' ? mptcp : net).connect(port, host);
    s.on('error', () => {});
    const closed = new Promise((resolve) => s.once('close', resolve));
    let answer = Buffer.alloc(0);
    const answered = new Promise((resolve) => {
      s.on('data', (d) => {
        answer = Buffer.concat([answer, d]);
        if (answer.length >= 8) resolve();
      });
      s.once('close', resolve);
    });
    await withTimeout(new Promise((r) => s.once('connect', r)), 10_000, 'connect');
    let pre = 0;
    if (subflows > 1) {
      // A join happens after the first data; wait for it before timing.
      pre = 1000;
      s.write(chunk.subarray(0, pre));
      await until(() => (mptcp.info(s)?.subflowsTotal ?? 0) >= subflows, 10_000, `${subflows} subflows`, 20);
    }
    const t0 = performance.now();
    const stopAt = t0 + seconds * 1000;
    const hardStop = t0 + maxSeconds * 1000;
    const series = [];
    const sample = () => {
      const t = (performance.now() - t0) / 1000;
      for (const f of mptcp.subflows(s)) series.push({ t, subflow: f.id, bytesAcked: Number(f.tcpInfo.bytesAcked ?? 0) });
    };
    const sampler = sampleMs ? setInterval(sample, sampleMs) : null;
    if (sampler) sample();
    let sent = 0;
    await new Promise((resolve, reject) => {
      const pump = () => {
        for (;;) {
          const now = performance.now();
          if (now >= stopAt) return resolve();
          if (now > hardStop) return reject(new Error(`a write did not drain within ${maxSeconds} s`));
          sent += chunk.length;
          if (!s.write(chunk)) return void s.once('drain', pump);
        }
      };
      pump();
    });
    const key = `${s.localAddress}:${s.localPort}`;
    const facts = { multipath: mptcp.isMultipath(s), subflows: mptcp.subflows(s).length, cc: mptcp.getsockopt(s, 'TCP_CONGESTION') };
    s.end();
    await withTimeout(answered, maxSeconds * 1000, "the sink's count");
    const elapsed = (performance.now() - t0) / 1000;
    if (sampler) {
      clearInterval(sampler);
      sample();
    }
    if (answer.length < 8) throw new Error('the sink closed without its count');
    const received = Number(answer.readBigUInt64BE(0)) - pre;
    if (received !== sent) throw new Error(`sent ${sent} bytes, the sink counted ${received}`);
    await withTimeout(closed, 10_000, 'close');
    return { key, bytes: received, seconds: elapsed, ...facts, series };
  }

  serve({}, { send });
}
