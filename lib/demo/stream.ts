// The demo's agent functions: they run inside the namespaces, in agents
// started for this module (dist/demo/stream.js), called by name from demo.ts.
//
// A download: the server sends random bytes until told to stop, the client
// receives them and is watched. What each path carried comes from the
// subflows' tcp_info (bytes_received per subflow), which every kernel with
// subflows() fills (5.16+); mptcp_info's byte counters need 6.5, so they
// are not used. Both ends hash the stream: equal digests, no byte lost.
import type { Hash } from 'node:crypto';
import type { AgentContext } from '../testing/index';
import type { Socket } from '../net/socket';

/** One subflow of the client's connection, as sampled. */
export interface SubflowSample {
  local: string;
  localPort: number;
  remote: string;
  /** Payload bytes that arrived on this subflow (tcp_info bytes_received). */
  bytes: number;
}

export interface Sample {
  /** Milliseconds since the connection was established. */
  ms: number;
  /** Bytes the application read. */
  bytes: number;
  subflows: SubflowSample[];
  /** What the connection's path manager reported since the last sample. */
  events: string[];
  ended: boolean;
}

export interface Received {
  bytes: number;
  sha256: string;
  multipath: boolean;
  /** Times without a read of GAP_MS or more, in order. */
  gaps: Gap[];
}

export interface Gap {
  /** When the last read before it was, ms since connect. */
  fromMs: number;
  ms: number;
}

export interface Sent {
  bytes: number;
  sha256: string;
}

interface Sending {
  hash: Hash;
  bytes: number;
  stop: boolean;
  done?: Promise<Sent>;
}

interface Receiving {
  s: Socket;
  hash: Hash;
  bytes: number;
  started: number;
  last: number;
  gaps: Gap[];
  events: string[];
  ended: boolean;
}

const CHUNK = 64 * 1024;
/** A gap between reads that counts as a stall: a shaped link's bursts leave far shorter ones. */
export const GAP_MS = 100;
/** Gaps kept: a bound, should something stall over and over. */
const MAX_GAPS = 1000;

/**
 * The server: each connection gets random bytes, as fast as the paths take
 * them, until stopSending() or `maxSeconds` (a bound, should the demo die).
 */
export async function serve({ mptcp, state, crypto }: AgentContext, maxSeconds: number): Promise<number> {
  const srv = mptcp.createServer((s) => {
    const sending: Sending = { hash: crypto.createHash('sha256'), bytes: 0, stop: false };
    state.set('sending', sending);
    s.on('error', () => {});
    const deadline = Date.now() + maxSeconds * 1000;
    sending.done = new Promise<Sent>((resolve) => {
      let sent: Sent | undefined;
      const settle = () => resolve((sent ??= { bytes: sending.bytes, sha256: sending.hash.digest('hex') }));
      // Written out, or the connection gone (then the digests will differ, and say so).
      s.once('close', settle);
      const pump = () => {
        // Each write a fresh chunk: the digests then also catch reordering.
        for (let i = 0; i < 1024; i++) {
          if (s.destroyed) return;
          if (sending.stop || Date.now() > deadline) return void s.end(settle);
          const chunk = crypto.randomBytes(CHUNK);
          sending.hash.update(chunk);
          sending.bytes += chunk.length;
          if (!s.write(chunk)) return void s.once('drain', pump);
        }
        setImmediate(pump);
      };
      pump();
    });
  });
  await new Promise<void>((r) => srv.listen(0, '0.0.0.0', r));
  state.set('server', srv);
  return (srv.address() as { port: number }).port;
}

/** Ends the current connection's stream; resolves with what was sent once it is all written. */
export async function stopSending({ state, waitFor }: AgentContext): Promise<Sent> {
  const sending = (await waitFor(() => state.get('sending') as Sending | undefined, { what: 'a connection' }))!;
  sending.stop = true;
  state.delete('sending');
  return sending.done!;
}

/**
 * The client: connects to `host`, reads and hashes everything. `options`
 * go to mptcp.connect() as they are (the place for per-connection features).
 */
export async function receive(
  { mptcp, state, crypto }: AgentContext,
  port: number,
  host: string,
  options: Record<string, unknown> = {},
): Promise<{ multipath: boolean }> {
  const s = mptcp.connect({ ...options, port, host });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      s.destroy();
      reject(new Error(`no connection to ${host}:${port} in 10 s`));
    }, 10_000);
    s.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    s.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
  const now = performance.now();
  const r: Receiving = { s, hash: crypto.createHash('sha256'), bytes: 0, started: now, last: 0, gaps: [], events: [], ended: false };
  state.set('receiving', r);
  // The connection's own path-manager events.
  s.on('subflow', (e) => r.events.push(`subflow ${e.localAddress} -> ${e.remoteAddress} joined`));
  s.on('subflowClosed', (e) => r.events.push(`subflow ${e.localAddress} -> ${e.remoteAddress} closed`));
  s.on('data', (d: Buffer) => {
    const t = performance.now();
    // Gaps count from the first byte: the time to connect is not a stall.
    if (r.last && t - r.last >= GAP_MS && r.gaps.length < MAX_GAPS) r.gaps.push({ fromMs: r.last - r.started, ms: t - r.last });
    r.last = t;
    r.bytes += d.length;
    r.hash.update(d);
  });
  s.on('end', () => {
    r.ended = true;
  });
  s.on('error', () => {});
  return { multipath: s.multipath };
}

/** The connection now: what the application read, and each subflow's share. */
export function sample({ state }: AgentContext): Sample {
  const r = state.get('receiving') as Receiving;
  const subflows = r.ended || r.s.destroyed ? [] : r.s.subflows();
  return {
    ms: performance.now() - r.started,
    bytes: r.bytes,
    subflows: subflows.map((f) => ({
      local: f.local.address,
      localPort: f.local.port,
      remote: f.remote.address,
      bytes: Number(f.tcpInfo.bytesReceived ?? 0n),
    })),
    events: r.events.splice(0),
    ended: r.ended,
  };
}

/** Waits for the end of the stream (after stopSending()); the digest of what arrived. */
export async function received({ state, waitFor }: AgentContext): Promise<Received> {
  const r = state.get('receiving') as Receiving;
  await waitFor(() => r.ended, { what: 'the end of the stream', timeout: 30_000 });
  const multipath = r.s.multipath;
  r.s.destroy();
  state.delete('receiving');
  return { bytes: r.bytes, sha256: r.hash.digest('hex'), multipath, gaps: r.gaps };
}

/** pm.setEndpointFlags() in this namespace: new subflows from `address` join as backup (or not). */
export async function setEndpointBackup({ mptcp }: AgentContext, address: string, backup: boolean): Promise<void> {
  await mptcp.pm.setEndpointFlags(address, { backup });
}
