// From calling connect() to the CREATED path-manager event delivered to
// JavaScript (this package's pm.events()), one connection at a time.
import { loadMptcp, serve, withTimeout } from './serve.mjs';

const mptcp = loadMptcp();

async function run({ port, count }) {
  const ev = mptcp.pm.events();
  await ev.ready;
  const out = [];
  try {
    for (let i = 0; i < count; i++) {
      const t0 = process.hrtime.bigint();
      const s = mptcp.connect(port, '127.0.0.1');
      s.on('error', () => {});
      let on;
      const created = new Promise((resolve) => {
        on = (e) => {
          if (e.serverSide || e.localPort !== s.localPort) return;
          resolve(Number(process.hrtime.bigint() - t0));
        };
        ev.on('created', on);
      });
      try {
        out.push(await withTimeout(created, 5000, `the CREATED event of connection ${i}`));
      } finally {
        ev.off('created', on);
      }
      await withTimeout(new Promise((r) => (s.connecting ? s.once('connect', r) : r())), 5000, 'connect');
      s.destroy();
    }
  } finally {
    ev.close();
  }
  return { latenciesNs: out };
}

serve({}, { run });
