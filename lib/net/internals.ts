// The one place that reaches into node:net below its documented surface.
// Each use is listed here with why it is needed and how it is kept honest;
// test/unit/internals.test.ts exercises all of them on every supported Node
// (20, 22, 24, 26), and `npm run test:node -- <major>` runs the whole suite.
//
// - `socket._handle` / `server._handle`: the libuv handle under a socket or
//   listener. `handle.fd` is the OS fd (node#8974: "unlikely to be removed").
// - `handle.open(fd)`: hands our MPTCP fd to the handle node:net just made for
//   a connect(), as `new net.Socket({ fd })` does internally.
// - `handle.onconnection`: the C++ TCPWrap calls this property of a listening
//   handle for every accepted connection; node:net and cluster's round-robin
//   set it too. We set our own so that accepted sockets are constructed as
//   mptcp.Socket from the start: changing an object's prototype afterwards
//   costs ~20% of HTTP keep-alive throughput (V8 leaves its fast paths).
//   `onconnection` below is node's own (lib/net.js, identical on 22–26; Node 20
//   lacks `blockList` and treats `maxConnections: 0` as unlimited) written with
//   public calls: setNoDelay/setKeepAlive instead of its private symbols.
// - `server._connections`, `socket.server`, `socket._server`: what node's
//   onconnection maintains; getConnections() and http read them.
// - `server._connectionKey`: node derives it from the address it listened on.
// - `server._listeningId`: bumped by listen() and close(); a listen whose
//   lookup finishes after either is dropped, as node's lookupAndListen does.
import dc from 'node:diagnostics_channel';
import net from 'node:net';
import { errnoException } from '../errors';

/** node:net's libuv handle, as far as this package touches it. */
export interface TcpHandle {
  fd?: number;
  open(fd: number): number;
  close(cb?: () => void): void;
  onconnection?: ((err: number, clientHandle: TcpHandle) => void) | null;
  getsockname?(out: Record<string, unknown>): number;
  getpeername?(out: Record<string, unknown>): number;
  setNoDelay?(enable: boolean): number;
  setKeepAlive?(enable: boolean, delay: number): number;
}

interface ServerInternals {
  _handle: TcpHandle | null;
  _connections: number;
  _connectionKey: string;
  maxConnections?: number | null;
  blockList?: net.BlockList;
  allowHalfOpen?: boolean;
  pauseOnConnect?: boolean;
  highWaterMark?: number;
  noDelay?: boolean;
  keepAlive?: boolean;
  /** Seconds, as node's Server keeps it. */
  keepAliveInitialDelay?: number;
}

export function handleOf(target: net.Socket | net.Server): TcpHandle | null {
  return (target as unknown as { _handle: TcpHandle | null })._handle ?? null;
}

/** node bumps `_listeningId` on listen() and close(), so a lookup that was overtaken is dropped. */
export function listeningIdOf(server: net.Server): number {
  return (server as unknown as { _listeningId: number })._listeningId;
}

export function setConnectionKey(server: net.Server, key: string): void {
  (server as unknown as ServerInternals)._connectionKey = key;
}

/** Where node:net's behaviour differs by version (maxConnections, blockList, listen's lookup). */
export const NODE_MAJOR = Number(process.versions.node.split('.')[0]);
const serverSocketChannel = dc.channel('net.server.socket');

/** Constructs accepted sockets: the mptcp.Socket constructor, called with node's options. */
export type AcceptedSocketConstructor = new (options: net.SocketConstructorOpts & Record<string, unknown>) => net.Socket;

function dropInfo(clientHandle: TcpHandle): Record<string, unknown> | undefined {
  if (!clientHandle.getsockname && !clientHandle.getpeername) return undefined;
  const data: Record<string, unknown> = {};
  if (clientHandle.getsockname) {
    const local: Record<string, unknown> = {};
    clientHandle.getsockname(local);
    data.localAddress = local.address;
    data.localPort = local.port;
    data.localFamily = local.family;
  }
  if (clientHandle.getpeername) {
    const remote: Record<string, unknown> = {};
    clientHandle.getpeername(remote);
    data.remoteAddress = remote.address;
    data.remotePort = remote.port;
    data.remoteFamily = remote.family;
  }
  return data;
}

function blocked(self: ServerInternals, clientHandle: TcpHandle): boolean {
  if (!self.blockList || typeof clientHandle.getpeername !== 'function') return false;
  const remote: Record<string, unknown> = {};
  clientHandle.getpeername(remote);
  const address = remote.address as string;
  const type = net.isIP(address);
  return type !== 0 && self.blockList.check(address, `ipv${type}` as 'ipv4' | 'ipv6');
}

function makeOnconnection(server: net.Server, Socket: AcceptedSocketConstructor) {
  const self = server as unknown as ServerInternals & net.Server;
  return function onconnection(err: number, clientHandle: TcpHandle): void {
    if (err) {
      self.emit('error', errnoException(err, 'accept'));
      return;
    }
    const max = self.maxConnections;
    if ((NODE_MAJOR >= 22 ? max != null : !!max) && self._connections >= (max as number)) {
      const data = dropInfo(clientHandle);
      if (data) self.emit('drop', data);
      else self.emit('drop');
      clientHandle.close();
      return;
    }
    if (NODE_MAJOR >= 22 && blocked(self, clientHandle)) {
      clientHandle.close();
      return;
    }
    const socket = new Socket({
      handle: clientHandle,
      allowHalfOpen: self.allowHalfOpen,
      pauseOnCreate: self.pauseOnConnect,
      readable: true,
      writable: true,
      readableHighWaterMark: self.highWaterMark,
      writableHighWaterMark: self.highWaterMark,
    });
    if (self.noDelay && clientHandle.setNoDelay) socket.setNoDelay(true);
    if (self.keepAlive && clientHandle.setKeepAlive) socket.setKeepAlive(true, (self.keepAliveInitialDelay ?? 0) * 1000);
    self._connections++;
    const s = socket as net.Socket & { server: net.Server; _server: net.Server };
    s.server = self;
    s._server = self;
    self.emit('connection', socket);
    if (serverSocketChannel.hasSubscribers) serverSocketChannel.publish({ socket });
  };
}

/**
 * Makes `server` construct its accepted sockets with `Socket`. Call once its
 * listening handle exists (before any connection can be accepted: libuv runs
 * accept callbacks only after the current tick). False if the handle is not
 * one node:net made (then node's own sockets are handed out, which the
 * functions of this package still understand).
 */
export function acceptAs(server: net.Server, Socket: AcceptedSocketConstructor): boolean {
  const handle = handleOf(server);
  if (!handle || typeof handle.onconnection !== 'function') return false;
  handle.onconnection = makeOnconnection(server, Socket);
  return true;
}
