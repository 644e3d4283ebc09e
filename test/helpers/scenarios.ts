// Functions that run inside an agent (a Node process in a namespace).
// They travel as source text, so each uses only its arguments.
import type { AgentContext } from '../../dist/testing/agent.js';

export interface ServerOptions {
  host: string;
  port?: number;
  /** Which module serves: this package (default) or node:net. */
  module?: 'mptcp' | 'net';
  multipath?: boolean | 'require';
  /** Bytes of random data to send back once `expect` bytes arrived (or at the client's end). */
  reply?: number;
  /** Bytes the client sends: the reply and the report happen once they are in, before any FIN. */
  expect?: number;
  /** Name under which the server and its results are kept in the agent's state. */
  key?: string;
}

export interface ConnectionReport {
  bytes: number;
  sha256: string;
  replySha256: string | null;
  multipath: boolean;
  reason: string | null;
  protocol: number;
  isMptcpOption: number | string;
  info: Record<string, number | bigint> | null;
  subflows: { id: number; local: { address: string; port: number }; remote: { address: string; port: number }; tcpInfo: Record<string, number | bigint> }[];
  local: { address?: string; port?: number };
  remote: { address?: string; port?: number };
  instanceOfMptcpSocket: boolean;
}

/** Starts a sink server: hashes what each client sends, optionally replies, records a report. */
export async function startServer(ctx: AgentContext, opts: ServerOptions): Promise<number> {
  const { mptcp, net, crypto, state } = ctx;
  const key = opts.key ?? 'server';
  const reports: unknown[] = [];
  state.set(`${key}:reports`, reports);
  const onConnection = (s: import('node:net').Socket) => {
    const hash = crypto.createHash('sha256');
    let n = 0;
    let report: Record<string, unknown> | null = null;
    // Everything is read while the connection is fully open: after the FINs
    // the kernel detaches subflows and counts DATA_FIN as one more byte.
    const snapshot = () => {
      let isMptcpOption: number | string;
      try {
        isMptcpOption = mptcp.getsockopt(s, 'TCP_IS_MPTCP');
      } catch (err) {
        isMptcpOption = (err as NodeJS.ErrnoException).code ?? 'error';
      }
      return {
        bytes: n,
        sha256: hash.copy().digest('hex'),
        replySha256: null as string | null,
        multipath: mptcp.isMultipath(s),
        reason: mptcp.fallbackReason(s),
        protocol: mptcp.getsockopt(s, 'SO_PROTOCOL'),
        isMptcpOption,
        info: mptcp.info(s),
        subflows: mptcp.subflows(s),
        local: { address: s.localAddress, port: s.localPort },
        remote: { address: s.remoteAddress, port: s.remotePort },
        instanceOfMptcpSocket: s instanceof mptcp.Socket,
      };
    };
    const respond = async () => {
      const data = opts.reply ? crypto.randomBytes(opts.reply) : Buffer.alloc(0);
      if (data.length) s.write(data);
      // wait until the reply is acknowledged, so byte counters are final
      await ctx.waitFor(() => {
        const i = mptcp.info(s);
        return i === null || i.bytesAcked === undefined || i.bytesAcked >= BigInt(data.length);
      }, { what: 'the reply to be acked' });
      report = snapshot();
      report.replySha256 = crypto.createHash('sha256').update(data).digest('hex');
    };
    let responding: Promise<void> | null = null;
    s.on('data', (d: Buffer) => {
      hash.update(d);
      n += d.length;
      if (opts.expect !== undefined && n >= opts.expect && !responding) responding = respond();
    });
    s.on('error', (err: Error) => reports.push({ error: err.message }));
    s.on('end', async () => {
      if (!responding) responding = respond();
      await responding;
      s.end();
      reports.push(report);
    });
  };
  // allowHalfOpen: the server closes its side only after its report is taken.
  const server =
    opts.module === 'net'
      ? net.createServer({ allowHalfOpen: true }, onConnection)
      : mptcp.createServer({ allowHalfOpen: true, multipath: opts.multipath ?? true }, onConnection);
  state.set(key, server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host, () => resolve());
  });
  return (server.address() as { port: number }).port;
}

/**
 * Starts an MPTCP server on 0.0.0.0 that hashes what a client sends: the
 * accepted socket is kept as state 'accepted', and at the client's end
 * { n, sha256 } as state 'received', before the server ends its side.
 */
export async function startSink({ mptcp, state, crypto }: AgentContext): Promise<number> {
  const srv = mptcp.createServer({ allowHalfOpen: true }, (s) => {
    const hash = crypto.createHash('sha256');
    let n = 0;
    state.set('accepted', s);
    s.on('data', (d: Buffer) => {
      hash.update(d);
      n += d.length;
    });
    s.on('end', () => {
      state.set('received', { n, sha256: hash.digest('hex') });
      s.end();
    });
  });
  state.set('srv', srv);
  await new Promise<void>((r) => srv.listen(0, '0.0.0.0', r));
  return (srv.address() as { port: number }).port;
}

/** Waits for the n-th report of a server started with startServer. */
export async function serverReports(ctx: AgentContext, key: string, count: number): Promise<ConnectionReport[]> {
  const reports = ctx.state.get(`${key}:reports`) as ConnectionReport[];
  await ctx.waitFor(() => reports.length >= count, { what: `${count} server report(s)` });
  return reports;
}

export interface ClientOptions {
  host: string;
  port: number;
  module?: 'mptcp' | 'net';
  multipath?: boolean | 'require';
  bytes: number;
  /** Send a little, then wait until the connection has this many subflows, then the rest. */
  waitSubflows?: number;
  /** Bytes the server sends back (its `reply`): read before closing. */
  reply?: number;
  connect?: Record<string, unknown>;
}

export interface ClientReport extends ConnectionReport {
  atConnect: { multipath: boolean; reason: string | null };
  reply: number;
  replySha256: string;
}

/** Connects, sends `bytes` random bytes, reads the reply to the end, reports. */
export async function runClient(ctx: AgentContext, opts: ClientOptions): Promise<ClientReport> {
  const { mptcp, net, crypto, waitFor } = ctx;
  const data = crypto.randomBytes(opts.bytes);
  const connectOptions = { host: opts.host, port: opts.port, ...(opts.connect ?? {}) };
  const s =
    opts.module === 'net'
      ? net.connect(connectOptions)
      : mptcp.connect({ ...connectOptions, multipath: opts.multipath ?? true });
  await new Promise<void>((resolve, reject) => {
    s.once('connect', resolve);
    s.once('error', reject);
  });
  const atConnect = { multipath: mptcp.isMultipath(s), reason: mptcp.fallbackReason(s) };
  const replyHash = crypto.createHash('sha256');
  let reply = 0;
  s.on('data', (d: Buffer) => {
    replyHash.update(d);
    reply += d.length;
  });
  let offset = 0;
  if (opts.waitSubflows) {
    // Subflows join once the connection is fully established, i.e. after data.
    s.write(data.subarray(0, 100));
    offset = 100;
    // subflowsTotal is 6.8+; before, the kernel's list of subflows tells.
    await waitFor(() => (mptcp.info(s)?.subflowsTotal ?? mptcp.subflows(s).length) >= opts.waitSubflows!, {
      what: `${opts.waitSubflows} subflows`,
    });
  }
  s.write(data.subarray(offset));
  const ended = new Promise<void>((resolve, reject) => {
    s.once('error', reject);
    s.once('end', () => resolve());
  });
  // The server replies once all our bytes are in; read everything while the
  // connection is fully open (no FIN yet), then close.
  await waitFor(() => reply >= (opts.reply ?? 0), { what: `a reply of ${opts.reply ?? 0} bytes` });
  await waitFor(() => {
    const i = mptcp.info(s);
    return i === null || i.bytesAcked === undefined || i.bytesAcked >= BigInt(data.length);
  }, { what: 'our data to be acked' });
  let isMptcpOption: number | string;
  try {
    isMptcpOption = mptcp.getsockopt(s, 'TCP_IS_MPTCP');
  } catch (err) {
    isMptcpOption = (err as NodeJS.ErrnoException).code ?? 'error'; // before 6.10
  }
  const report: ClientReport = {
    atConnect,
    bytes: data.length,
    sha256: crypto.createHash('sha256').update(data).digest('hex'),
    reply,
    replySha256: replyHash.copy().digest('hex'),
    multipath: mptcp.isMultipath(s),
    reason: mptcp.fallbackReason(s),
    protocol: mptcp.getsockopt(s, 'SO_PROTOCOL') as number,
    isMptcpOption,
    info: mptcp.info(s) as Record<string, number | bigint> | null,
    subflows: mptcp.subflows(s),
    local: { address: s.localAddress, port: s.localPort },
    remote: { address: s.remoteAddress, port: s.remotePort },
    instanceOfMptcpSocket: s instanceof mptcp.Socket,
  };
  s.end();
  await ended;
  report.replySha256 = replyHash.digest('hex');
  report.reply = reply;
  await new Promise<void>((resolve) => (s.destroyed ? resolve() : s.once('close', () => resolve())));
  return report;
}
