// The demo's agent functions: they run inside the namespaces, in agents
// started for this module (dist/demo/stream.js), called by name from demo.ts.
import type { Hash } from 'node:crypto';
import type { AgentContext } from '../testing/index';
import type { Subflow } from '../net/info';
import type { Socket } from '../net/socket';

export interface Snapshot {
  events: string[];
  elapsed: number;
  subflows: Subflow[];
  sent: string;
  subflowsTotal: number;
}

export interface SinkResult {
  bytes: number;
  sha256: string;
  multipath: boolean;
}

interface Run {
  s: Socket;
  hash: Hash;
  sent: number;
  started: number;
  done: boolean;
  seconds: number;
  events: string[];
}

/** The server: hashes what arrives, for comparison at the end. */
export async function startSink({ mptcp, state, crypto }: AgentContext): Promise<number> {
  const hash = crypto.createHash('sha256');
  let bytes = 0;
  // allowHalfOpen and no end(): the client reads its final counters, then hangs up.
  const srv = mptcp.createServer({ allowHalfOpen: true }, (s) => {
    s.on('data', (d: Buffer) => {
      hash.update(d);
      bytes += d.length;
    });
    s.on('end', () => {
      state.set('sink', { bytes, sha256: hash.digest('hex'), multipath: mptcp.isMultipath(s) });
    });
    s.on('error', () => {});
  });
  await new Promise<void>((r) => srv.listen(0, '0.0.0.0', r));
  state.set('server', srv);
  return (srv.address() as { port: number }).port;
}

export async function sinkResult({ state, waitFor }: AgentContext): Promise<SinkResult> {
  return (await waitFor(() => state.get('sink'), { what: 'the server' })) as SinkResult;
}

/** The client: streams for `seconds`, as fast as the shaped links take it. */
export async function startStream({ mptcp, state, crypto }: AgentContext, port: number, seconds: number): Promise<void> {
  // allowHalfOpen: keep the socket after the server's FIN, to read the final counters
  const s = mptcp.connect({ port, host: '192.0.2.1', allowHalfOpen: true });
  await new Promise((r) => s.once('connect', r));
  const hash = crypto.createHash('sha256');
  const chunk = crypto.randomBytes(64 * 1024);
  const started = Date.now();
  const run: Run = { s, hash, sent: 0, started, done: false, seconds: 0, events: [] };
  state.set('run', run);
  // The connection's own path-manager events (the client's endpoint adds path 2).
  s.on('subflow', (e) => run.events.push(`subflow joined: ${e.localAddress} -> ${e.remoteAddress} (local id ${e.localId})`));
  s.on('subflowClosed', (e) => run.events.push(`subflow closed: ${e.localAddress}`));
  // Write while there is room, for `seconds`; the links' shaping sets the pace.
  const pump = () => {
    while (Date.now() - started < seconds * 1000) {
      hash.update(chunk);
      run.sent += chunk.length;
      if (!s.write(chunk)) return void s.once('drain', pump);
    }
    s.once('finish', () => {
      run.seconds = (Date.now() - started) / 1000;
      run.done = true;
    });
    s.end();
  };
  pump();
}

/** The connection now, or null once the stream has ended. */
export function observe({ state }: AgentContext): Snapshot | null {
  const run = state.get('run') as Run;
  if (run.done) return null;
  return {
    events: run.events.splice(0),
    elapsed: (Date.now() - run.started) / 1000,
    subflows: run.s.subflows(),
    sent: String(run.s.info()?.bytesAcked ?? 0n),
    subflowsTotal: run.s.info()?.subflowsTotal ?? 1,
  };
}

export async function finish({ state, waitFor }: AgentContext) {
  const run = state.get('run') as Run;
  await waitFor(() => run.done, { what: 'the stream to end', timeout: 60_000 });
  // Every byte acknowledged (plus DATA_FIN): the per-subflow counters are final.
  await waitFor(() => (run.s.info()?.bytesAcked ?? 0n) >= BigInt(run.sent), { what: 'the last ack', timeout: 30_000 });
  const subflows = run.s.subflows();
  const seconds = (Date.now() - run.started) / 1000; // to the last ack
  run.s.destroy();
  return {
    sent: run.sent,
    seconds,
    sha256: run.hash.digest('hex'),
    subflows: subflows.map((f) => ({ id: f.id, local: f.local.address, bytes: String(((f.tcpInfo.bytesAcked ?? 1n) as bigint) - 1n) })),
  };
}
