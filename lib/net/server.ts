// mptcp.Server: a net.Server whose listening socket is Multipath TCP when
// the kernel allows. It hooks the one step where node:net creates the
// listener (`_listen2`, which node keeps as a wrappable alias): the fd is
// made, bound and listened here, then node adopts it as with listen({ fd }).
// Accepted sockets are MPTCP when the client asked for it, plain TCP
// otherwise; either way they are handed out as mptcp.Socket.
import dc from 'node:diagnostics_channel';
import net from 'node:net';
import { closeFd, createFd } from './create';
import { hasErrno, invalidArgType, uvExceptionWithHostPort, type SystemError } from '../errors';
import { native } from '../native/binding';
import { encodeSockaddr, scopeId } from '../kernel/sockaddr';
import { Socket, type MultipathOptions } from './socket';
import { onNewListener } from '../pm/watch';
import { fallbackReason, isMultipath } from './status';
import { setState, stateOf, validateMode, type FallbackReason, type SocketState } from './state';
import {
  getsockopt,
  setsockopt,
  setsockoptFd,
  validateSocketOptions,
  type RawType,
  type SocketOptionInput,
  type SocketOptionName,
  type SocketOptions,
  type SocketOptionValues,
} from './sockopt';

export interface ServerOpts extends net.ServerOpts, MultipathOptions {}

export interface ListenOptions extends net.ListenOptions, MultipathOptions {
  /** SO_REUSEPORT: several listeners (processes, cluster workers with `exclusive`) share the port. */
  reusePort?: boolean;
}

type Listen2 = (
  this: net.Server,
  address: string | null,
  port: number | null,
  addressType: number | null,
  backlog: number | undefined,
  fd: number | undefined,
  flags: number | undefined,
) => void;

const nodeListen2 = (net.Server.prototype as unknown as { _listen2: Listen2 })._listen2;
const listenChannel = dc.channel('tracing:net.server.listen:error');
const UV_TCP_IPV6ONLY = 1;
const kListen = Symbol('mptcp.listenOptions');
/** Where the fd handed to node was bound, to name it in a listen() error as node would. */
const kBound = Symbol('mptcp.bound');

interface ListenExtras {
  reusePort?: boolean | undefined;
  multipath?: SocketState['mode'] | undefined;
  socketOptions?: SocketOptions | undefined;
}

function emitError(server: net.Server, error: Error): void {
  if (listenChannel.hasSubscribers) listenChannel.publish({ server, error });
  process.nextTick(() => server.emit('error', error));
}

function serverState(server: net.Server): SocketState {
  return stateOf(server) ?? setState(server, { mode: true, reason: null });
}

/**
 * node's setupListenHandle with an MPTCP fd. Same address rules: no address
 * means "::" (dual stack), or "0.0.0.0" when IPv6 cannot be used; errors are
 * node's "listen E…: … address:port" on the next tick.
 */
export function listenMultipath(
  server: net.Server,
  address: string | null,
  port: number | null,
  addressType: number | null,
  backlog: number | undefined,
  fd: number | undefined,
  flags: number | undefined,
): void {
  const st = serverState(server);
  const extras = (server as unknown as Record<symbol, ListenExtras | undefined>)[kListen] ?? {};
  const mode = extras.multipath ?? st.mode;
  const socketOptions = extras.socketOptions ?? st.socketOptions;
  const reusePort = extras.reusePort === true;
  const handle = (server as unknown as { _handle: unknown })._handle;
  const passThrough = () => nodeListen2.call(server, address, port, addressType, backlog, fd, flags);

  st.reason = null;
  delete st.listenerMultipath;
  (server as unknown as Record<symbol, unknown>)[kBound] = undefined;
  // An existing handle (cluster, listen(handle)), an fd, or a pipe: node's job.
  if (handle || (typeof fd === 'number' && fd >= 0) || port === -1 || port === null) return passThrough();
  if (mode === false && !socketOptions && !reusePort) {
    st.reason = 'option-off';
    return passThrough();
  }

  const candidates: [string, 4 | 6][] = address
    ? [[address, addressType === 6 ? 6 : 4]]
    : [
        ['::', 6],
        ['0.0.0.0', 4],
      ];
  for (const [i, [host, family]] of candidates.entries()) {
    const made = createFd({ family, mode, socketOptions, needFd: reusePort });
    st.reason = made.reason;
    if (made.error) return emitError(server, made.error);
    if (made.fd === null) return passThrough(); // node:net listens over plain TCP itself
    const b = native()!;
    const sfd = made.fd;
    try {
      // What libuv's uv__tcp_bind does, on our fd.
      setsockoptFd(b, sfd, 'SO_REUSEADDR', 1);
      if (family === 6) setsockoptFd(b, sfd, 'IPV6_V6ONLY', ((flags ?? 0) & UV_TCP_IPV6ONLY) !== 0);
      if (reusePort) setsockoptFd(b, sfd, 'SO_REUSEPORT', 1);
      b.bind(sfd, encodeSockaddr(host, port, scopeId(host)));
    } catch (err) {
      closeFd(sfd);
      const e = err as SystemError;
      // As node: if "::" cannot be bound (no IPv6), try "0.0.0.0"; but "::" in use is an error.
      if (i < candidates.length - 1 && e.syscall !== 'listen' && !hasErrno(e, 'EADDRINUSE')) continue;
      return emitError(server, uvExceptionWithHostPort(e.errno, 'listen', host, port));
    }
    // node calls listen() itself (calling it twice would announce the
    // listener twice in the path manager's LISTENER_CREATED events).
    (server as unknown as Record<symbol, unknown>)[kBound] = { host, port };
    nodeListen2.call(server, null, null, family, backlog, sfd, flags);
    (server as unknown as { _connectionKey: string })._connectionKey = `${family}:${host}:${port}`;
    return;
  }
}

/** Makes a socket accepted by `server` an mptcp.Socket (no state changes: only its prototype). */
function adopt(socket: net.Socket, server: net.Server): void {
  if (!(socket instanceof Socket)) {
    Object.setPrototypeOf(socket, Socket.prototype);
    socket.on('newListener', onNewListener);
  }
  const st = serverState(server);
  // Asked once per listener (a getsockopt), not once per connection.
  const listenerMultipath = (st.listenerMultipath ??= isMultipath(server));
  // A plain listener's reason (option-off, kernel, …) is its accepted sockets' reason too.
  setState(socket, { mode: st.mode, reason: listenerMultipath ? null : st.reason, listenerMultipath });
}

export class Server extends net.Server {
  constructor(connectionListener?: (socket: Socket) => void);
  constructor(options?: ServerOpts, connectionListener?: (socket: Socket) => void);
  constructor(options?: ServerOpts | ((socket: Socket) => void), connectionListener?: (socket: Socket) => void) {
    super(options as net.ServerOpts, connectionListener as (socket: net.Socket) => void);
    let mode: SocketState['mode'] = true;
    let socketOptions: SocketOptions | undefined;
    if (options !== null && typeof options === 'object') {
      mode = validateMode(options.multipath, 'options.multipath') ?? true;
      socketOptions = validateSocketOptions(options.socketOptions, 'options.socketOptions');
    }
    setState(this, { mode, reason: null, socketOptions });
  }

  override listen(...args: unknown[]): this {
    const first = args[0];
    let extras: ListenExtras = {};
    if (first !== null && typeof first === 'object' && !Array.isArray(first) && !('_handle' in first)) {
      const o = first as ListenOptions;
      if (o.reusePort !== undefined && typeof o.reusePort !== 'boolean') {
        throw invalidArgType('options.reusePort', 'of type boolean', o.reusePort);
      }
      extras = {
        reusePort: o.reusePort,
        multipath: validateMode(o.multipath, 'options.multipath'),
        socketOptions: validateSocketOptions(o.socketOptions, 'options.socketOptions'),
      };
    }
    (this as unknown as Record<symbol, ListenExtras>)[kListen] = extras;
    return (super.listen as (...a: unknown[]) => this)(...args);
  }

  /** node:net's listener creation step, made MPTCP. @internal */
  _listen2(
    address: string | null,
    port: number | null,
    addressType: number | null,
    backlog: number | undefined,
    fd: number | undefined,
    flags: number | undefined,
  ): void {
    listenMultipath(this, address, port, addressType, backlog, fd, flags);
  }

  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'connection' && args[0] instanceof net.Socket) adopt(args[0], this);
    if (event === 'error') {
      // node's listen() on a handed-over fd knows no address: name it, as for its own sockets.
      const e = args[0] as Partial<SystemError> | undefined;
      const bound = (this as unknown as Record<symbol, { host: string; port: number } | undefined>)[kBound];
      if (bound && e && e.syscall === 'listen' && e.address == null && typeof e.errno === 'number') {
        args[0] = uvExceptionWithHostPort(e.errno, 'listen', bound.host, bound.port);
      }
    }
    return super.emit(event, ...args);
  }

  /** True when the listening socket is Multipath TCP. */
  get multipath(): boolean {
    return isMultipath(this);
  }

  /** Why the listening socket is plain TCP, or null. */
  get fallbackReason(): FallbackReason | null {
    return fallbackReason(this);
  }

  getsockopt<N extends SocketOptionName>(name: N): SocketOptionValues[N];
  getsockopt(level: number, name: number, type?: RawType): number | string | bigint | Buffer;
  getsockopt(a: SocketOptionName | number, b?: number, c?: RawType): unknown {
    return typeof a === 'number' ? getsockopt(this, a, b as number, c) : getsockopt(this, a);
  }

  setsockopt<N extends SocketOptionName>(name: N, value: SocketOptionInput<N>): this;
  setsockopt(level: number, name: number, value: Buffer | number): this;
  setsockopt(a: SocketOptionName | number, b: unknown, c?: Buffer | number): this {
    if (typeof a === 'number') setsockopt(this, a, b as number, c as Buffer | number);
    else setsockopt(this, a, b as SocketOptionInput<SocketOptionName>);
    return this;
  }
}

export function createServer(connectionListener?: (socket: Socket) => void): Server;
export function createServer(options?: ServerOpts, connectionListener?: (socket: Socket) => void): Server;
export function createServer(
  options?: ServerOpts | ((socket: Socket) => void),
  connectionListener?: (socket: Socket) => void,
): Server {
  return new Server(options as ServerOpts, connectionListener);
}

