import type { NativeBinding } from '../native/binding';
import { type SocketOptions } from './sockopt';
/** The system default this package replaces on MPTCP connections, and with what. */
export declare const REPLACED_CONGESTION_CONTROL = "bbr";
export declare const MULTIPATH_CONGESTION_CONTROL = "cubic";
/** net.ipv4.tcp_congestion_control of this process's network namespace, or null (not Linux). */
export declare function systemCongestionControl(): string | null;
/** The congestion control this package sets on MPTCP connections here, or null for none. */
export declare function multipathCongestionControl(): string | null;
/** Whether a connection made with these socketOptions gets the defaults: true unless they choose a congestion control. */
export declare function wantsDefaults(socketOptions: SocketOptions | undefined): boolean;
/** Applies the defaults to the fd of a connection that is MPTCP end to end (see wantsDefaults). */
export declare function applyMultipathDefaults(b: NativeBinding, fd: number): void;
