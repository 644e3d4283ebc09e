// The load generator (under `mptcpize run` for MPTCP).
//   keep-alive: autocannon, driven from here so that latencies are taken
//     from its 'response' events at sub-millisecond resolution (its own
//     histogram counts whole milliseconds, and loopback answers in less).
//   a new connection per request: a loop of its own per connection: connect,
//     GET with `Connection: close`, read until the server closes. autocannon
//     cannot do this cleanly: after each response it writes the next request
//     on the connection the server is closing, and counts the EPIPE and
//     ECONNRESET that follow as errors (reconnectRate does reconnect, but then
//     counts no responses).
import net from 'node:net';
import { createRequire } from 'node:module';
import { percentile } from '../lib/stats.mjs';
import { serve } from './serve.mjs';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');
const MAX_SAMPLES = 4_000_000;
const latencies = new Float64Array(MAX_SAMPLES);

function count(codes, err) {
  const code = err.code ?? err.message;
  codes[code] = (codes[code] ?? 0) + 1;
}

async function keepAlive({ port, connections, seconds }) {
  let n = 0;
  const errorCodes = {};
  const instance = autocannon({
    url: `http://127.0.0.1:${port}/`,
    connections,
    duration: seconds,
    timeout: 10,
    setupClient: (client) => client.on('connError', (err) => count(errorCodes, err)),
  });
  instance.on('response', (_client, _status, _bytes, ms) => {
    if (n < MAX_SAMPLES) latencies[n++] = ms;
  });
  const t0 = performance.now();
  const result = await instance;
  const elapsed = (performance.now() - t0) / 1000;
  return { requests: result.requests.total, samples: n, seconds: elapsed, errors: result.errors, errorCodes, timeouts: result.timeouts, non2xx: result.non2xx };
}

async function newConnectionEach({ port, connections, seconds }) {
  const request = Buffer.from(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
  let n = 0;
  let errors = 0;
  let non2xx = 0;
  let timeouts = 0;
  const errorCodes = {};
  const t0 = performance.now();
  const stopAt = t0 + seconds * 1000;
  const loop = () =>
    new Promise((resolve) => {
      const one = () => {
        if (performance.now() >= stopAt) return resolve();
        const start = performance.now();
        const s = net.connect(port, '127.0.0.1');
        let status = '';
        s.setTimeout(10_000, () => {
          timeouts++;
          s.destroy();
        });
        s.write(request);
        s.on('data', (d) => {
          if (status.length < 12) status += d.subarray(0, 12).toString('latin1');
        });
        s.on('error', (err) => {
          errors++;
          count(errorCodes, err);
        });
        s.once('close', (hadError) => {
          if (!hadError && status.startsWith('HTTP/1.1 200')) {
            if (n < MAX_SAMPLES) latencies[n++] = performance.now() - start;
          } else if (!hadError) non2xx++;
          one();
        });
      };
      one();
    });
  await Promise.all(Array.from({ length: connections }, loop));
  const elapsed = (performance.now() - t0) / 1000;
  return { requests: n, samples: n, seconds: elapsed, errors, errorCodes, timeouts, non2xx };
}

/** `connections` at a time for `seconds`; with `close`, a new connection per request. */
async function run({ close, ...opts }) {
  const r = await (close ? newConnectionEach : keepAlive)(opts);
  const sorted = latencies.subarray(0, r.samples).sort();
  return { ...r, reqPerSec: r.requests / r.seconds, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99) };
}

serve({ autocannon: require('autocannon/package.json').version }, { run });
