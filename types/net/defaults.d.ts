import type { NativeBinding } from '../native/binding';
import { type SocketOptions } from './sockopt';
/** The system default this package replaces on MPTCP connections, and with what. */
export declare const REPLACED_CONGESTION_CONTROL = "bbr";
export declare const MULTIPATH_CONGESTION_CONTROL = "cubic";
/** net.ipv4.tcp_congestion_control of this process's network namespace, or null (not Linux). */
export declare function systemCongestionControl(): string | null;
/** Whether this process holds CAP_NET_ADMIN (CapEff bit 12 in /proc/self/status). */
export declare function hasNetAdmin(): boolean;
/** Whether the kernel lets this process choose `cc` (tcp_allowed_congestion_control, or CAP_NET_ADMIN). */
export declare function mayChoose(cc: string): boolean;
/** The congestion control this package sets on MPTCP sockets here, or null for none. */
export declare function multipathCongestionControl(): string | null;
/** Whether a socket made with these socketOptions gets the defaults: unless they choose a congestion control. */
export declare function wantsDefaults(socketOptions: SocketOptions | undefined): boolean;
/** Applies the defaults to a new MPTCP fd, before it connects or listens (see wantsDefaults). */
export declare function applyMultipathDefaults(b: NativeBinding, fd: number): void;
/** Whether an fd runs the congestion control this package sets (a listener made with the defaults). */
export declare function runsMultipathDefaults(b: NativeBinding, fd: number): boolean;
/**
 * Gives a plain TCP connection that inherited the package's congestion control
 * (from an MPTCP listener made with the defaults) the system's back: BBR then
 * starts as it would have, pacing included.
 */
export declare function giveBackSystemDefaults(b: NativeBinding, fd: number): void;
/** The same for a connection that fell back, if it still runs the one this package set. */
export declare function restoreSystemDefaults(b: NativeBinding, fd: number): void;
