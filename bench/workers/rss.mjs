// Memory of idle connections. Run with --expose-gc.
//   node --expose-gc rss.mjs --role server|client --module net|mptcp
// The server accepts and keeps every connection; the client opens `count`
// and keeps them. Neither sends anything.
import net from 'node:net';
import { arg, loadMptcp, serve, until } from './serve.mjs';

const mptcp = loadMptcp();
const mod = arg('module', 'net') === 'mptcp' ? mptcp : net;
const kept = [];

/** RSS after two full collections (what is still referenced, plus what V8 keeps). */
async function rss() {
  for (let i = 0; i < 2; i++) {
    globalThis.gc();
    await new Promise((r) => setImmediate(r));
  }
  return { rss: process.memoryUsage().rss, connections: kept.length };
}

if (arg('role', 'client') === 'server') {
  const server = mod.createServer((c) => {
    c.on('error', () => {});
    kept.push(c);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve);
  });
  serve(
    { port: server.address().port },
    {
      rss,
      async wait({ count, timeoutMs }) {
        await until(() => kept.length >= count, timeoutMs, `${count} accepted connections`, 10);
        return { connections: kept.length, multipath: mptcp.isMultipath(kept[0]) };
      },
    },
  );
} else {
  serve(
    {},
    {
      rss,
      /** Opens `count` connections, `inflight` at a time, within `timeoutMs`. */
      async open({ port, count, inflight, timeoutMs }) {
        const deadline = Date.now() + timeoutMs;
        let started = 0;
        let failed = null;
        await new Promise((resolve, reject) => {
          const one = () => {
            if (started === count) return;
            if (Date.now() > deadline) return reject(new Error(`${kept.length} of ${count} connections within ${timeoutMs} ms`));
            started++;
            const s = mod.connect(port, '127.0.0.1');
            s.once('error', (err) => {
              failed ??= err;
              reject(failed);
            });
            s.once('connect', () => {
              kept.push(s);
              if (kept.length === count) resolve();
              else one();
            });
          };
          for (let i = 0; i < inflight; i++) one();
        });
        return { connections: kept.length, multipath: mptcp.isMultipath(kept[0]) };
      },
    },
  );
}
