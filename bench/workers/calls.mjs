// Cost per call of info(), subflows(), isMultipath() on an MPTCP loopback
// connection of this package (both ends in this process), and, for scale,
// of one getsockname() through node's own TCP handle (socket.address() would
// not do: node caches its answer after the first call).
import { loadMptcp, serve } from './serve.mjs';

const mptcp = loadMptcp();
const server = mptcp.createServer((c) => c.on('error', () => {}).resume());
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const socket = mptcp.connect(server.address().port, '127.0.0.1');
await new Promise((resolve, reject) => {
  socket.once('connect', resolve);
  socket.once('error', reject);
});
socket.write('x'); // a connection that has carried data, as in use
await new Promise((r) => setTimeout(r, 50));
if (!mptcp.isMultipath(socket)) throw new Error('the loopback connection is not MPTCP');

const CALLS = {
  info: () => mptcp.info(socket),
  subflows: () => mptcp.subflows(socket),
  isMultipath: () => mptcp.isMultipath(socket),
  getsockname: () => socket._handle.getsockname({}) === 0,
};

/** µs per call over `iterations` calls (fewer if `maxMs` runs out first). */
function time(fn, iterations, maxMs) {
  let keep = 0;
  const t0 = performance.now();
  const deadline = t0 + maxMs;
  let i = 0;
  while (i < iterations) {
    if (fn()) keep++; // used, so the call cannot be optimised away
    i++;
    if ((i & 255) === 0 && performance.now() > deadline) break;
  }
  const us = ((performance.now() - t0) * 1000) / i;
  if (keep !== i) throw new Error('a call returned nothing');
  return { us, iterations: i };
}

serve(
  {},
  {
    run: ({ fn, iterations, maxMs = 10_000 }) => time(CALLS[fn], iterations, maxMs),
  },
);
