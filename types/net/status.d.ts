import net from 'node:net';
import { type NativeBinding } from '../native/binding';
import { type FallbackReason } from './state';
/** What an fd is: a live MPTCP socket, an MPTCP socket that fell back, or plain TCP. */
export type FdKind = 'mptcp' | 'fallback' | 'tcp';
/** Classifies an fd: TCP_IS_MPTCP (6.10+), else MPTCP_INFO with optlen 0 (5.16+), else SO_PROTOCOL. */
export declare function fdKind(b: NativeBinding, fd: number): FdKind;
/**
 * True only when the connection runs MPTCP end to end: false for plain TCP
 * sockets, for MPTCP sockets whose peer fell back, and while still connecting.
 * For a server: whether its listening socket is MPTCP.
 */
export declare function isMultipath(target: net.Socket | net.Server): boolean;
/**
 * Why `target` is not Multipath TCP, or null when it is (or is still connecting).
 * See FallbackReason for the values.
 */
export declare function fallbackReason(target: net.Socket | net.Server): FallbackReason | null;
/**
 * Records the answers before the fd goes away, so they stay readable in
 * 'close'. One getsockopt on 6.10+ (TCP_IS_MPTCP) for a connection that is
 * MPTCP; the rest only when it is not.
 */
export declare function snapshot(socket: net.Socket): void;
