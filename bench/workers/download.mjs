// Bulk download: the server sends, the client counts.
//   node download.mjs --role server --module net|mptcp --cc NAME
//     the congestion control is set on the listening socket, so every
//     accepted socket, the one that sends, has it from its first byte (this
//     works the same for node:net, mptcpize and ours; node:net has no way to
//     set it on a client socket before it connects).
//   node download.mjs --role client --module net|mptcp
//     'get': connects, asks for `bytes`, counts them; timed from before
//     connect() to the last byte.
import crypto from 'node:crypto';
import net from 'node:net';
import { arg, cpuSeconds, loadMptcp, serve, until, withTimeout } from './serve.mjs';

const mptcp = loadMptcp();
const mod = arg('module', 'net') === 'mptcp' ? mptcp : net;

function congestion(socket) {
  try {
    return mptcp.getsockopt(socket, 'TCP_CONGESTION');
  } catch (err) {
    return `? ${err.code ?? err.message}`;
  }
}

if (arg('role', 'client') === 'server') {
  const chunk = crypto.randomBytes(256 * 1024);
  const done = new Map(); // "address:port" of the client → figures
  const server = mod.createServer((s) => {
    const key = `${s.remoteAddress}:${s.remotePort}`;
    const cpu = process.cpuUsage();
    const cc = congestion(s);
    s.on('error', () => {});
    s.once('readable', function ask() {
      const head = s.read(8);
      if (head === null) return void s.once('readable', ask);
      let left = Number(head.readBigUInt64BE(0));
      const pump = () => {
        while (left > 0) {
          const n = Math.min(chunk.length, left);
          left -= n;
          if (!s.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void s.once('drain', pump);
        }
        s.end();
      };
      pump();
    });
    s.once('close', () => done.set(key, { cpuSeconds: cpuSeconds(cpu), cc, multipath: mptcp.isMultipath(s) }));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, resolve);
  });
  mptcp.setsockopt(server, 'TCP_CONGESTION', arg('cc', 'cubic'));
  serve(
    { port: server.address().port, cc: congestion(server) },
    {
      async stats({ key, timeoutMs = 10_000 }) {
        await until(() => done.has(key), timeoutMs, `the server's figures for ${key}`);
        const r = done.get(key);
        done.delete(key);
        return r;
      },
    },
  );
} else {
  /** Downloads `bytes` from the server at `port`, given up after `maxSeconds`. */
  async function get({ port, bytes, maxSeconds = 120 }) {
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const s = mod.connect(port, '127.0.0.1');
    let received = 0;
    let facts = null;
    const ended = new Promise((resolve, reject) => {
      s.on('data', (d) => {
        facts ??= { multipath: mptcp.isMultipath(s), cc: congestion(s) };
        received += d.length;
      });
      s.once('end', resolve);
      s.once('error', reject);
    });
    await withTimeout(new Promise((r) => s.once('connect', r)), 10_000, 'connect');
    const head = Buffer.alloc(8);
    head.writeBigUInt64BE(BigInt(bytes));
    s.write(head);
    await withTimeout(ended, maxSeconds * 1000, `${bytes} bytes`);
    const seconds = (performance.now() - t0) / 1000;
    const cpuUsed = cpuSeconds(cpu);
    const key = `${s.localAddress}:${s.localPort}`;
    s.destroy();
    if (received !== bytes) throw new Error(`asked for ${bytes} bytes, received ${received}`);
    return { key, bytes: received, seconds, cpuSeconds: cpuUsed, ...facts };
  }

  serve({}, { get });
}
