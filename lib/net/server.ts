// mptcp.Server: a net.Server whose listening socket is Multipath TCP when the
// kernel allows. listen() takes node:net's arguments; for a TCP port it does
// what node:net does (the lookup, "::" then "0.0.0.0", the errors, the timing
// of 'listening') on an MPTCP fd it binds itself, which node then adopts
// through the public listen(handle) form. Every other form (a path, a handle,
// an fd, a cluster worker's shared port) is node:net's, unchanged. Accepted
// sockets are constructed as mptcp.Socket (see internals.ts): MPTCP when the
// client asked for it, plain TCP otherwise.
//
// listenMultipath() is also mptcp.listen(server, …) for any net.Server (http,
// https, tls, http2) and what the register hook installs.
import dc from 'node:diagnostics_channel';
import dns from 'node:dns';
import { addAbortListener } from 'node:events';
import net from 'node:net';
import type { Cluster } from 'node:cluster';
import { hasErrno, invalidArgType, uvExceptionWithHostPort, type SystemError } from '../errors';
import { encodeSockaddr, scopeId } from '../kernel/sockaddr';
import { native } from '../native/binding';
import { backlogFromArgs, isAbortSignalLike, isValidPort, normalizeArgs } from './args';
import { makeBoundMultipath } from './bound';
import { closeFd, createFd, type FdResult } from './create';
import { isPermanent, support } from './support';
import { acceptAs, handleOf, listeningIdOf, NODE_MAJOR, setConnectionKey } from './internals';
import { Socket, type MultipathOptions } from './socket';
import { fallbackReason, isMultipath } from './status';
import { ensureServerState, validateMode, type FallbackReason, type MultipathMode, type ServerState } from './state';
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
  /** SO_REUSEPORT: several listeners (processes, cluster workers) share the port; implies `exclusive`. */
  reusePort?: boolean | undefined;
}

/** A listener may take fewer arguments than the event has, or more (they arrive undefined), as with node's `(...args: any[])`. */
type Listener<A extends unknown[]> = (...args: [...A, ...never[]]) => void;

/** What listen(handle) takes: a server or socket (anything with a `_handle`), a BoundSocket, or `{ fd }`. */
export type ListenHandle = net.Server | net.Socket | { fd: number } | { handle: object } | { _handle: object };

/** Events of an mptcp.Server with their arguments. */
export interface ServerEventMap {
  close: [];
  connection: [socket: Socket];
  error: [err: Error];
  listening: [];
  drop: [data?: net.DropArgument];
}

/** A net.Server whose listening socket is Multipath TCP where the kernel allows. */
export interface Server extends net.Server {
  /** True when the listening socket is Multipath TCP. */
  readonly multipath: boolean;
  /** Why the listening socket is plain TCP, or null. */
  readonly fallbackReason: FallbackReason | null;
  getsockopt<N extends SocketOptionName>(name: N): SocketOptionValues[N];
  getsockopt(level: number, name: number, type?: RawType): number | string | bigint | Buffer;
  setsockopt<N extends SocketOptionName>(name: N, value: SocketOptionInput<N>): this;
  setsockopt(level: number, name: number, value: Buffer | number): this;

  listen(port?: number, hostname?: string, backlog?: number, listeningListener?: () => void): this;
  listen(port?: number, hostname?: string, listeningListener?: () => void): this;
  listen(port?: number, backlog?: number, listeningListener?: () => void): this;
  listen(port?: number, listeningListener?: () => void): this;
  listen(path: string, backlog?: number, listeningListener?: () => void): this;
  listen(path: string, listeningListener?: () => void): this;
  listen(options: ListenOptions, listeningListener?: () => void): this;
  listen(handle: ListenHandle, backlog?: number, listeningListener?: () => void): this;
  listen(handle: ListenHandle, listeningListener?: () => void): this;

  addListener<K extends keyof ServerEventMap>(event: K, listener: Listener<ServerEventMap[K]>): this;
  addListener<E extends string | symbol>(event: Exclude<E, keyof ServerEventMap>, listener: Listener<never[]>): this;
  on<K extends keyof ServerEventMap>(event: K, listener: Listener<ServerEventMap[K]>): this;
  on<E extends string | symbol>(event: Exclude<E, keyof ServerEventMap>, listener: Listener<never[]>): this;
  once<K extends keyof ServerEventMap>(event: K, listener: Listener<ServerEventMap[K]>): this;
  once<E extends string | symbol>(event: Exclude<E, keyof ServerEventMap>, listener: Listener<never[]>): this;
  prependListener<K extends keyof ServerEventMap>(event: K, listener: Listener<ServerEventMap[K]>): this;
  prependListener<E extends string | symbol>(event: Exclude<E, keyof ServerEventMap>, listener: Listener<never[]>): this;
  prependOnceListener<K extends keyof ServerEventMap>(event: K, listener: Listener<ServerEventMap[K]>): this;
  prependOnceListener<E extends string | symbol>(event: Exclude<E, keyof ServerEventMap>, listener: Listener<never[]>): this;
}

export interface ServerConstructor extends Omit<typeof net.Server, 'prototype'> {
  new (connectionListener?: (socket: Socket) => void): Server;
  new (options?: ServerOpts, connectionListener?: (socket: Socket) => void): Server;
  (connectionListener?: (socket: Socket) => void): Server;
  (options?: ServerOpts, connectionListener?: (socket: Socket) => void): Server;
  readonly prototype: Server;
}

/** node:net's own listen, captured before anything (the register hook) replaces it. */
const nodeListen = net.Server.prototype.listen as (this: net.Server, ...args: unknown[]) => net.Server;
const NodeServer = net.Server as unknown as (this: net.Server, options?: unknown, listener?: unknown) => void;
const listenTracing = dc.tracingChannel('net.server.listen');

interface ListenPlan {
  port: number;
  backlog: number | undefined;
  ipv6Only: boolean;
  reusePort: boolean;
  mode: MultipathMode;
  socketOptions: SocketOptions | undefined;
}

function emitListenError(server: net.Server, error: Error): void {
  if (listenTracing.hasSubscribers) listenTracing.error.publish({ server, error });
  process.nextTick(() => server.emit('error', error));
}

function isClusterWorker(): boolean {
  // node:net's listen() loads node:cluster for the same question (listenInCluster).
  return (require('node:cluster') as Cluster).isWorker;
}

/** Accepted sockets become mptcp.Socket once the listening handle exists. */
function acceptAsMultipath(this: net.Server): void {
  acceptAs(this, Socket as unknown as Parameters<typeof acceptAs>[1]);
}

function acceptOnceListening(server: net.Server): void {
  if (handleOf(server)) acceptAsMultipath.call(server);
  else if (!server.listeners('listening').includes(acceptAsMultipath)) server.prependOnceListener('listening', acceptAsMultipath);
}

/**
 * Hands a bound fd to node:net, which listens on it and emits 'listening' on
 * the next tick. A net.Socket made over the fd carries the handle: listen(socket)
 * is node's documented "handle" form, and the one that never defers to a cluster
 * primary. If listen(2) fails, node's error names no address; it is given the
 * one node would have named, as node publishes it (before emitting it).
 */
function handOver(server: net.Server, st: ServerState, fd: number, made: FdResult, host: string, plan: ListenPlan, family: 4 | 6): void {
  let carrier: net.Socket;
  try {
    carrier = new net.Socket({ fd, readable: false, writable: false });
  } catch (err) {
    closeFd(fd);
    return emitListenError(server, err as Error);
  }
  const nameIt = (msg: { server?: unknown; error?: SystemError }): void => {
    const e = msg.error;
    if (msg.server !== server || !e || e.address != null) return;
    const named = uvExceptionWithHostPort(e.errno, 'listen', host, plan.port);
    e.message = named.message;
    e.address = host;
    if (plan.port) e.port = plan.port;
  };
  dc.subscribe('tracing:net.server.listen:error', nameIt as (msg: unknown) => void);
  try {
    nodeListen.call(server, carrier, plan.backlog);
  } finally {
    dc.unsubscribe('tracing:net.server.listen:error', nameIt as (msg: unknown) => void);
  }
  if (!handleOf(server)) return; // node closed it and emits the (named) error
  st.listenerMultipath = made.multipath;
  setConnectionKey(server, `${family}:${host}:${plan.port}`);
  acceptAsMultipath.call(server);
}

/**
 * node's setupListenHandle for a TCP port, on an fd of ours: no address means
 * "::" (dual stack), or "0.0.0.0" when "::" cannot be bound; bind errors are
 * node's "listen E…: … address:port" on the next tick (libuv reports a bind
 * EADDRINUSE at listen(), so node names the syscall listen).
 */
function bindAndListen(server: net.Server, st: ServerState, address: string | null, family: 4 | 6, plan: ListenPlan): void {
  const candidates: [string, 4 | 6][] = address
    ? [[address, family]]
    : [
        ['::', 6],
        ['0.0.0.0', 4],
      ];
  const b = native();
  for (const [i, [host, fam]] of candidates.entries()) {
    const made = createFd({ family: fam, mode: plan.mode, socketOptions: plan.socketOptions, needFd: true });
    st.reason = made.reason;
    if (made.error) return emitListenError(server, made.error);
    const fd = made.fd!;
    try {
      setsockoptFd(b!, fd, 'SO_REUSEADDR', 1); // as libuv's uv__tcp_bind
      if (fam === 6) setsockoptFd(b!, fd, 'IPV6_V6ONLY', plan.ipv6Only);
      if (plan.reusePort) setsockoptFd(b!, fd, 'SO_REUSEPORT', 1);
      b!.bind(fd, encodeSockaddr(host, plan.port, scopeId(host)));
    } catch (err) {
      closeFd(fd);
      const e = err as SystemError;
      // As node: "::" that cannot be bound (no IPv6) falls back to "0.0.0.0"; "::" in use is an error.
      if (i < candidates.length - 1 && e.syscall !== 'listen' && !hasErrno(e, 'EADDRINUSE')) continue;
      return emitListenError(server, uvExceptionWithHostPort(e.errno, 'listen', host, plan.port));
    }
    return handOver(server, st, fd, made, host, plan, fam);
  }
}

/** node's lookupAndListen: the first address, or on 22+ the first that is not IPv6 link-local. */
function lookupAndListen(server: net.Server, st: ServerState, host: string, plan: ListenPlan): void {
  const id = st.listenId;
  const nodeId = listeningIdOf(server);
  const done = (err: NodeJS.ErrnoException | null, address: string | undefined, family: number | undefined): void => {
    if (id !== st.listenId || nodeId !== listeningIdOf(server)) return;
    if (err) {
      server.emit('error', err);
      return;
    }
    bindAndListen(server, st, address ?? null, family === 6 ? 6 : 4, plan);
  };
  if (NODE_MAJOR < 22) {
    dns.lookup(host, (err, ip, fam) => done(err, ip || undefined, ip ? fam : 4));
    return;
  }
  dns.lookup(host, { all: true }, (err, addresses) => {
    if (err) return done(err, undefined, undefined);
    const valid = addresses.find((a) => !/^fe[89ab]/i.test(a.address) || a.family !== 6) ?? addresses[0];
    done(null, valid?.address, valid?.family || 4);
  });
}

function addAbortHandling(server: net.Server, signal: AbortSignal | undefined): void {
  if (signal === undefined) return;
  const onAborted = (): void => void server.close();
  if (signal.aborted) process.nextTick(onAborted);
  else {
    const disposable = addAbortListener(signal, onAborted);
    server.once('close', () => disposable[Symbol.dispose]());
  }
}

/**
 * server.listen(...args) with an MPTCP listener: mptcp.Server's listen,
 * mptcp.listen(server, ...args) for any net.Server, and the register hook's.
 */
export function listenMultipath(this: net.Server, ...args: unknown[]): net.Server {
  const server = this;
  const viaNode = (): net.Server => {
    nodeListen.apply(server, args);
    acceptOnceListening(server);
    return server;
  };
  if (handleOf(server)) return nodeListen.apply(server, args); // ERR_SERVER_ALREADY_LISTEN
  const [options, cb] = normalizeArgs(args);
  const st = ensureServerState(server);
  st.listenId++;
  st.listenerMultipath = undefined;
  st.reason = null;

  const o = options as ListenOptions & { handle?: unknown; _handle?: unknown; fd?: unknown; reusePort?: unknown };
  const mode = validateMode(o.multipath, 'options.multipath') ?? st.mode;
  const socketOptions = validateSocketOptions(o.socketOptions, 'options.socketOptions') ?? st.socketOptions;
  if (o.reusePort !== undefined && typeof o.reusePort !== 'boolean') throw invalidArgType('options.reusePort', 'of type boolean', o.reusePort);

  // Handles, BoundSockets and fds are node:net's; a BoundSocket becomes MPTCP first.
  const handle = o._handle ?? o.handle;
  const bound = makeBoundMultipath(handle ?? options, mode, socketOptions);
  if (bound !== undefined) st.reason = bound;
  if (handle != null || bound !== undefined || (typeof o.fd === 'number' && o.fd >= 0)) return viaNode();

  // ([port][, host][, backlog][, cb]) with the port omitted binds port 0, as node does.
  if (args.length === 0 || typeof args[0] === 'function' || (o.port === undefined && 'port' in o) || o.port === null) o.port = 0;
  // A path, or anything node:net must reject in its own words.
  if (!isValidPort(o.port) || (o.signal !== undefined && !isAbortSignalLike(o.signal))) return viaNode();
  const reusePort = o.reusePort === true;
  if (mode === false && !socketOptions && !reusePort) {
    st.reason = 'option-off';
    return viaNode();
  }
  // No MPTCP here for good (another platform, no addon, an old kernel): node:net's own listener.
  const sup = support();
  if (!sup.supported && sup.reason && isPermanent(sup.reason) && mode !== 'require' && !socketOptions && !reusePort) {
    st.reason = sup.reason;
    return viaNode();
  }
  // A cluster worker's shared port is opened by the primary (see the README).
  if (isClusterWorker() && o.exclusive !== true && !reusePort) return viaNode();

  if (cb) server.once('listening', cb);
  addAbortHandling(server, o.signal);
  const plan: ListenPlan = {
    port: Number(o.port) | 0,
    backlog: (o.backlog as number | undefined) || backlogFromArgs(args) || undefined,
    ipv6Only: o.ipv6Only === true && (o.host ? true : NODE_MAJOR >= 22),
    reusePort,
    mode,
    socketOptions,
  };
  if (o.host) lookupAndListen(server, st, o.host, plan);
  else bindAndListen(server, st, null, 4, plan);
  return server;
}

/** mptcp.Server. Callable with or without `new`, as net.Server is. */
export const Server: ServerConstructor = function Server(
  this: unknown,
  options?: ServerOpts | ((socket: Socket) => void),
  connectionListener?: (socket: Socket) => void,
): Server | void {
  if (!(this instanceof Server)) return new (Server as ServerConstructor)(options as ServerOpts, connectionListener);
  let mode: MultipathMode = true;
  let socketOptions: SocketOptions | undefined;
  if (options !== null && typeof options === 'object') {
    mode = validateMode(options.multipath, 'options.multipath') ?? true;
    socketOptions = validateSocketOptions(options.socketOptions, 'options.socketOptions');
  }
  NodeServer.call(this as net.Server, options, connectionListener);
  ensureServerState(this as net.Server, mode, socketOptions);
} as unknown as ServerConstructor;

Object.setPrototypeOf(Server.prototype, net.Server.prototype);
Object.setPrototypeOf(Server, net.Server);

const proto = Server.prototype;
proto.listen = listenMultipath as Server['listen'];
Object.defineProperties(proto, {
  multipath: {
    get(this: net.Server) {
      return isMultipath(this);
    },
    configurable: true,
  },
  fallbackReason: {
    get(this: net.Server) {
      return fallbackReason(this);
    },
    configurable: true,
  },
});
type Methods = Pick<Server, 'getsockopt' | 'setsockopt'>;
const methods: Methods & ThisType<Server> = {
  getsockopt(a: SocketOptionName | number, b?: number, c?: RawType) {
    return typeof a === 'number' ? getsockopt(this, a, b as number, c) : getsockopt(this, a);
  },
  setsockopt(a: SocketOptionName | number, b: unknown, c?: Buffer | number) {
    if (typeof a === 'number') setsockopt(this, a, b as number, c as Buffer | number);
    else setsockopt(this, a, b as SocketOptionInput<SocketOptionName>);
    return this;
  },
} as Methods & ThisType<Server>;
Object.assign(proto, methods);

export function createServer(connectionListener?: (socket: Socket) => void): Server;
export function createServer(options?: ServerOpts, connectionListener?: (socket: Socket) => void): Server;
export function createServer(options?: ServerOpts | ((socket: Socket) => void), connectionListener?: (socket: Socket) => void): Server {
  return new Server(options as ServerOpts, connectionListener);
}

/**
 * Makes `server.listen()` listen on Multipath TCP, for code that calls it
 * itself (a framework's listen, a serverFactory): `fastify({ serverFactory:
 * (handler) => mptcp.withMultipath(http.createServer(handler)) })`. Returns the server.
 */
export function withMultipath<S extends net.Server>(server: S, options?: MultipathOptions): S {
  if (!(server instanceof net.Server)) throw invalidArgType('server', 'an instance of net.Server', server);
  const st = ensureServerState(server);
  if (options?.multipath !== undefined) st.mode = validateMode(options.multipath, 'options.multipath')!;
  if (options?.socketOptions !== undefined) st.socketOptions = validateSocketOptions(options.socketOptions, 'options.socketOptions');
  Object.defineProperty(server, 'listen', { value: listenMultipath, writable: true, configurable: true });
  return server;
}

/**
 * mptcp.listen(server, ...args): listens as server.listen(...args) would, with
 * an MPTCP listening socket, for any net.Server (http, https, http2, tls, the
 * server under a framework). Returns the server.
 */
export function listen<S extends net.Server>(server: S, ...args: unknown[]): S {
  if (!(server instanceof net.Server)) throw invalidArgType('server', 'an instance of net.Server', server);
  return listenMultipath.apply(server, args) as S;
}
