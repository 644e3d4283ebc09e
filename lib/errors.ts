// Node-style errors, built the way lib/internal/errors.js builds them, so an
// error from `mptcp` reads and matches exactly like one from `node:net`.
import os from 'node:os';
import util from 'node:util';

/** A system error as Node reports it: negative errno, errno name, syscall. */
export interface SystemError extends Error {
  errno: number;
  code: string;
  syscall: string;
  address?: string;
  port?: number;
  localAddress?: string;
  localPort?: number;
  /** The socket option or netlink command involved, when there is one. */
  option?: string;
}

/** An error with one of Node's (or this package's) stable `ERR_*` codes. */
export interface CodedError extends Error {
  code: string;
}

/**
 * True if `err` is a system error with one of these errno names. Compares
 * numbers: libuv calls 95 "ENOTSUP", the kernel headers EOPNOTSUPP too.
 */
export function hasErrno(err: unknown, ...names: (keyof typeof os.constants.errno)[]): boolean {
  const n = errnoOf(err);
  return n !== undefined && names.some((name) => os.constants.errno[name] === n);
}

/** What a TCP-only or fallen-back socket answers to an MPTCP request: EOPNOTSUPP (IPv4), ENOPROTOOPT (IPv6). */
export function isUnsupported(err: unknown): boolean {
  return hasErrno(err, 'EOPNOTSUPP', 'ENOPROTOOPT');
}

/** errno (positive, as the kernel gives it) of a system error, or undefined. */
export function errnoOf(err: unknown): number | undefined {
  if (err instanceof Error && typeof (err as Partial<SystemError>).errno === 'number') {
    return -(err as SystemError).errno;
  }
  return undefined;
}

/** The errno name for a positive errno value ("ENOPROTOOPT"). */
export function errnoName(errno: number): string {
  return util.getSystemErrorName(-errno);
}

/** Positive errno value of a name, from os.constants.errno. */
export function errno(name: keyof typeof os.constants.errno): number {
  return os.constants.errno[name];
}

/** Node's ErrnoException: "<syscall> <CODE>[ <original>]". `err` is negative. */
export function errnoException(err: number, syscall: string, original?: string): SystemError {
  const code = util.getSystemErrorName(err);
  const message = original ? `${syscall} ${code} ${original}` : `${syscall} ${code}`;
  const e = new Error(message) as SystemError;
  e.errno = err;
  e.code = code;
  e.syscall = syscall;
  return e;
}

function hostPortDetails(address: string | undefined, port: number | undefined): string {
  if (port && port > 0) return ` ${address}:${port}`;
  if (address) return ` ${address}`;
  return '';
}

/** Node's ExceptionWithHostPort: "connect ECONNREFUSED 127.0.0.1:9 - Local (…)". */
export function exceptionWithHostPort(
  err: number,
  syscall: string,
  address: string | undefined,
  port: number | undefined,
  additional?: string,
): SystemError {
  const code = util.getSystemErrorName(err);
  let details = hostPortDetails(address, port);
  if (additional) details += ` - Local (${additional})`;
  const e = new Error(`${syscall} ${code}${details}`) as SystemError;
  e.errno = err;
  e.code = code;
  e.syscall = syscall;
  if (address !== undefined) e.address = address;
  if (port) e.port = port;
  return e;
}

/** Node's UVExceptionWithHostPort: "listen EADDRINUSE: address already in use :::80". */
export function uvExceptionWithHostPort(
  err: number,
  syscall: string,
  address: string | null | undefined,
  port: number | null | undefined,
): SystemError {
  const entry = util.getSystemErrorMap().get(err);
  const code = entry ? entry[0] : 'UNKNOWN';
  const uvmsg = entry ? entry[1] : 'unknown error';
  const details = hostPortDetails(address ?? undefined, port ?? undefined);
  const e = new Error(`${syscall} ${code}: ${uvmsg}${details}`) as SystemError;
  e.code = code;
  e.errno = err;
  e.syscall = syscall;
  (e as { address?: string | null }).address = address ?? null;
  if (port) e.port = port;
  return e;
}

function nodeError<T extends Error>(Base: new (message: string) => T, code: string, message: string): T & CodedError {
  const e = new Base(message) as T & CodedError;
  Object.defineProperty(e, 'toString', {
    value(this: Error) {
      return `${this.name} [${code}]: ${this.message}`;
    },
    enumerable: false,
    writable: true,
    configurable: true,
  });
  e.code = code;
  return e;
}

function describeReceived(value: unknown): string {
  if (value == null) return String(value);
  if (typeof value === 'function' && value.name) return `function ${value.name}`;
  if (typeof value === 'object') {
    const ctor = (value as { constructor?: { name?: string } }).constructor;
    if (ctor?.name) return `an instance of ${ctor.name}`;
    return util.inspect(value, { depth: -1 });
  }
  let inspected = util.inspect(value, { colors: false });
  if (inspected.length > 28) inspected = `${inspected.slice(0, 25)}...`;
  return `type ${typeof value} (${inspected})`;
}

/** ERR_INVALID_ARG_TYPE with Node's wording; `expected` is a phrase such as "of type number". */
export function invalidArgType(name: string, expected: string, actual: unknown): CodedError {
  const kind = name.includes('.') ? 'property' : 'argument';
  return nodeError(
    TypeError,
    'ERR_INVALID_ARG_TYPE',
    `The "${name}" ${kind} must be ${expected}. Received ${describeReceived(actual)}`,
  );
}

/** ERR_INVALID_ARG_VALUE with Node's wording. */
export function invalidArgValue(name: string, value: unknown, reason = 'is invalid'): CodedError {
  let inspected = util.inspect(value);
  if (inspected.length > 128) inspected = `${inspected.slice(0, 128)}...`;
  const kind = name.includes('.') ? 'property' : 'argument';
  return nodeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The ${kind} '${name}' ${reason}. Received ${inspected}`);
}

/** ERR_OUT_OF_RANGE with Node's wording. */
export function outOfRange(name: string, range: string, received: unknown): CodedError {
  return nodeError(
    RangeError,
    'ERR_OUT_OF_RANGE',
    `The value of "${name}" is out of range. It must be ${range}. Received ${util.inspect(received)}`,
  );
}

/** ERR_SOCKET_CLOSED, as node:net raises for a destroyed socket. */
export function socketClosed(): CodedError {
  return nodeError(Error, 'ERR_SOCKET_CLOSED', 'Socket is closed');
}

/** ERR_INVALID_IP_ADDRESS, as node:net raises for a lookup that returned junk. */
export function invalidIpAddress(address: unknown): CodedError {
  return nodeError(TypeError, 'ERR_INVALID_IP_ADDRESS', `Invalid IP address: ${String(address)}`);
}

/** ERR_INVALID_ADDRESS_FAMILY, as node:net raises for a lookup that returned junk. */
export function invalidAddressFamily(family: unknown, host: unknown, port: unknown): CodedError & {
  host: unknown;
  port: unknown;
} {
  const e = nodeError(
    RangeError,
    'ERR_INVALID_ADDRESS_FAMILY',
    `Invalid address family: ${String(family)} ${String(host)}:${String(port)}`,
  ) as CodedError & { host: unknown; port: unknown };
  e.host = host;
  e.port = port;
  return e;
}

/** ERR_SOCKET_CONNECTION_TIMEOUT: every address attempt timed out. */
export function connectionTimeout(): CodedError {
  return nodeError(Error, 'ERR_SOCKET_CONNECTION_TIMEOUT', 'Socket connection timeout');
}

/** Node's NodeAggregateError: an AggregateError whose code is the first error's. */
export function aggregateError(errors: Error[]): AggregateError & { code?: string } {
  const e = new AggregateError(errors) as AggregateError & { code?: string };
  e.code = (errors[0] as Partial<CodedError> | undefined)?.code;
  return e;
}

/** Why no MPTCP socket could be made (see support()). */
export type UnavailableReason = 'platform' | 'addon' | 'kernel' | 'disabled' | 'blocked';

export interface MptcpUnavailableError extends CodedError {
  code: 'ERR_MPTCP_UNAVAILABLE';
  reason: UnavailableReason;
  /** The errno of the failed socket(…, IPPROTO_MPTCP), when there was one. */
  errno?: number;
  syscall?: string;
}

/** Why MPTCP is unavailable, in words (error messages and `mptcp doctor` share them). */
export const UNAVAILABLE_TEXT: Readonly<Record<UnavailableReason, string>> = {
  platform: `${process.platform} has no Multipath TCP (Linux 5.6 or later is needed)`,
  addon: 'the native addon did not load',
  kernel: 'the kernel has no MPTCP support (Linux 5.6 or later with CONFIG_MPTCP is needed)',
  disabled: 'MPTCP is disabled in this network namespace (sysctl net.mptcp.enabled=0)',
  blocked: 'creating MPTCP sockets is not permitted here (a security policy: SELinux, seccomp or eBPF)',
};

/** ERR_MPTCP_UNAVAILABLE: `multipath: 'require'` and no MPTCP socket can be made. */
export function mptcpUnavailable(reason: UnavailableReason, cause?: Error): MptcpUnavailableError {
  const e = nodeError(
    Error,
    'ERR_MPTCP_UNAVAILABLE',
    `Multipath TCP is required but unavailable: ${UNAVAILABLE_TEXT[reason]}`,
  ) as MptcpUnavailableError;
  e.reason = reason;
  if (cause) {
    const n = (cause as Partial<SystemError>).errno;
    if (typeof n === 'number') e.errno = n;
    const s = (cause as Partial<SystemError>).syscall;
    if (typeof s === 'string') e.syscall = s;
    (e as Error & { cause?: unknown }).cause = cause;
  }
  return e;
}

/** ERR_MPTCP_NO_FD: the socket has no OS file descriptor (not connected yet, or a JS stream). */
export function noFd(): CodedError {
  return nodeError(
    Error,
    'ERR_MPTCP_NO_FD',
    'The socket has no file descriptor: it is not connected yet or is not an OS socket',
  );
}

/** ERR_MPTCP_NO_PATH_MANAGEMENT: a feature of the path-management layer, which this process did not load. */
export function noPathManagement(feature: string): CodedError {
  return nodeError(
    Error,
    'ERR_MPTCP_NO_PATH_MANAGEMENT',
    `${feature} needs mptcp's path management, which is not loaded: import 'mptcp' (or 'mptcp/pm'), not its internal modules`,
  );
}
