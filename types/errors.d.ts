import os from 'node:os';
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
export declare function hasErrno(err: unknown, ...names: (keyof typeof os.constants.errno)[]): boolean;
/** What a TCP-only or fallen-back socket answers to an MPTCP request: EOPNOTSUPP (IPv4), ENOPROTOOPT (IPv6). */
export declare function isUnsupported(err: unknown): boolean;
/** errno (positive, as the kernel gives it) of a system error, or undefined. */
export declare function errnoOf(err: unknown): number | undefined;
/** The errno name for a positive errno value ("ENOPROTOOPT"). */
export declare function errnoName(errno: number): string;
/** Positive errno value of a name, from os.constants.errno. */
export declare function errno(name: keyof typeof os.constants.errno): number;
/** Node's ErrnoException: "<syscall> <CODE>[ <original>]". `err` is negative. */
export declare function errnoException(err: number, syscall: string, original?: string): SystemError;
/** Node's ExceptionWithHostPort: "connect ECONNREFUSED 127.0.0.1:9 - Local (…)". */
export declare function exceptionWithHostPort(err: number, syscall: string, address: string | undefined, port: number | undefined, additional?: string): SystemError;
/** Node's UVExceptionWithHostPort: "listen EADDRINUSE: address already in use :::80". */
export declare function uvExceptionWithHostPort(err: number, syscall: string, address: string | null | undefined, port: number | null | undefined): SystemError;
/** ERR_INVALID_ARG_TYPE with Node's wording; `expected` is a phrase such as "of type number". */
export declare function invalidArgType(name: string, expected: string, actual: unknown): CodedError;
/** ERR_INVALID_ARG_VALUE with Node's wording. */
export declare function invalidArgValue(name: string, value: unknown, reason?: string): CodedError;
/** ERR_OUT_OF_RANGE with Node's wording. */
export declare function outOfRange(name: string, range: string, received: unknown): CodedError;
/** ERR_SOCKET_CLOSED, as node:net raises for a destroyed socket. */
export declare function socketClosed(): CodedError;
/** ERR_INVALID_IP_ADDRESS, as node:net raises for a lookup that returned junk. */
export declare function invalidIpAddress(address: unknown): CodedError;
/** ERR_INVALID_ADDRESS_FAMILY, as node:net raises for a lookup that returned junk. */
export declare function invalidAddressFamily(family: unknown, host: unknown, port: unknown): CodedError & {
    host: unknown;
    port: unknown;
};
/** ERR_SOCKET_CONNECTION_TIMEOUT: every address attempt timed out. */
export declare function connectionTimeout(): CodedError;
/** Node's NodeAggregateError: an AggregateError whose code is the first error's. */
export declare function aggregateError(errors: Error[]): AggregateError & {
    code?: string;
};
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
export declare const UNAVAILABLE_TEXT: Readonly<Record<UnavailableReason, string>>;
/** ERR_MPTCP_UNAVAILABLE: `multipath: 'require'` and no MPTCP socket can be made. */
export declare function mptcpUnavailable(reason: UnavailableReason, cause?: Error): MptcpUnavailableError;
/** ERR_MPTCP_NO_FD: the socket has no OS file descriptor (not connected yet, or a JS stream). */
export declare function noFd(): CodedError;
/** ERR_MPTCP_NO_PATH_MANAGEMENT: a feature of the path-management layer, which this process did not load. */
export declare function noPathManagement(feature: string): CodedError;
