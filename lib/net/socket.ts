// mptcp.Socket: a net.Socket whose connections are Multipath TCP when the
// kernel allows. node:net does everything it normally does (validation,
// lookup, connect, errors, events); this module only hands it an MPTCP fd to
// use, and resolves hostnames itself so that each attempted address gets its
// own MPTCP fd (node's autoSelectFamily would silently make plain TCP ones).
//
// Socket is a function constructor, as net.Socket is: callable without `new`,
// usable with `net.Socket.call(this)`-style inheritance and `class extends`.
// Nothing here runs on node's per-event or per-byte paths: no emit override,
// no 'newListener' listener; the per-connection work is one fd, one
// handle.open() and, once connected, one getsockopt (to remember plain peers).
import dc from 'node:diagnostics_channel';
import dns from 'node:dns';
import net from 'node:net';
import { IPPROTO_MPTCP, IPPROTO_TCP } from '../kernel/constants';
import type { MptcpInfo } from '../kernel/structs';
import {
  aggregateError,
  connectionTimeout,
  errno,
  errnoException,
  exceptionWithHostPort,
  invalidAddressFamily,
  invalidIpAddress,
  noPathManagement,
} from '../errors';
import { native } from '../native/binding';
import { normalizeArgs } from './args';
import { adoptBoundSocket, isBoundSocket } from './bound';
import { closeFd, createFd, createPlainFd, type FdRequest, type FdResult } from './create';
import { extensionFor, onListenerAdded, type SocketEventMap } from './extension';
import { findFd } from './fd';
import { info, subflows, type Subflow } from './info';
import { handleOf } from './internals';
import { rememberedPlain, rememberPlain } from './peers';
import { stillMptcp, fallbackReason, isMultipath, keepAnswer } from './status';
import { ensureSocketState, kState, newSocketState, validateMode, type FallbackReason, type MultipathMode, type SocketState } from './state';
import {
  getsockopt,
  setsockopt,
  validateSocketOptions,
  type RawType,
  type SocketOptionInput,
  type SocketOptionName,
  type SocketOptions,
  type SocketOptionValues,
} from './sockopt';

/** Options this package adds to node:net's. */
export interface MultipathOptions {
  /** true (default): MPTCP when possible, else TCP. false: plain TCP. 'require': MPTCP or ERR_MPTCP_UNAVAILABLE. */
  multipath?: MultipathMode | undefined;
  /** Socket options set on each new fd before it binds or connects, e.g. `{ SO_MARK: 7 }`. */
  socketOptions?: SocketOptions | undefined;
}

export interface SocketConstructorOpts extends net.SocketConstructorOpts, MultipathOptions {}
export interface TcpSocketConnectOpts extends net.TcpSocketConnectOpts, MultipathOptions {}
export interface IpcSocketConnectOpts extends net.IpcSocketConnectOpts, MultipathOptions {}
export type SocketConnectOpts = TcpSocketConnectOpts | IpcSocketConnectOpts;
export interface TcpNetConnectOpts extends TcpSocketConnectOpts, SocketConstructorOpts {
  timeout?: number | undefined;
}
export interface IpcNetConnectOpts extends IpcSocketConnectOpts, SocketConstructorOpts {
  timeout?: number | undefined;
}
export type NetConnectOpts = TcpNetConnectOpts | IpcNetConnectOpts;

/** A listener may take fewer arguments than the event has, or more (they arrive undefined), as with node's `(...args: any[])`. */
type Listener<A extends unknown[]> = (...args: [...A, ...never[]]) => void;

/** A net.Socket that speaks Multipath TCP where the kernel and the peer allow. */
export interface Socket extends net.Socket {
  /** True when this connection runs Multipath TCP end to end (see mptcp.isMultipath). */
  readonly multipath: boolean;
  /** Why this connection is not Multipath TCP, or null (see mptcp.fallbackReason). */
  readonly fallbackReason: FallbackReason | null;
  /** struct mptcp_info, or null when not MPTCP (see mptcp.info). */
  info(): MptcpInfo | null;
  /** The connection's subflows (see mptcp.subflows). */
  subflows(): Subflow[];
  getsockopt<N extends SocketOptionName>(name: N): SocketOptionValues[N];
  getsockopt(level: number, name: number, type?: RawType): number | string | bigint | Buffer;
  setsockopt<N extends SocketOptionName>(name: N, value: SocketOptionInput<N>): this;
  setsockopt(level: number, name: number, value: Buffer | number): this;
  /**
   * Marks the subflows leaving from local `address` as backup or active (MP_PRIO);
   * resolves with how many changed. Needs the userspace path manager (see the README).
   */
  setBackup(address: string, backup: boolean): Promise<number>;

  connect(options: SocketConnectOpts, connectionListener?: () => void): this;
  connect(port: number, host: string, connectionListener?: () => void): this;
  connect(port: number, connectionListener?: () => void): this;
  connect(path: string, connectionListener?: () => void): this;

  addListener<K extends keyof SocketEventMap>(event: K, listener: Listener<SocketEventMap[K]>): this;
  addListener<E extends string | symbol>(event: Exclude<E, keyof SocketEventMap>, listener: Listener<never[]>): this;
  on<K extends keyof SocketEventMap>(event: K, listener: Listener<SocketEventMap[K]>): this;
  on<E extends string | symbol>(event: Exclude<E, keyof SocketEventMap>, listener: Listener<never[]>): this;
  once<K extends keyof SocketEventMap>(event: K, listener: Listener<SocketEventMap[K]>): this;
  once<E extends string | symbol>(event: Exclude<E, keyof SocketEventMap>, listener: Listener<never[]>): this;
  prependListener<K extends keyof SocketEventMap>(event: K, listener: Listener<SocketEventMap[K]>): this;
  prependListener<E extends string | symbol>(event: Exclude<E, keyof SocketEventMap>, listener: Listener<never[]>): this;
  prependOnceListener<K extends keyof SocketEventMap>(event: K, listener: Listener<SocketEventMap[K]>): this;
  prependOnceListener<E extends string | symbol>(event: Exclude<E, keyof SocketEventMap>, listener: Listener<never[]>): this;
}

/** mptcp.Socket's constructor: node's statics (Socket.from, …), callable with or without `new`. */
export interface SocketConstructor extends Omit<typeof net.Socket, 'prototype'> {
  new (options?: SocketConstructorOpts | number): Socket;
  (options?: SocketConstructorOpts | number): Socket;
  readonly prototype: Socket;
}

interface ConnectOptions extends TcpSocketConnectOpts {
  path?: string;
  lookup?: net.LookupFunction;
}

type LookupAllCallback = (err: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[] | string, family?: number) => void;
type LookupOneCallback = (err: NodeJS.ErrnoException | null, address: string, family: number) => void;
type FdSpec = Omit<FdRequest, 'family'>;

/** node:net's own connect, captured before anything (the register hook) replaces it. */
const nodeConnect = net.Socket.prototype.connect as (this: net.Socket, ...args: unknown[]) => net.Socket;
const NodeSocket = net.Socket as unknown as (this: net.Socket, options?: unknown) => void;
const clientSocketChannel = dc.channel('net.client.socket');
const INT32_MAX = 2 ** 31 - 1;

function attemptedAddresses(socket: net.Socket): string[] {
  const s = socket as { autoSelectFamilyAttemptedAddresses: string[] | undefined };
  return (s.autoSelectFamilyAttemptedAddresses ??= []);
}

/** Runs once the connection is up: records whether it is MPTCP, and remembers a peer that answered plain TCP. */
function onConnected(this: net.Socket): void {
  const st = (this as { [kState]?: SocketState })[kState];
  const b = native();
  const fd = findFd(this);
  if (!st || !b || fd === null) return;
  try {
    st.known = stillMptcp(b, fd);
  } catch {
    return; // gone already
  }
  if (!st.known) {
    st.lastReason = 'peer';
    if (st.peerAddress !== undefined && st.mode === true) rememberPlain(st.peerAddress, st.peerPort);
  }
}

/** The fd for one attempt: plain when the peer is remembered as plain or the policy says so. */
function fdFor(st: SocketState, req: FdRequest, address: string, port: number): FdResult {
  if (req.mode === true && rememberedPlain(address, port)) return createPlainFd(req, 'peer-remembered');
  if (st.allowAddress && !st.allowAddress(address)) return createPlainFd(req, 'option-off');
  return createFd(req);
}

/** Records the fd made for `socket` in its state; false if the socket was destroyed instead. */
function recordFd(socket: net.Socket, st: SocketState, made: FdResult): made is FdResult & { error?: undefined } {
  st.reason = made.reason;
  if (made.error) {
    socket.destroy(made.error);
    return false;
  }
  st.protocol = made.fd === null ? 0 : made.multipath ? IPPROTO_MPTCP : IPPROTO_TCP;
  if (made.multipath) socket.prependOnceListener('connect', onConnected);
  return true;
}

/** Gives the socket its fd for an attempt at `address`; false if the socket was destroyed instead. */
function attachFd(socket: net.Socket, st: SocketState, req: FdRequest, address: string, port: number): boolean {
  // A socket made over an fd or handle it was given connects with that one.
  const handle = handleOf(socket);
  if (handle && typeof handle.fd === 'number' && handle.fd >= 0) return true;
  st.peerAddress = address;
  st.peerPort = port;
  const made = fdFor(st, req, address, port);
  if (!recordFd(socket, st, made)) return false;
  if (made.fd === null) return true; // node:net makes a plain TCP socket itself
  const err = handle ? handle.open(made.fd) : -errno('EBADF');
  if (err) {
    closeFd(made.fd);
    socket.destroy(errnoException(err, 'open'));
    return false;
  }
  return true;
}

/** Re-enters node's connect with an IP literal: its handle (and fd) already exist, so it only connects. */
function connectTo(socket: net.Socket, options: ConnectOptions, address: string, localPort?: number): void {
  const opts: ConnectOptions = { ...options, host: address, autoSelectFamily: false };
  delete opts.lookup;
  delete opts.localAddress;
  if (localPort) opts.localPort = localPort;
  else delete opts.localPort;
  nodeConnect.call(socket, opts);
}

interface AttemptContext {
  socket: net.Socket;
  st: SocketState;
  options: ConnectOptions;
  req: FdSpec;
  addresses: dns.LookupAddress[];
  current: number;
  port: number;
  localPort: number | undefined;
  timeout: number;
  timer: NodeJS.Timeout | null;
  errors: Error[];
  helper: net.Socket | null;
}

function cancelAttempt(ctx: AttemptContext): void {
  if (ctx.timer) clearTimeout(ctx.timer);
  ctx.timer = null;
  const helper = ctx.helper;
  ctx.helper = null;
  helper?.destroy();
}

/**
 * One address after the other, as node's internalConnectMultiple does: each
 * attempt runs on a helper socket with its own fd; the winner's connection
 * moves to the user's socket (a dup of its fd, which node then "connects":
 * connect() on an established socket that has not reported it yet returns 0).
 */
function attemptNext(ctx: AttemptContext): void {
  if (ctx.timer) clearTimeout(ctx.timer);
  ctx.timer = null;
  const self = ctx.socket;
  if (!self.connecting) return cancelAttempt(ctx);
  if (ctx.current === ctx.addresses.length) {
    self.destroy(ctx.errors.length === 0 ? connectionTimeout() : aggregateError(ctx.errors));
    return;
  }
  const current = ctx.current++;
  const { address, family } = ctx.addresses[current]!;
  const req: FdRequest = { ...ctx.req, family: family as 4 | 6 };
  const made = fdFor(ctx.st, req, address, ctx.port);
  ctx.st.reason = made.reason;
  if (made.error) {
    self.destroy(made.error);
    return;
  }
  const helper = new net.Socket();
  helper.pause(); // the helper must never read: the data belongs to the user's socket
  ctx.helper = helper;
  attemptedAddresses(self).push(`${address}:${ctx.port}`);
  helper.on('connectionAttempt', (a: string, p: number, t: number) => self.emit('connectionAttempt', a, p, t));
  helper.once('error', (err: Error) => {
    if (ctx.helper !== helper) return;
    if (ctx.timer) clearTimeout(ctx.timer);
    ctx.helper = null;
    ctx.errors.push(err);
    self.emit('connectionAttemptFailed', address, ctx.port, family, err);
    if (self.connecting) attemptNext(ctx);
  });
  helper.once('connect', () => {
    if (ctx.helper !== helper) return void helper.destroy();
    if (ctx.timer) clearTimeout(ctx.timer);
    ctx.helper = null;
    handOver(ctx, helper, made, address);
  });
  nodeConnect.call(helper, { host: address, port: ctx.port, localPort: ctx.localPort ?? 0, autoSelectFamily: false });
  if (made.fd !== null) {
    const err = handleOf(helper)!.open(made.fd);
    if (err) {
      closeFd(made.fd);
      helper.destroy(errnoException(err, 'open'));
      return;
    }
  }
  if (current < ctx.addresses.length - 1) {
    ctx.timer = setTimeout(() => {
      if (ctx.helper !== helper) return;
      ctx.timer = null;
      self.emit('connectionAttemptTimeout', address, ctx.port, family);
      const local = ctx.localPort ? `${family === 6 ? '::' : '0.0.0.0'}:${ctx.localPort}` : undefined;
      const ex = exceptionWithHostPort(-errno('ETIMEDOUT'), 'connect', address, ctx.port, local);
      if (local) {
        ex.localAddress = family === 6 ? '::' : '0.0.0.0';
        ex.localPort = ctx.localPort!;
      }
      ctx.errors.push(ex);
      ctx.helper = null;
      helper.destroy();
      if (self.connecting) attemptNext(ctx);
    }, ctx.timeout);
  }
}

function handOver(ctx: AttemptContext, helper: net.Socket, made: FdResult, address: string): void {
  const self = ctx.socket;
  const fd = findFd(helper);
  if (!self.connecting || fd === null) return void helper.destroy();
  let copy: number;
  try {
    copy = native()!.dup(fd);
  } catch (err) {
    helper.destroy();
    self.destroy(err as Error);
    return;
  }
  helper.destroy();
  const handle = handleOf(self);
  const err = handle ? handle.open(copy) : -errno('EBADF');
  if (err) {
    closeFd(copy);
    self.destroy(errnoException(err, 'open'));
    return;
  }
  ctx.st.peerAddress = address;
  ctx.st.peerPort = ctx.port;
  ctx.st.protocol = made.fd === null ? 0 : made.multipath ? IPPROTO_MPTCP : IPPROTO_TCP;
  if (made.multipath) self.prependOnceListener('connect', onConnected);
  // The helper announced this attempt already; node announces it again as it "connects".
  const emit = self.emit;
  self.emit = function (this: net.Socket, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'connectionAttempt' && args[0] === address) {
      delete (this as Partial<net.Socket>).emit; // back to the prototype's
      return true;
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  };
  connectTo(self, ctx.options, address);
}

/** The lookup node:net calls for a hostname: ours, so the fd matches the address family. */
function makeLookup(socket: net.Socket, st: SocketState, options: ConnectOptions, req: FdSpec): net.LookupFunction {
  const lookup = (options.lookup ?? dns.lookup) as unknown as (
    host: string,
    opts: dns.LookupOptions,
    cb: LookupOneCallback | LookupAllCallback,
  ) => void;
  const autoSelect = options.autoSelectFamily ?? net.getDefaultAutoSelectFamily();
  let timeout = options.autoSelectFamilyAttemptTimeout ?? net.getDefaultAutoSelectFamilyAttemptTimeout();
  if (timeout < 10) timeout = 10;
  const port = Number(options.port) | 0;

  return ((host: string, dnsopts: dns.LookupOptions, callback: LookupOneCallback) => {
    if (!socket.connecting) return;
    const family = dnsopts.family;
    if (!autoSelect || family === 4 || family === 6 || options.localAddress) {
      lookup(host, dnsopts, ((err, ip, fam) => {
        if (!err && socket.connecting && typeof ip === 'string' && net.isIP(ip) && (fam === 4 || fam === 6)) {
          attachFd(socket, st, { ...req, family: fam }, ip, port);
        }
        callback(err, ip, fam);
      }) as LookupOneCallback);
      return;
    }
    lookup(host, { ...dnsopts, all: true }, ((err, addresses) => {
      onAddresses(socket, st, options, req, host, timeout, err, addresses);
    }) as LookupAllCallback);
  }) as unknown as net.LookupFunction;
}

/** node's lookupAndConnectMultiple, after the lookup: events, filtering, ordering, attempts. */
function onAddresses(
  socket: net.Socket,
  st: SocketState,
  options: ConnectOptions,
  req: FdSpec,
  host: string,
  timeout: number,
  err: NodeJS.ErrnoException | null,
  result: dns.LookupAddress[] | string,
): void {
  if (!socket.connecting) return;
  if (err) {
    socket.emit('lookup', err, undefined, undefined, host);
    process.nextTick(() => socket.destroy(err));
    return;
  }
  const addresses = typeof result === 'string' ? [{ address: result, family: net.isIP(result) }] : result;
  const valid: [dns.LookupAddress[], dns.LookupAddress[]] = [[], []];
  let order: Record<number, 0 | 1> | undefined;
  for (const a of addresses) {
    socket.emit('lookup', err, a.address, a.family, host);
    if (!socket.connecting) return;
    if (net.isIP(a.address) && (a.family === 4 || a.family === 6)) {
      order ??= a.family === 6 ? { 6: 0, 4: 1 } : { 4: 0, 6: 1 };
      const bucket = valid[order[a.family]!];
      if (!bucket.some((b) => b.address === a.address)) bucket.push(a);
    }
  }
  if (valid[0].length === 0 && valid[1].length === 0) {
    const first = addresses[0];
    if (first && !net.isIP(first.address)) {
      const e = invalidIpAddress(first.address);
      process.nextTick(() => socket.destroy(e));
    } else if (first && first.family !== 4 && first.family !== 6) {
      const e = invalidAddressFamily(first.family, options.host, options.port);
      process.nextTick(() => socket.destroy(e));
    }
    return;
  }
  // Alternate the families, the first answer's family first (RFC 8305 §4).
  const toAttempt: dns.LookupAddress[] = [];
  for (let i = 0; i < Math.max(valid[0].length, valid[1].length); i++) {
    if (valid[0][i]) toAttempt.push(valid[0][i]!);
    if (valid[1][i]) toAttempt.push(valid[1][i]!);
  }
  const port = Number(options.port) | 0;
  const localPort = options.localPort;
  if (toAttempt.length === 1) {
    const only = toAttempt[0]!;
    if (attachFd(socket, st, { ...req, family: only.family as 4 | 6 }, only.address, port)) {
      connectTo(socket, options, only.address, localPort);
    }
    return;
  }
  (socket as { autoSelectFamilyAttemptedAddresses: string[] }).autoSelectFamilyAttemptedAddresses = [];
  const ctx: AttemptContext = {
    socket,
    st,
    options,
    req,
    addresses: toAttempt,
    current: 0,
    port,
    localPort,
    timeout,
    timer: null,
    errors: [],
    helper: null,
  };
  socket.once('close', () => cancelAttempt(ctx));
  attemptNext(ctx);
}

function usesNodeValidation(options: ConnectOptions): boolean {
  // Values node:net must reject itself, so the error is exactly node's.
  const { lookup, autoSelectFamily, autoSelectFamilyAttemptTimeout: t } = options;
  if (lookup != null && typeof lookup !== 'function' && !net.isIP(options.host || 'localhost')) return true;
  if (autoSelectFamily != null && typeof autoSelectFamily !== 'boolean') return true;
  if (t != null && !(typeof t === 'number' && Number.isInteger(t) && t >= 1 && t <= INT32_MAX)) return true;
  return false;
}

/**
 * Socket.prototype.connect, also installed on net.Socket.prototype by the
 * register hook: node's connect, with an MPTCP fd under it. Same overloads,
 * options, events and errors.
 */
export function connectMultipath(this: net.Socket, ...args: unknown[]): net.Socket {
  const [options, cb] = normalizeArgs(args) as unknown as [ConnectOptions, (() => void) | null];
  const st = ensureSocketState(this);
  if (options.multipath !== undefined) st.mode = validateMode(options.multipath, 'options.multipath')!;
  if (options.socketOptions !== undefined) {
    st.socketOptions = validateSocketOptions(options.socketOptions, 'options.socketOptions');
  }
  st.reason = null;
  st.protocol = 0;
  st.known = undefined;
  st.lastReason = null;
  st.peerAddress = undefined;

  // IPC paths, and invalid input that node:net must reject in its own words.
  if (options.path != null || usesNodeValidation(options)) return viaNode(this, options, cb);
  if (st.mode === false && !st.socketOptions) {
    st.reason = 'option-off';
    return viaNode(this, options, cb);
  }
  const host = options.host || 'localhost';
  const family = net.isIP(host);
  if (family === 0) {
    // Node resolves through our lookup and never creates handles of its own.
    const lookup = makeLookup(this, st, options, { mode: st.mode, socketOptions: st.socketOptions });
    return viaNode(this, { ...options, autoSelectFamily: false, lookup }, cb);
  }
  viaNode(this, options, cb);
  if (this.connecting) attachFd(this, st, { family: family as 4 | 6, mode: st.mode, socketOptions: st.socketOptions }, host, Number(options.port) | 0);
  return this;
}

function viaNode(socket: net.Socket, options: ConnectOptions, cb: (() => void) | null): net.Socket {
  return cb ? nodeConnect.call(socket, options, cb) : nodeConnect.call(socket, options);
}

/** mptcp.Socket. Callable with or without `new`, as net.Socket is. */
export const Socket: SocketConstructor = function Socket(this: unknown, options?: SocketConstructorOpts | number): Socket | void {
  if (!(this instanceof Socket)) return new (Socket as SocketConstructor)(options);
  let mode: MultipathMode = true;
  let socketOptions: SocketOptions | undefined;
  let rest: unknown = options;
  // Accepted sockets come here with node's options only: nothing to take apart.
  if (options !== null && typeof options === 'object' && ('multipath' in options || 'socketOptions' in options)) {
    const { multipath, socketOptions: so, ...others } = options;
    mode = validateMode(multipath, 'options.multipath') ?? true;
    socketOptions = validateSocketOptions(so, 'options.socketOptions');
    rest = others;
  }
  // Every instance gets the slot (one shape for V8); the state itself only when there is something to keep.
  const self = this as { [kState]?: SocketState | null };
  self[kState] = rest === options ? null : newSocketState(mode, socketOptions);
  const handle = (rest as { handle?: unknown } | undefined)?.handle;
  if (isBoundSocket(handle)) adoptBoundSocket(handle, (self[kState] ??= newSocketState(mode, socketOptions)));
  NodeSocket.call(this as net.Socket, rest);
} as unknown as SocketConstructor;

Object.setPrototypeOf(Socket.prototype, net.Socket.prototype);
Object.setPrototypeOf(Socket, net.Socket);

type Proto = Socket & { _destroy(error: Error | null, callback: (error?: Error | null) => void): void };
const proto = Socket.prototype as Proto;
const nodeDestroy = (net.Socket.prototype as unknown as Proto)._destroy;

proto.connect = connectMultipath as Proto['connect'];

Object.defineProperties(proto, {
  multipath: {
    get(this: net.Socket) {
      return isMultipath(this);
    },
    configurable: true,
  },
  fallbackReason: {
    get(this: net.Socket) {
      return fallbackReason(this);
    },
    configurable: true,
  },
});

type Methods = Pick<Socket, 'info' | 'subflows' | 'getsockopt' | 'setsockopt' | 'setBackup'>;
const methods: Methods & ThisType<Socket> = {
  info() {
    return info(this);
  },
  subflows() {
    return subflows(this);
  },
  getsockopt(a: SocketOptionName | number, b?: number, c?: RawType) {
    return typeof a === 'number' ? getsockopt(this, a, b as number, c) : getsockopt(this, a);
  },
  setsockopt(a: SocketOptionName | number, b: unknown, c?: Buffer | number) {
    if (typeof a === 'number') setsockopt(this, a, b as number, c as Buffer | number);
    else setsockopt(this, a, b as SocketOptionInput<SocketOptionName>);
    return this;
  },
  setBackup(address: string, backup: boolean) {
    return setBackupOf(this, address, backup);
  },
} as Methods & ThisType<Socket>;
Object.assign(proto, methods);

// A listener for an extension's event ('subflow', …) subscribes this socket to it.
for (const method of ['addListener', 'on', 'once', 'prependListener', 'prependOnceListener'] as const) {
  const base = net.Socket.prototype[method] as (this: net.Socket, event: string | symbol, listener: Listener<never[]>) => net.Socket;
  Object.defineProperty(proto, method, {
    value: function (this: net.Socket, event: string | symbol, listener: Listener<never[]>) {
      onListenerAdded(this, event);
      return base.call(this, event, listener);
    },
    writable: true,
    configurable: true,
  });
}

proto._destroy = function _destroy(this: Socket, error: Error | null, callback: (error?: Error | null) => void): void {
  keepAnswer(this);
  nodeDestroy.call(this, error, callback);
};

/**
 * mptcp.setBackup(socket, address, backup): socket.setBackup for any socket.
 * Path management provides it (lib/pm/attach.ts); without it, says so.
 */
export function setBackupOf(socket: net.Socket, address: string, backup: boolean): Promise<number> {
  const fn = extensionFor('setBackup');
  if (!fn) return Promise.reject(noPathManagement('setBackup'));
  return fn(socket, address, backup);
}

/**
 * mptcp.connect / mptcp.createConnection: as net.connect, with a
 * Multipath TCP socket. Same overloads, options, events and errors.
 */
export function connect(options: NetConnectOpts, connectionListener?: () => void): Socket;
export function connect(port: number, host?: string, connectionListener?: () => void): Socket;
export function connect(path: string, connectionListener?: () => void): Socket;
export function connect(...args: unknown[]): Socket {
  const normalized = normalizeArgs(args);
  const options = normalized[0];
  const socket = new Socket(options as SocketConstructorOpts);
  if (clientSocketChannel.hasSubscribers) clientSocketChannel.publish({ socket });
  const timeout = (options as { timeout?: number }).timeout;
  if (timeout) socket.setTimeout(timeout);
  return connectMultipath.call(socket, normalized) as Socket;
}

export const createConnection = connect;
