// getsockopt / setsockopt on any node:net socket, by name or by number.
// Named options know their level, number and value type; values are
// encoded here and the addon only moves bytes.
import * as uapi from '../kernel/constants';
import {
  errnoName,
  invalidArgType,
  isUnsupported,
  invalidArgValue,
  mptcpUnavailable,
  outOfRange,
  type SystemError,
} from '../errors';
import { requireFd } from './fd';
import { kernelVersion } from '../kernel/version';
import { readS32, readU32, readU64, writeS32, writeU64 } from '../kernel/bytes';
import { decodeTcpInfo } from '../kernel/decoders';
import { native, nativeState, type NativeBinding } from '../native/binding';
import { TCP_INFO_BUFFER, type TcpInfo } from '../kernel/structs';

/** SOL_SOCKET and SO_* as in asm-generic/socket.h; the addon's values replace these on Linux. */
const genericSocketConstants = {
  SOL_SOCKET: 1,
  SO_DEBUG: 1,
  SO_REUSEADDR: 2,
  SO_TYPE: 3,
  SO_ERROR: 4,
  SO_DONTROUTE: 5,
  SO_BROADCAST: 6,
  SO_SNDBUF: 7,
  SO_RCVBUF: 8,
  SO_KEEPALIVE: 9,
  SO_OOBINLINE: 10,
  SO_NO_CHECK: 11,
  SO_PRIORITY: 12,
  SO_LINGER: 13,
  SO_REUSEPORT: 15,
  SO_RCVLOWAT: 18,
  SO_SNDLOWAT: 19,
  SO_RCVTIMEO: 20,
  SO_SNDTIMEO: 21,
  SO_BINDTODEVICE: 25,
  SO_TIMESTAMP: 29,
  SO_ACCEPTCONN: 30,
  SO_SNDBUFFORCE: 32,
  SO_RCVBUFFORCE: 33,
  SO_TIMESTAMPNS: 35,
  SO_MARK: 36,
  SO_PROTOCOL: 38,
  SO_DOMAIN: 39,
  SO_RXQ_OVFL: 40,
  SO_PEEK_OFF: 42,
  SO_BUSY_POLL: 46,
  SO_MAX_PACING_RATE: 47,
  SO_INCOMING_CPU: 49,
  SO_ZEROCOPY: 60,
  SO_TXTIME: 61,
  SO_BINDTOIFINDEX: 62,
  SO_COOKIE: 57,
};

export type SocketConstants = { -readonly [K in keyof typeof genericSocketConstants]: number };

function socketConstants(): SocketConstants {
  const out: SocketConstants = { ...genericSocketConstants };
  const b = native();
  if (b) {
    for (const key of Object.keys(out) as (keyof SocketConstants)[]) {
      const v = b.constants[key];
      if (typeof v === 'number') out[key] = v;
    }
  }
  return out;
}

/** UAPI numbers for MPTCP and the socket options, with this architecture's SOL_SOCKET/SO_*. */
export type Constants = Readonly<typeof uapi & SocketConstants>;

export const constants: Constants = Object.freeze({ ...uapi, ...socketConstants() });

type ValueType = 'int' | 'string' | 'u64' | 'linger' | 'tcp_info';

interface OptionSpec {
  readonly level: number;
  readonly name: number;
  readonly type: ValueType;
  readonly readOnly?: boolean;
}

/** struct linger. */
export interface Linger {
  onoff: number;
  linger: number;
}

/** The value each named option reads as. */
export interface SocketOptionValues {
  TCP_NODELAY: number;
  TCP_MAXSEG: number;
  TCP_CORK: number;
  TCP_KEEPIDLE: number;
  TCP_KEEPINTVL: number;
  TCP_KEEPCNT: number;
  TCP_SYNCNT: number;
  TCP_LINGER2: number;
  TCP_DEFER_ACCEPT: number;
  TCP_WINDOW_CLAMP: number;
  TCP_INFO: TcpInfo;
  TCP_QUICKACK: number;
  TCP_CONGESTION: string;
  TCP_USER_TIMEOUT: number;
  TCP_FASTOPEN: number;
  TCP_TIMESTAMP: number;
  TCP_NOTSENT_LOWAT: number;
  TCP_FASTOPEN_CONNECT: number;
  TCP_ULP: string;
  TCP_FASTOPEN_NO_COOKIE: number;
  TCP_INQ: number;
  TCP_TX_DELAY: number;
  TCP_IS_MPTCP: number;
  SO_DEBUG: number;
  SO_REUSEADDR: number;
  SO_TYPE: number;
  SO_ERROR: number;
  SO_DONTROUTE: number;
  SO_BROADCAST: number;
  SO_SNDBUF: number;
  SO_RCVBUF: number;
  SO_KEEPALIVE: number;
  SO_OOBINLINE: number;
  SO_PRIORITY: number;
  SO_LINGER: Linger;
  SO_REUSEPORT: number;
  SO_RCVLOWAT: number;
  SO_BINDTODEVICE: string;
  SO_ACCEPTCONN: number;
  SO_MARK: number;
  SO_PROTOCOL: number;
  SO_DOMAIN: number;
  SO_BUSY_POLL: number;
  SO_INCOMING_CPU: number;
  SO_BINDTOIFINDEX: number;
  SO_MAX_PACING_RATE: bigint;
  SO_COOKIE: bigint;
  IP_TOS: number;
  IP_TTL: number;
  IP_MTU_DISCOVER: number;
  IP_RECVERR: number;
  IP_FREEBIND: number;
  IP_TRANSPARENT: number;
  IP_MINTTL: number;
  IP_BIND_ADDRESS_NO_PORT: number;
  IP_LOCAL_PORT_RANGE: number;
  IPV6_V6ONLY: number;
  IPV6_TCLASS: number;
  IPV6_UNICAST_HOPS: number;
  IPV6_MTU_DISCOVER: number;
  IPV6_RECVERR: number;
  IPV6_DONTFRAG: number;
  IPV6_FREEBIND: number;
  IPV6_TRANSPARENT: number;
}

export type SocketOptionName = keyof SocketOptionValues;

/** What each named option accepts: numbers also as booleans (true is 1). */
export type SocketOptionInput<N extends SocketOptionName> = SocketOptionValues[N] extends number
  ? number | boolean
  : SocketOptionValues[N] extends bigint
    ? bigint | number
    : SocketOptionValues[N];

/** Options to set on a socket before it binds or connects: `{ SO_MARK: 7, TCP_CONGESTION: 'bbr' }`. */
export type SocketOptions = { [N in SocketOptionName]?: SocketOptionInput<N> };

let table: Readonly<Record<SocketOptionName, OptionSpec>> | undefined;

function options(): Readonly<Record<SocketOptionName, OptionSpec>> {
  if (table) return table;
  const c = constants;
  const tcp = (name: number, type: ValueType = 'int', readOnly = false): OptionSpec => ({
    level: c.SOL_TCP,
    name,
    type,
    readOnly,
  });
  const sock = (name: number, type: ValueType = 'int', readOnly = false): OptionSpec => ({
    level: c.SOL_SOCKET,
    name,
    type,
    readOnly,
  });
  const ip = (name: number): OptionSpec => ({ level: c.SOL_IP, name, type: 'int' });
  const ip6 = (name: number): OptionSpec => ({ level: c.SOL_IPV6, name, type: 'int' });
  table = Object.freeze({
    TCP_NODELAY: tcp(c.TCP_NODELAY),
    TCP_MAXSEG: tcp(c.TCP_MAXSEG),
    TCP_CORK: tcp(c.TCP_CORK),
    TCP_KEEPIDLE: tcp(c.TCP_KEEPIDLE),
    TCP_KEEPINTVL: tcp(c.TCP_KEEPINTVL),
    TCP_KEEPCNT: tcp(c.TCP_KEEPCNT),
    TCP_SYNCNT: tcp(c.TCP_SYNCNT),
    TCP_LINGER2: tcp(c.TCP_LINGER2),
    TCP_DEFER_ACCEPT: tcp(c.TCP_DEFER_ACCEPT),
    TCP_WINDOW_CLAMP: tcp(c.TCP_WINDOW_CLAMP),
    TCP_INFO: tcp(c.TCP_INFO, 'tcp_info', true),
    TCP_QUICKACK: tcp(c.TCP_QUICKACK),
    TCP_CONGESTION: tcp(c.TCP_CONGESTION, 'string'),
    TCP_USER_TIMEOUT: tcp(c.TCP_USER_TIMEOUT),
    TCP_FASTOPEN: tcp(c.TCP_FASTOPEN),
    TCP_TIMESTAMP: tcp(c.TCP_TIMESTAMP),
    TCP_NOTSENT_LOWAT: tcp(c.TCP_NOTSENT_LOWAT),
    TCP_FASTOPEN_CONNECT: tcp(c.TCP_FASTOPEN_CONNECT),
    TCP_ULP: tcp(c.TCP_ULP, 'string'),
    TCP_FASTOPEN_NO_COOKIE: tcp(c.TCP_FASTOPEN_NO_COOKIE),
    TCP_INQ: tcp(c.TCP_INQ),
    TCP_TX_DELAY: tcp(c.TCP_TX_DELAY),
    TCP_IS_MPTCP: tcp(c.TCP_IS_MPTCP, 'int', true),
    SO_DEBUG: sock(c.SO_DEBUG),
    SO_REUSEADDR: sock(c.SO_REUSEADDR),
    SO_TYPE: sock(c.SO_TYPE, 'int', true),
    SO_ERROR: sock(c.SO_ERROR, 'int', true),
    SO_DONTROUTE: sock(c.SO_DONTROUTE),
    SO_BROADCAST: sock(c.SO_BROADCAST),
    SO_SNDBUF: sock(c.SO_SNDBUF),
    SO_RCVBUF: sock(c.SO_RCVBUF),
    SO_KEEPALIVE: sock(c.SO_KEEPALIVE),
    SO_OOBINLINE: sock(c.SO_OOBINLINE),
    SO_PRIORITY: sock(c.SO_PRIORITY),
    SO_LINGER: sock(c.SO_LINGER, 'linger'),
    SO_REUSEPORT: sock(c.SO_REUSEPORT),
    SO_RCVLOWAT: sock(c.SO_RCVLOWAT),
    SO_BINDTODEVICE: sock(c.SO_BINDTODEVICE, 'string'),
    SO_ACCEPTCONN: sock(c.SO_ACCEPTCONN, 'int', true),
    SO_MARK: sock(c.SO_MARK),
    SO_PROTOCOL: sock(c.SO_PROTOCOL, 'int', true),
    SO_DOMAIN: sock(c.SO_DOMAIN, 'int', true),
    SO_BUSY_POLL: sock(c.SO_BUSY_POLL),
    SO_INCOMING_CPU: sock(c.SO_INCOMING_CPU),
    SO_BINDTOIFINDEX: sock(c.SO_BINDTOIFINDEX),
    SO_MAX_PACING_RATE: sock(c.SO_MAX_PACING_RATE, 'u64'),
    SO_COOKIE: sock(c.SO_COOKIE, 'u64', true),
    IP_TOS: ip(c.IP_TOS),
    IP_TTL: ip(c.IP_TTL),
    IP_MTU_DISCOVER: ip(c.IP_MTU_DISCOVER),
    IP_RECVERR: ip(c.IP_RECVERR),
    IP_FREEBIND: ip(c.IP_FREEBIND),
    IP_TRANSPARENT: ip(c.IP_TRANSPARENT),
    IP_MINTTL: ip(c.IP_MINTTL),
    IP_BIND_ADDRESS_NO_PORT: ip(c.IP_BIND_ADDRESS_NO_PORT),
    IP_LOCAL_PORT_RANGE: ip(c.IP_LOCAL_PORT_RANGE),
    IPV6_V6ONLY: ip6(c.IPV6_V6ONLY),
    IPV6_TCLASS: ip6(c.IPV6_TCLASS),
    IPV6_UNICAST_HOPS: ip6(c.IPV6_UNICAST_HOPS),
    IPV6_MTU_DISCOVER: ip6(c.IPV6_MTU_DISCOVER),
    IPV6_RECVERR: ip6(c.IPV6_RECVERR),
    IPV6_DONTFRAG: ip6(c.IPV6_DONTFRAG),
    IPV6_FREEBIND: ip6(c.IPV6_FREEBIND),
    IPV6_TRANSPARENT: ip6(c.IPV6_TRANSPARENT),
  });
  return table;
}

/** Names of every option getsockopt/setsockopt know. */
export function socketOptionNames(): SocketOptionName[] {
  return Object.keys(options()) as SocketOptionName[];
}

function spec(name: unknown): OptionSpec & { key: SocketOptionName } {
  if (typeof name !== 'string') throw invalidArgType('name', 'of type string or number', name);
  const s = (options() as Record<string, OptionSpec | undefined>)[name];
  if (!s) throw invalidArgValue('name', name, 'is not a known socket option');
  return { ...s, key: name as SocketOptionName };
}

function requireNative(): NativeBinding {
  const state = nativeState();
  if (state.binding) return state.binding;
  throw mptcpUnavailable(state.reason ?? 'addon', state.error ?? undefined);
}

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

function encode(s: OptionSpec & { key: string }, value: unknown, label: string): Buffer {
  switch (s.type) {
    case 'int': {
      if (typeof value === 'boolean') value = value ? 1 : 0;
      if (typeof value !== 'number') throw invalidArgType(label, 'of type number or boolean', value);
      if (!Number.isInteger(value) || value < INT_MIN || value > INT_MAX) {
        throw outOfRange(label, `an integer >= ${INT_MIN} and <= ${INT_MAX}`, value);
      }
      const buf = Buffer.alloc(4);
      writeS32(buf, 0, value);
      return buf;
    }
    case 'u64': {
      if (typeof value === 'number' && Number.isSafeInteger(value)) value = BigInt(value);
      if (typeof value !== 'bigint') throw invalidArgType(label, 'of type bigint or number', value);
      if (value < 0n || value > 0xffffffffffffffffn) throw outOfRange(label, '>= 0 and < 2 ** 64', value);
      const buf = Buffer.alloc(8);
      writeU64(buf, 0, value);
      return buf;
    }
    case 'string': {
      if (typeof value !== 'string') throw invalidArgType(label, 'of type string', value);
      return Buffer.from(value, 'utf8');
    }
    case 'linger': {
      if (value === null || typeof value !== 'object') throw invalidArgType(label, 'of type object', value);
      const l = value as Partial<Linger>;
      const buf = Buffer.alloc(8);
      for (const [i, key] of (['onoff', 'linger'] as const).entries()) {
        const v = l[key];
        if (typeof v !== 'number' || !Number.isInteger(v)) throw invalidArgType(`${label}.${key}`, 'an integer', v);
        writeS32(buf, i * 4, v);
      }
      return buf;
    }
    case 'tcp_info':
      throw invalidArgValue('name', s.key, 'is read-only');
  }
}

function decodeValue(type: ValueType, buf: Buffer, len: number): unknown {
  switch (type) {
    case 'int':
      // Some options answer with a single byte when asked with less room.
      return len >= 4 ? readS32(buf, 0) : len >= 1 ? buf.readUInt8(0) : 0;
    case 'u64':
      return len >= 8 ? readU64(buf, 0) : BigInt(len >= 4 ? readU32(buf, 0) : 0);
    case 'string': {
      const end = buf.subarray(0, len).indexOf(0);
      return buf.toString('utf8', 0, end === -1 ? len : end);
    }
    case 'linger':
      return { onoff: readS32(buf, 0), linger: readS32(buf, 4) };
    case 'tcp_info':
      return decodeTcpInfo(buf, len);
  }
}

function bufferFor(type: ValueType): Buffer {
  switch (type) {
    case 'int':
      return Buffer.alloc(4);
    case 'u64':
    case 'linger':
      return Buffer.alloc(8);
    case 'string':
      return Buffer.alloc(256);
    case 'tcp_info':
      return Buffer.alloc(TCP_INFO_BUFFER);
  }
}

/** True for an MPTCP socket that has not fallen back to TCP (it rejects some TCP options). */
function liveMptcp(b: NativeBinding, fd: number): boolean {
  const buf = Buffer.alloc(4);
  try {
    b.getsockopt(fd, constants.SOL_SOCKET, constants.SO_PROTOCOL, buf);
    if (decodeValue('int', buf, 4) !== uapi.IPPROTO_MPTCP) return false;
    b.getsockopt(fd, uapi.SOL_MPTCP, uapi.MPTCP_INFO, Buffer.alloc(0));
    return true;
  } catch {
    return false;
  }
}

/**
 * Rewords ENOPROTOOPT/EOPNOTSUPP from an MPTCP socket: the option exists for
 * TCP, the kernel's MPTCP socket does not implement it.
 */
function explain(b: NativeBinding, fd: number, err: unknown, option: string): unknown {
  const e = err as Partial<SystemError>;
  if (typeof e.errno !== 'number') return err;
  const code = errnoName(-e.errno);
  if (isUnsupported(err) && liveMptcp(b, fd)) {
    (err as Error).message =
      `${e.syscall} ${code}: ${option} is not supported on MPTCP sockets ` +
      `by this kernel (Linux ${kernelVersion().release})`;
    (err as SystemError).option = option;
  }
  return err;
}

/** Raw value type for getsockopt by number: a length gives a Buffer. */
export type RawType = 'int' | 'string' | 'u64' | number;

function validateInt(value: unknown, name: string): number {
  if (typeof value !== 'number') throw invalidArgType(name, 'of type number', value);
  if (!Number.isInteger(value) || value < 0 || value > INT_MAX) {
    throw outOfRange(name, `an integer >= 0 and <= ${INT_MAX}`, value);
  }
  return value;
}

export function getsockopt<N extends SocketOptionName>(socket: object, name: N): SocketOptionValues[N];
export function getsockopt(socket: object, level: number, name: number, type?: RawType): number | string | bigint | Buffer;
/**
 * Reads a socket option. By name: `getsockopt(sock, 'TCP_CONGESTION')`.
 * By number: `getsockopt(sock, level, optname, 'int' | 'string' | 'u64' | length)`,
 * where a length returns the raw bytes the kernel wrote.
 */
export function getsockopt(socket: object, a: unknown, b?: unknown, c?: unknown): unknown {
  const fd = requireFd(socket);
  const bind = requireNative();
  if (typeof a === 'number') {
    const level = validateInt(a, 'level');
    const optname = validateInt(b, 'name');
    const type = c === undefined ? 'int' : c;
    const label = `${level}/${optname}`;
    if (typeof type === 'number') {
      const size = validateInt(type, 'length');
      const buf = Buffer.alloc(size);
      try {
        const len = bind.getsockopt(fd, level, optname, buf, label);
        return buf.subarray(0, len);
      } catch (err) {
        throw explain(bind, fd, err, label);
      }
    }
    if (type !== 'int' && type !== 'string' && type !== 'u64') {
      throw invalidArgValue('type', type, "must be 'int', 'string', 'u64' or a length");
    }
    const buf = bufferFor(type);
    try {
      return decodeValue(type, buf, bind.getsockopt(fd, level, optname, buf, label));
    } catch (err) {
      throw explain(bind, fd, err, label);
    }
  }
  const s = spec(a);
  const buf = bufferFor(s.type);
  try {
    return decodeValue(s.type, buf, bind.getsockopt(fd, s.level, s.name, buf, s.key));
  } catch (err) {
    throw explain(bind, fd, err, s.key);
  }
}

export function setsockopt<N extends SocketOptionName>(socket: object, name: N, value: SocketOptionInput<N>): void;
export function setsockopt(socket: object, level: number, name: number, value: Buffer | number): void;
/**
 * Sets a socket option. By name: `setsockopt(sock, 'SO_MARK', 7)`.
 * By number: `setsockopt(sock, level, optname, int | Buffer)`.
 */
export function setsockopt(socket: object, a: unknown, b: unknown, c?: unknown): void {
  const fd = requireFd(socket);
  const bind = requireNative();
  setsockoptFd(bind, fd, a, b, c);
}

/** setsockopt on a raw fd; used for `socketOptions` on sockets this package creates. */
export function setsockoptFd(bind: NativeBinding, fd: number, a: unknown, b: unknown, c?: unknown): void {
  if (typeof a === 'number') {
    const level = validateInt(a, 'level');
    const optname = validateInt(b, 'name');
    const label = `${level}/${optname}`;
    let buf: Buffer;
    if (Buffer.isBuffer(c)) buf = c;
    else if (typeof c === 'number') buf = encode({ level, name: optname, type: 'int', key: label }, c, 'value');
    else throw invalidArgType('value', 'of type number or an instance of Buffer', c);
    try {
      bind.setsockopt(fd, level, optname, buf, label);
    } catch (err) {
      throw explain(bind, fd, err, label);
    }
    return;
  }
  const s = spec(a);
  if (s.readOnly) throw invalidArgValue('name', s.key, 'is read-only');
  const buf = encode(s, b, 'value');
  try {
    bind.setsockopt(fd, s.level, s.name, buf, s.key);
  } catch (err) {
    throw explain(bind, fd, err, s.key);
  }
}

/** Validates a `socketOptions` object up front, so bad input throws synchronously. */
export function validateSocketOptions(value: unknown, label: string): SocketOptions | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidArgType(label, 'of type object', value);
  }
  for (const [name, v] of Object.entries(value)) {
    const s = spec(name);
    if (s.readOnly) throw invalidArgValue(`${label}.${name}`, v, 'is a read-only option');
    encode(s, v, `${label}.${name}`);
  }
  return value as SocketOptions;
}

/** Applies validated `socketOptions` to a fresh fd, in the order given. */
export function applySocketOptions(bind: NativeBinding, fd: number, opts: SocketOptions | undefined): void {
  if (!opts) return;
  for (const [name, v] of Object.entries(opts)) setsockoptFd(bind, fd, name, v);
}
