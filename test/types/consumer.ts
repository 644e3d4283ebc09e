// A strict consumer of the published declarations (types/), compiled against
// @types/node 20, 22 and 24 by test/unit/types.test.ts. Every line here must
// type-check; every @ts-expect-error must be an error.
import http from 'node:http';
import net from 'node:net';
import mptcp, { connect, createServer, fallbackCache, info, isMultipath, listen, pm, Server, Socket, subflows } from 'mptcp';
import type { FallbackReason, ListenOptions, MptcpInfo, Subflow, SubflowEvent } from 'mptcp';
import { strategies } from 'mptcp/pm';
import 'mptcp/register';

// Constructors: with and without new, subclassing.
const a: Socket = new Socket({ multipath: 'require', socketOptions: { SO_MARK: 7, TCP_CONGESTION: 'cubic' } });
const b: Socket = Socket();
const s1: Server = new Server({ multipath: true }, (socket) => socket.multipath);
const s2: Server = Server((socket: Socket) => socket.end());
class Traced extends mptcp.Socket {
  override setNoDelay(noDelay?: boolean): this {
    return super.setNoDelay(noDelay);
  }
}
const t: net.Socket = new Traced();
const asNet: net.Socket = a;
const asNetServer: net.Server = s1;

// node:net's listen overloads, with this package's options.
const opts: ListenOptions = { port: 0, host: '::', reusePort: true, multipath: 'require', ipv6Only: false, backlog: 8 };
s1.listen(opts, () => {});
s1.listen(0, '127.0.0.1', 511, () => {});
s1.listen(0, () => {});
s1.listen('/tmp/x.sock');
s2.listen();
// @ts-expect-error: not a listen form
s2.listen(true);
// @ts-expect-error: multipath takes true, false or 'require'
s2.listen({ port: 0, multipath: 'maybe' });

// Events: node's, and the connection's own path events.
a.on('data', (d: Buffer) => d.length);
a.once('close', (hadError: boolean) => hadError);
a.on('subflow', (e: SubflowEvent) => e.localAddress.length + e.remotePort);
a.prependListener('subflowClosed', (e) => e.token);
// @ts-expect-error: a subflow event is not a number
a.on('subflow', (e: number) => e);
s1.on('connection', (socket) => {
  const m: boolean = socket.multipath;
  const r: FallbackReason | null = socket.fallbackReason;
  const i: MptcpInfo | null = socket.info();
  const f: Subflow[] = socket.subflows();
  return [m, r, i?.bytesAcked, f[0]?.tcpInfo.rtt];
});

// Functions on any socket, and the package's extras.
const c = connect({ port: 80, host: 'example.test', multipath: true });
const d = mptcp.createConnection(80, 'example.test', () => {});
const web = listen(http.createServer(), 8080, '::');
const web2: http.Server = listen(http.createServer(), { port: 0, multipath: false });
const plain: boolean = isMultipath(new net.Socket());
const details = [info(c), subflows(d), c.getsockopt('TCP_CONGESTION').toUpperCase(), c.getsockopt(6, 13, 'string')];
fallbackCache.ttl = 60_000;
const remembered: boolean = fallbackCache.has('192.0.2.1', 443);
c.setBackup('192.0.2.2', true).then((n: number) => n);
void pm.events({ token: 1 });
const strategy = strategies.backup({ backup: 'wwan0' });
const srv3 = createServer();

export { b, t, asNet, asNetServer, web, web2, plain, details, remembered, strategy, srv3 };
