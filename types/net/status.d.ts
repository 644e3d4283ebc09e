import net from 'node:net';
import { type NativeBinding } from '../native/binding';
import { type FallbackReason, type SocketState } from './state';
/** What an fd is: a live MPTCP socket, an MPTCP socket that fell back, or plain TCP. */
export type FdKind = 'mptcp' | 'fallback' | 'tcp';
/** SO_PROTOCOL: IPPROTO_MPTCP or IPPROTO_TCP (-1 if the fd cannot say). */
export declare function protocolOf(b: NativeBinding, fd: number): number;
/** Whether an fd whose protocol is IPPROTO_MPTCP still runs MPTCP (false: it fell back to TCP). */
export declare function stillMptcp(b: NativeBinding, fd: number): boolean;
/** Classifies an fd; `protocol` when already known spares a syscall. */
export declare function fdKind(b: NativeBinding, fd: number, protocol?: number): FdKind;
/** An MPTCP socket whose connection was seen to fall back to TCP: that is for good (the kernel never returns to MPTCP). */
export declare function fellBack(st: SocketState): boolean;
/** Records that an MPTCP socket's connection fell back, as refresh() would. */
export declare function noteFallback(st: SocketState): void;
/**
 * True only when the connection runs MPTCP end to end: false for plain TCP
 * sockets, for MPTCP sockets whose peer fell back, and while still connecting.
 * For a server: whether its listening socket is MPTCP. After 'close' it
 * answers what was last known: a client socket this package connected knows
 * from its connect; any socket asked while open keeps that answer.
 */
export declare function isMultipath(target: net.Socket | net.Server): boolean;
/**
 * Why `target` is not Multipath TCP, or null when it is (or is still connecting).
 * See FallbackReason for the values.
 */
export declare function fallbackReason(target: net.Socket | net.Server): FallbackReason | null;
/** Refreshes the answer of a socket someone asked about, just before its fd closes. */
export declare function keepAnswer(socket: net.Socket): void;
