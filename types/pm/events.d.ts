import { EventEmitter } from 'node:events';
import { type SystemError } from '../errors';
import { type NetlinkMessage } from '../netlink/socket';
interface Endpoints {
    family: 'IPv4' | 'IPv6';
    localAddress: string;
    localPort: number;
    remoteAddress: string;
    remotePort: number;
    localId: number;
    remoteId: number;
}
/** CREATED / ESTABLISHED: a connection (its initial subflow). */
export interface ConnectionEvent extends Endpoints {
    type: 'created' | 'established';
    /** This side's token (what mptcp.info(socket).token says). */
    token: number;
    /** True on the listening side. */
    serverSide: boolean;
    /** The peer forbids joins to its initial address (id 0). */
    denyJoinId0: boolean;
    flags: number;
}
export interface ClosedEvent {
    type: 'closed';
    token: number;
}
/** ANNOUNCED: the peer announced an address (ADD_ADDR). */
export interface AnnouncedEvent {
    type: 'announced';
    token: number;
    family: 'IPv4' | 'IPv6';
    remoteAddress: string;
    remotePort: number;
    remoteId: number;
}
/** REMOVED: the peer withdrew an address (RM_ADDR). */
export interface RemovedEvent {
    type: 'removed';
    token: number;
    remoteId: number;
}
/** SUB_ESTABLISHED / SUB_CLOSED / SUB_PRIORITY: one subflow. */
export interface SubflowEvent extends Endpoints {
    type: 'sub_established' | 'sub_closed' | 'sub_priority';
    token: number;
    /**
     * The kernel's BACKUP attribute: the peer asked for this subflow to be a
     * backup (B bit in its MP_JOIN, or an MP_PRIO). The kernel schedules a
     * subflow as backup when either side asked; the local request shows in
     * `mptcp connections` (flag "b").
     */
    backup: boolean;
    /** The interface the subflow is bound to, when it is bound. */
    ifindex?: number;
    /** The socket error (errno) that closed it, when there was one. */
    error?: number;
    /** From an MP_TCPRST, when the peer reset the subflow. */
    resetReason?: number;
    resetReasonName?: string;
    resetFlags?: number;
}
/** LISTENER_CREATED / LISTENER_CLOSED (6.2): an MPTCP listening socket. */
export interface ListenerEvent {
    type: 'listener_created' | 'listener_closed';
    family: 'IPv4' | 'IPv6';
    localAddress: string;
    localPort: number;
}
export type PmEvent = ConnectionEvent | ClosedEvent | AnnouncedEvent | RemovedEvent | SubflowEvent | ListenerEvent;
/** Decodes one mptcp_pm event message. Null for an event type this package does not know. */
export declare function decodeEvent(msg: NetlinkMessage): PmEvent | null;
export interface EventsOptions {
    /** Only events of this connection token (listener events have none and are left out). */
    token?: number;
    /** SO_RCVBUF for the event socket: more room before the kernel drops events (ENOBUFS). */
    receiveBufferSize?: number;
    /** Closes the stream when aborted. */
    signal?: AbortSignal;
}
/** A 'lost' notice: the kernel dropped events (ENOBUFS). Resync from current state. */
export interface LostNotice {
    error: SystemError;
}
export interface PmEventMap {
    event: [PmEvent];
    created: [ConnectionEvent];
    established: [ConnectionEvent];
    closed: [ClosedEvent];
    announced: [AnnouncedEvent];
    removed: [RemovedEvent];
    sub_established: [SubflowEvent];
    sub_closed: [SubflowEvent];
    sub_priority: [SubflowEvent];
    listener_created: [ListenerEvent];
    listener_closed: [ListenerEvent];
    ready: [];
    lost: [LostNotice];
    /** An event message that does not parse: dropped, the stream goes on. */
    malformed: [Error];
    error: [Error];
    close: [];
}
/**
 * The path manager's events. Emits each event under its type ('created',
 * 'sub_established', …) and as 'event'; 'lost' when the kernel dropped
 * events; 'ready' once subscribed. Iterate it with `for await`.
 */
export declare class PmEvents extends EventEmitter<PmEventMap> implements AsyncIterable<PmEvent> {
    private readonly options;
    private sock;
    private closed;
    private readyPromise;
    private readyState;
    private readonly queue;
    private waiters;
    private failure;
    private iterating;
    constructor(options?: EventsOptions);
    private subscribe;
    /** True once subscribed. */
    get isReady(): boolean;
    /** Resolves once subscribed; rejects if subscribing failed (e.g. EPERM without CAP_NET_ADMIN). */
    get ready(): Promise<void>;
    private onMessage;
    private fail;
    /** Keep (the default) or stop keeping the process alive while subscribed. */
    ref(): this;
    unref(): this;
    close(): void;
    [Symbol.asyncIterator](): AsyncIterator<PmEvent>;
}
/** Subscribes to the path manager's events (see PmEvents). */
export declare function events(options?: EventsOptions): PmEvents;
export {};
