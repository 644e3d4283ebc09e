// mptcp.Socket: a net.Socket whose connections are Multipath TCP when the
// kernel allows. node:net does everything it normally does (validation,
// lookup, connect, errors, events); this class only hands it an MPTCP fd to
// use, and resolves hostnames itself so that each attempted address gets its
// own MPTCP fd (node's autoSelectFamily would silently make plain TCP ones).
import dc from 'node:diagnostics_channel';
import dns from 'node:dns';
import net from 'node:net';
import { closeFd, createFd, type FdRequest } from './create';
import {
  aggregateError,
  connectionTimeout,
  errno,
  errnoException,
  exceptionWithHostPort,
  invalidAddressFamily,
  invalidIpAddress,
} from '../errors';
import { findFd } from './fd';
import { info, subflows, type Subflow } from './info';
import { native } from '../native/binding';
import { fallbackReason, isMultipath, snapshot } from './status';
import { setState, stateOf, validateMode, type FallbackReason, type MultipathMode, type SocketState } from './state';
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
import type { MptcpInfo } from '../kernel/structs';
import { onNewListener } from '../pm/watch';
import { setSubflowBackup } from '../pm/steer';

/** Options this package adds to node:net's. */
export interface MultipathOptions {
  /** true (default): MPTCP when possible, else TCP. false: plain TCP. 'require': MPTCP or ERR_MPTCP_UNAVAILABLE. */
  multipath?: MultipathMode;
  /** Socket options set on each new fd before it binds or connects, e.g. `{ SO_MARK: 7 }`. */
  socketOptions?: SocketOptions;
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

/** node:net's internal handle, as far as this file touches it. */
interface TcpHandle {
  fd?: number;
  open(fd: number): number;
}

interface ConnectOptions extends TcpSocketConnectOpts {
  path?: string;
  lookup?: net.LookupFunction;
}

type LookupAllCallback = (err: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[] | string, family?: number) => void;
type LookupOneCallback = (err: NodeJS.ErrnoException | null, address: string, family: number) => void;

const clientSocketChannel = dc.channel('net.client.socket');
/** Address whose 'connectionAttempt' node will emit a second time when the winner is handed over. */
const kHandedOver = Symbol('mptcp.handedOver');
const INT32_MAX = 2 ** 31 - 1;

function handleOf(socket: net.Socket): TcpHandle | null {
  return (socket as unknown as { _handle: TcpHandle | null })._handle;
}

/** net's own argument normalization: (options[, cb]), (path[, cb]), ([port][, host][, cb]). */
function normalizeArgs(args: unknown[]): [ConnectOptions, ((...a: unknown[]) => void) | null] {
  const normalize = (net as unknown as { _normalizeArgs: (a: unknown[]) => unknown[] })._normalizeArgs;
  const first = args[0];
  // node:net passes an already-normalized array between its own functions.
  const arr = Array.isArray(first) && Object.getOwnPropertySymbols(first).length > 0 ? first : normalize(args);
  return [arr[0] as ConnectOptions, (arr[1] as ((...a: unknown[]) => void) | null) ?? null];
}

function attemptedAddresses(socket: net.Socket): string[] {
  const s = socket as { autoSelectFamilyAttemptedAddresses: string[] | undefined };
  return (s.autoSelectFamilyAttemptedAddresses ??= []);
}

function stateFor(socket: net.Socket): SocketState {
  return stateOf(socket) ?? setState(socket, { mode: true, reason: null });
}

/** Gives the socket its fd for `family`. False if the socket was destroyed instead. */
function attachFd(socket: net.Socket, req: FdRequest): boolean {
  const st = stateFor(socket);
  // A socket made over an fd it was given ({ fd }) connects with that one.
  const existing = handleOf(socket)?.fd;
  if (typeof existing === 'number' && existing >= 0) return true;
  const made = createFd(req);
  st.reason = made.reason;
  if (made.error) {
    socket.destroy(made.error);
    return false;
  }
  if (made.fd === null) return true; // node:net makes a plain TCP socket itself
  const handle = handleOf(socket);
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
  (net.Socket.prototype.connect as (this: net.Socket, o: ConnectOptions) => net.Socket).call(socket, opts);
}

interface AttemptContext {
  socket: Socket;
  options: ConnectOptions;
  req: Omit<FdRequest, 'family'>;
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
  const made = createFd({ ...ctx.req, family: family as 4 | 6 });
  stateFor(self).reason = made.reason;
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
    handOver(ctx, helper, address);
  });
  helper.connect({ host: address, port: ctx.port, localPort: ctx.localPort ?? 0, autoSelectFamily: false });
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

function handOver(ctx: AttemptContext, helper: net.Socket, address: string): void {
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
  // The attempt was already announced by the helper; node announces it again as it "connects".
  (self as unknown as Record<symbol, string | undefined>)[kHandedOver] = address;
  connectTo(self, ctx.options, address);
}

/** The lookup node:net calls for a hostname: ours, so the fd matches the address family. */
function makeLookup(
  socket: Socket,
  options: ConnectOptions,
  req: Omit<FdRequest, 'family'>,
): net.LookupFunction {
  const lookup = (options.lookup ?? dns.lookup) as unknown as (
    host: string,
    opts: dns.LookupOptions,
    cb: LookupOneCallback | LookupAllCallback,
  ) => void;
  const autoSelect = options.autoSelectFamily ?? net.getDefaultAutoSelectFamily();
  let timeout = options.autoSelectFamilyAttemptTimeout ?? net.getDefaultAutoSelectFamilyAttemptTimeout();
  if (timeout < 10) timeout = 10;

  return ((host: string, dnsopts: dns.LookupOptions, callback: LookupOneCallback) => {
    if (!socket.connecting) return;
    const family = dnsopts.family;
    if (!autoSelect || family === 4 || family === 6 || options.localAddress) {
      lookup(host, dnsopts, ((err, ip, fam) => {
        if (!err && socket.connecting && typeof ip === 'string' && net.isIP(ip) && (fam === 4 || fam === 6)) {
          attachFd(socket, { ...req, family: fam });
        }
        callback(err, ip, fam);
      }) as LookupOneCallback);
      return;
    }
    lookup(host, { ...dnsopts, all: true }, ((err, addresses) => {
      onAddresses(socket, options, req, host, timeout, err, addresses);
    }) as LookupAllCallback);
  }) as unknown as net.LookupFunction;
}

/** node's lookupAndConnectMultiple, after the lookup: events, filtering, ordering, attempts. */
function onAddresses(
  socket: Socket,
  options: ConnectOptions,
  req: Omit<FdRequest, 'family'>,
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
    if (attachFd(socket, { ...req, family: only.family as 4 | 6 })) connectTo(socket, options, only.address, localPort);
    return;
  }
  (socket as { autoSelectFamilyAttemptedAddresses: string[] }).autoSelectFamilyAttemptedAddresses = [];
  const ctx: AttemptContext = {
    socket,
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

export class Socket extends net.Socket {
  constructor(options?: SocketConstructorOpts | number) {
    let mode: MultipathMode = true;
    let socketOptions: SocketOptions | undefined;
    let rest: net.SocketConstructorOpts | number | undefined = options;
    if (options !== null && typeof options === 'object') {
      const { multipath, socketOptions: so, ...others } = options;
      mode = validateMode(multipath, 'options.multipath') ?? true;
      socketOptions = validateSocketOptions(so, 'options.socketOptions');
      rest = others;
    }
    super(rest as net.SocketConstructorOpts);
    setState(this, { mode, reason: null, socketOptions });
    // A 'subflow' (&c.) listener subscribes this socket to its path-manager events.
    this.on('newListener', onNewListener);
  }

  override connect(options: SocketConnectOpts, connectionListener?: () => void): this;
  override connect(port: number, host: string, connectionListener?: () => void): this;
  override connect(port: number, connectionListener?: () => void): this;
  override connect(path: string, connectionListener?: () => void): this;
  override connect(...args: unknown[]): this {
    const [options, cb] = normalizeArgs(args);
    const st = stateFor(this);
    if (options.multipath !== undefined) st.mode = validateMode(options.multipath, 'options.multipath')!;
    if (options.socketOptions !== undefined) {
      st.socketOptions = validateSocketOptions(options.socketOptions, 'options.socketOptions');
    }
    st.reason = null;
    delete st.lastMultipath;
    delete st.lastReason;
    const superConnect = (opts: ConnectOptions): this =>
      cb ? super.connect(opts as net.SocketConnectOpts, cb) : super.connect(opts as net.SocketConnectOpts);

    // IPC paths, and invalid input that node:net must reject in its own words.
    if (options.path != null || usesNodeValidation(options)) return superConnect(options);
    if (st.mode === false && !st.socketOptions) {
      st.reason = 'option-off';
      return superConnect(options);
    }

    const req = { mode: st.mode, socketOptions: st.socketOptions };
    const host = options.host || 'localhost';
    const family = net.isIP(host);
    // Node resolves through our lookup and never creates handles of its own.
    superConnect({ ...options, autoSelectFamily: false, lookup: makeLookup(this, options, req) });
    if (family !== 0 && this.connecting) attachFd(this, { ...req, family: family as 4 | 6 });
    return this;
  }

  /** True when this connection runs Multipath TCP end to end (see mptcp.isMultipath). */
  get multipath(): boolean {
    return isMultipath(this);
  }

  /** Why this connection is not Multipath TCP, or null (see mptcp.fallbackReason). */
  get fallbackReason(): FallbackReason | null {
    return fallbackReason(this);
  }

  /** struct mptcp_info, or null when not MPTCP (see mptcp.info). */
  info(): MptcpInfo | null {
    return info(this);
  }

  /** The connection's subflows (see mptcp.subflows). */
  subflows(): Subflow[] {
    return subflows(this);
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

  /**
   * Marks the subflows leaving from local `address` as backup or active (MP_PRIO).
   * Needs the userspace path manager; see pm.setEndpointFlags for the in-kernel one.
   */
  setBackup(address: string, backup: boolean): Promise<number> {
    return setSubflowBackup(this, address, backup);
  }

  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'connectionAttempt') {
      const slot = this as unknown as Record<symbol, string | undefined>;
      if (slot[kHandedOver] !== undefined && slot[kHandedOver] === args[0]) {
        slot[kHandedOver] = undefined;
        return true;
      }
    }
    return super.emit(event, ...args);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    snapshot(this);
    super._destroy(error, callback);
  }
}

/**
 * mptcp.connect / mptcp.createConnection: as net.connect, with a
 * Multipath TCP socket. Same overloads, options, events and errors.
 */
export function connect(options: NetConnectOpts, connectionListener?: () => void): Socket;
export function connect(port: number, host?: string, connectionListener?: () => void): Socket;
export function connect(path: string, connectionListener?: () => void): Socket;
export function connect(...args: unknown[]): Socket {
  const [options] = normalizeArgs(args);
  const socket = new Socket(options as SocketConstructorOpts);
  if (clientSocketChannel.hasSubscribers) clientSocketChannel.publish({ socket });
  const timeout = (options as { timeout?: number }).timeout;
  if (timeout) socket.setTimeout(timeout);
  return (socket.connect as (...a: unknown[]) => Socket)(...args);
}

export const createConnection = connect;
