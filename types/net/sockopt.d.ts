import * as uapi from '../kernel/constants';
import { type NativeBinding } from '../native/binding';
import { type TcpInfo } from '../kernel/structs';
/** SOL_SOCKET and SO_* as in asm-generic/socket.h; the addon's values replace these on Linux. */
declare const genericSocketConstants: {
    SOL_SOCKET: number;
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
    SO_NO_CHECK: number;
    SO_PRIORITY: number;
    SO_LINGER: number;
    SO_REUSEPORT: number;
    SO_RCVLOWAT: number;
    SO_SNDLOWAT: number;
    SO_RCVTIMEO: number;
    SO_SNDTIMEO: number;
    SO_BINDTODEVICE: number;
    SO_TIMESTAMP: number;
    SO_ACCEPTCONN: number;
    SO_SNDBUFFORCE: number;
    SO_RCVBUFFORCE: number;
    SO_TIMESTAMPNS: number;
    SO_MARK: number;
    SO_PROTOCOL: number;
    SO_DOMAIN: number;
    SO_RXQ_OVFL: number;
    SO_PEEK_OFF: number;
    SO_BUSY_POLL: number;
    SO_MAX_PACING_RATE: number;
    SO_INCOMING_CPU: number;
    SO_ZEROCOPY: number;
    SO_TXTIME: number;
    SO_BINDTOIFINDEX: number;
    SO_COOKIE: number;
};
export type SocketConstants = {
    -readonly [K in keyof typeof genericSocketConstants]: number;
};
/** UAPI numbers for MPTCP and the socket options, with this architecture's SOL_SOCKET/SO_*. */
export type Constants = Readonly<typeof uapi & SocketConstants>;
export declare const constants: Constants;
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
export type SocketOptionInput<N extends SocketOptionName> = SocketOptionValues[N] extends number ? number | boolean : SocketOptionValues[N] extends bigint ? bigint | number : SocketOptionValues[N];
/** Options to set on a socket before it binds or connects: `{ SO_MARK: 7, TCP_CONGESTION: 'bbr' }`. */
export type SocketOptions = {
    [N in SocketOptionName]?: SocketOptionInput<N>;
};
/** Names of every option getsockopt/setsockopt know. */
export declare function socketOptionNames(): SocketOptionName[];
/** Raw value type for getsockopt by number: a length gives a Buffer. */
export type RawType = 'int' | 'string' | 'u64' | number;
export declare function getsockopt<N extends SocketOptionName>(socket: object, name: N): SocketOptionValues[N];
export declare function getsockopt(socket: object, level: number, name: number, type?: RawType): number | string | bigint | Buffer;
/** getsockopt by name on a raw fd. */
export declare function getsockoptFd<N extends SocketOptionName>(bind: NativeBinding, fd: number, name: N): SocketOptionValues[N];
export declare function setsockopt<N extends SocketOptionName>(socket: object, name: N, value: SocketOptionInput<N>): void;
export declare function setsockopt(socket: object, level: number, name: number, value: Buffer | number): void;
/** setsockopt on a raw fd; used for `socketOptions` on sockets this package creates. */
export declare function setsockoptFd(bind: NativeBinding, fd: number, a: unknown, b: unknown, c?: unknown): void;
/** Validates a `socketOptions` object up front, so bad input throws synchronously. */
export declare function validateSocketOptions(value: unknown, label: string): SocketOptions | undefined;
/** Applies validated `socketOptions` to a fresh fd, in the order given. */
export declare function applySocketOptions(bind: NativeBinding, fd: number, opts: SocketOptions | undefined): void;
export {};
