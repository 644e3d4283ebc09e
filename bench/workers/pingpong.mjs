// Round trips of small messages over one connection (the steering case).
//   node pingpong.mjs
//     'run' { host, port, paths, subflows, settleMs, count }: connects with
//     this package and the `paths` option, waits for `subflows` subflows and
//     `settleMs`, then sends `count` 100-byte messages one after the other to
//     an echo server, each once the previous came back: the median and 90th
//     percentile round trip (ms), and each subflow's smoothed RTT (ms).
//     'load' { host, port }: starts a plain TCP flow with cubic (it fills
//     queues; BBR would not) to a sink, and answers at once; 'unload' ends it.
import { loadMptcp, serve, until, withTimeout } from './serve.mjs';

const mptcp = loadMptcp();

async function run({ host, port, paths, subflows, settleMs, count }) {
  const s = mptcp.connect({ port, host, noDelay: true, paths });
  s.on('error', () => {});
  await withTimeout(new Promise((r) => s.once('connect', r)), 10_000, 'connect');
  const msg = Buffer.alloc(100, 1);
  const roundTrip = () =>
    new Promise((resolve) => {
      let got = 0;
      const onData = (d) => {
        got += d.length;
        if (got < msg.length) return;
        s.off('data', onData);
        resolve();
      };
      s.on('data', onData);
      s.write(msg);
    });
  await roundTrip(); // the connection is fully established once the peer answered
  await until(() => (mptcp.info(s)?.subflowsTotal ?? 0) >= subflows, 15_000, `${subflows} subflows`, 20);
  await new Promise((r) => setTimeout(r, settleMs));
  const times = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await withTimeout(roundTrip(), 10_000, 'a round trip');
    times.push(performance.now() - t0);
  }
  const rtts = Object.fromEntries(mptcp.subflows(s).map((f) => [f.local.address, (f.tcpInfo.rtt ?? 0) / 1000]));
  const facts = { multipath: mptcp.isMultipath(s), subflows: mptcp.subflows(s).length };
  s.destroy();
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return { medianMs: at(0.5), p90Ms: at(0.9), rtts, ...facts };
}

let load = null;

function startLoad({ host, port }) {
  const s = mptcp.connect({ port, host, multipath: false, socketOptions: { TCP_CONGESTION: 'cubic' } });
  s.on('error', () => {});
  const chunk = Buffer.alloc(64 << 10);
  const pump = () => {
    while (!s.destroyed) if (!s.write(chunk)) return void s.once('drain', pump);
  };
  s.once('connect', pump);
  load = s;
  return {};
}

serve({}, { run, load: startLoad, unload: () => void load?.destroy() }, { onEnd: () => load?.destroy() });
