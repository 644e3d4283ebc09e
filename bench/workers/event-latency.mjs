// From calling connect() to the CREATED path-manager event delivered to
// JavaScript (this package's pm.events()), one connection at a time; also
// from the moment node issues connect(2), which is where the Python anchor's
// clock starts.
import { once } from 'node:events';
import { loadMptcp, serve, withTimeout } from './serve.mjs';

const mptcp = loadMptcp();

async function run({ port, count }) {
  const ev = mptcp.pm.events();
  await ev.ready;
  const latenciesNs = [];
  const fromSyscallNs = [];
  try {
    for (let i = 0; i < count; i++) {
      const t0 = process.hrtime.bigint();
      const s = mptcp.connect(port, '127.0.0.1');
      s.on('error', () => {});
      // For an IP literal node issues connect(2) on the next tick, through
      // its handle's connect(); on loopback the kernel emits CREATED inside it.
      let tSyscall = 0n;
      const handle = s._handle;
      const handleConnect = handle.connect;
      handle.connect = function (...args) {
        tSyscall = process.hrtime.bigint();
        return Reflect.apply(handleConnect, this, args);
      };
      let on;
      const created = new Promise((resolve) => {
        on = (e) => {
          if (e.serverSide || e.localPort !== s.localPort) return;
          resolve(process.hrtime.bigint());
        };
        ev.on('created', on);
      });
      let t;
      try {
        t = await withTimeout(created, 5000, `the CREATED event of connection ${i}`);
      } finally {
        ev.off('created', on);
      }
      latenciesNs.push(Number(t - t0));
      fromSyscallNs.push(tSyscall ? Number(t - tSyscall) : NaN);
      await withTimeout(new Promise((r) => (s.connecting ? s.once('connect', r) : r())), 5000, 'connect');
      // Closed before the next one: its teardown (node's close callbacks) is not the next one's latency.
      s.destroy();
      await withTimeout(once(s, 'close'), 5000, 'close');
    }
  } finally {
    ev.close();
  }
  return { latenciesNs, fromSyscallNs };
}

serve({}, { run });
