import net from 'node:net';
import type { AddressInfo } from '../kernel/sockaddr';
import { type StallSignal } from './health';
export interface FailoverOptions {
    /** A subflow with data in flight and no ACK for this many smoothed RTTs is stalled (default 4)… */
    rtts?: number;
    /** …and never before this many ms (default 50: above a peer's 40 ms delayed-ACK timer). */
    minMs?: number;
    /** How often the subflows are read while data is in flight, ms (default 10; 100 when idle). */
    intervalMs?: number;
}
/** `failover` option: true (the defaults), false (off), or thresholds. */
export type FailoverOption = boolean | FailoverOptions;
export interface PathsPolicy {
    /** Interfaces (names) to use only while no other path works: their subflows are marked backup (MP_PRIO). */
    backup?: readonly string[];
    /** 'latency': keep data on the subflow with the lowest smoothed RTT, the others marked backup while it works. */
    prefer?: 'latency';
}
/** `paths` option: 'aggregate' (every path at once: the kernel's default) or a policy. */
export type PathsOption = 'aggregate' | PathsPolicy;
/** A subflow as the events name it. */
export interface SubflowRef {
    local: AddressInfo;
    remote: AddressInfo;
    /** The interface holding the local address, when known. */
    interface?: string;
}
/** 'failover' on a socket: a subflow was moved off (or, when it was the only one, a subflow opened elsewhere). */
export interface FailoverEvent {
    subflow: SubflowRef;
    signal: StallSignal;
    /**
     * 'sockDestroy': closed with sock_diag SOCK_DESTROY (either path manager);
     * 'subflowDestroy': closed with the userspace PM's SUBFLOW_DESTROY (a kernel without CONFIG_INET_DIAG_DESTROY);
     * 'subflowCreate': it was the only subflow: one was opened from another interface (userspace PM).
     */
    action: 'sockDestroy' | 'subflowDestroy' | 'subflowCreate';
    ok: boolean;
    error?: Error;
    /** How long nothing had been acknowledged on it, ms (0 for link-down). */
    stalledMs: number;
}
/** 'recovered' on a socket: a path closed by failover carries the connection again (userspace PM, client side). */
export interface RecoveredEvent {
    subflow: SubflowRef;
    /** What showed the path is back: its link came up, or a probe join succeeded. */
    signal: 'link-up' | 'probe';
    action: 'subflowCreate';
    /** How long the path was out, ms. */
    downMs: number;
}
/** Validates `failover`: false, or the thresholds with the defaults filled in. */
export declare function validateFailover(value: unknown, label: string): Required<FailoverOptions> | false;
/**
 * Validates `paths`. A policy marks subflows backup per connection (MP_PRIO),
 * which only the userspace path manager allows: with the in-kernel one this
 * throws ERR_MPTCP_USERSPACE_PM, naming what it offers instead.
 */
export declare function validatePaths(value: unknown, label: string): PathsOption;
/** The failover and steering of one socket. */
export declare class PathController {
    readonly socket: net.Socket;
    /** As given: thresholds, false (off), or undefined (not given). */
    private failoverOption;
    /** In effect: the option's thresholds, or the defaults for a policy that must notice a path is gone. */
    private failover;
    /** null: no `paths` given (failover only). */
    private policy;
    private detector;
    private timer;
    private token;
    private userspace;
    private client;
    private network;
    private stopped;
    /** Subflows being closed (by key): not judged again until they are gone. */
    private readonly acting;
    /** By local address. */
    private readonly closed;
    /** Joins this side sent that are not established yet, by local address: since when, and the backup flag asked for. */
    private readonly opening;
    /** Stalled subflows (by key) for which a subflow elsewhere was opened already. */
    private readonly openedFor;
    /** The backup flag this side set (MP_PRIO) or created a subflow with, by key. */
    private readonly marks;
    private preferred;
    /** Subflows cannot be closed here (EPERM, no SOCK_DESTROY): failover stops acting. */
    private cannotClose;
    /** Open the subflows `paths` wants (at start, and when links or addresses come)… */
    private meshDue;
    /** …not before then (ms): a connection is not fully established (ENOTCONN) until the peer's first DATA_ACK. */
    private meshAt;
    private meshDelay;
    /** At the last reading: nothing was in flight, and socket.bytesWritten was this (else -1). */
    private quietAt;
    private readonly onNetwork;
    private readonly onLinkUp;
    constructor(socket: net.Socket);
    /** Takes validated options (either or both); starts, or stops when neither is left on. */
    configure(options: {
        failover?: Required<FailoverOptions> | false;
        paths?: PathsOption;
    }): void;
    private start;
    private stop;
    private soon;
    private tick;
    private signalOf;
    private ref;
    private emit;
    /** Closes a subflow: SOCK_DESTROY, or the userspace PM's SUBFLOW_DESTROY where SOCK_DESTROY is not built. */
    private close;
    /** The stalled subflow is the only one: open one from another usable interface (userspace PM, client side). */
    private openElsewhere;
    /** SUBFLOW_CREATE from `local`; false (and `onError`) if the kernel refused. */
    private open;
    private onBackupLink;
    /** Paths closed here: open them again when their link is back, else probe now and then. */
    private recover;
    /** `paths`: the subflows to have (client side), and which are backup. */
    private steer;
}
/** The socket's controller, made on first use. */
export declare function controllerOf(socket: net.Socket): PathController;
