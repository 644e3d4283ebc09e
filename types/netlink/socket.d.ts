import { EventEmitter } from 'node:events';
import { type SystemError } from '../errors';
import { NetlinkParseError } from './attributes';
export declare const NETLINK_ROUTE = 0;
export declare const NETLINK_SOCK_DIAG = 4;
export declare const NETLINK_GENERIC = 16;
export declare const SOL_NETLINK = 270;
export declare const NETLINK_ADD_MEMBERSHIP = 1;
export declare const NETLINK_DROP_MEMBERSHIP = 2;
export declare const NETLINK_CAP_ACK = 10;
export declare const NETLINK_EXT_ACK = 11;
export declare const NLM_F_REQUEST = 1;
export declare const NLM_F_MULTI = 2;
export declare const NLM_F_ACK = 4;
export declare const NLM_F_DUMP = 768;
export declare const NLM_F_ACK_TLVS = 512;
export declare const NLMSG_NOOP = 1;
export declare const NLMSG_ERROR = 2;
export declare const NLMSG_DONE = 3;
export declare const NLMSG_OVERRUN = 4;
export declare const NLMSG_HDRLEN = 16;
export interface NetlinkMessage {
    type: number;
    flags: number;
    seq: number;
    pid: number;
    payload: Buffer;
}
/** A failed request: the kernel's errno, and its extended-ack message when it gave one. */
export interface NetlinkError extends SystemError {
    /** The kernel's explanation (NLMSGERR_ATTR_MSG), e.g. "limit greater than maximum (8)". */
    extack?: string;
    /** Offset of the offending attribute in the request (NLMSGERR_ATTR_OFFS). */
    extackOffset?: number;
}
/** Builds one netlink message. */
export declare function buildMessage(type: number, flags: number, seq: number, payload: Buffer): Buffer;
/** Splits a datagram into messages, checking every length. */
export declare function parseMessages(buf: Buffer): NetlinkMessage[];
/** Decodes an NLMSG_ERROR payload: 0 for an ack, else a NetlinkError. */
export declare function parseError(msg: NetlinkMessage): NetlinkError | null;
export interface NetlinkSocketEvents {
    /**
     * A message that answers no request (multicast, or unicast from another
     * socket). Its payload is a view of the socket's receive buffer, valid
     * until the listener returns: decode it then, or copy it.
     */
    message: [NetlinkMessage];
    lost: [Error];
    /** A datagram that does not parse: dropped, the socket goes on. */
    malformed: [NetlinkParseError];
    error: [Error];
    close: [];
}
export declare class NetlinkSocket extends EventEmitter<NetlinkSocketEvents> {
    readonly fd: number;
    readonly protocol: number;
    /** This socket's netlink port id (assigned by the kernel at bind). */
    readonly portid: number;
    private seq;
    private readonly pending;
    private readonly poller;
    private readonly b;
    private readonly buffer;
    private readonly lengths;
    /** Messages of the receive buffer are being handed out: requestSync() must not read into it. */
    private dispatching;
    private groups;
    private reading;
    private closed;
    private polling;
    private refed;
    /** Whether the poller holds the event loop (a libuv handle starts out ref'd). */
    private held;
    private constructor();
    /** Opens and binds a netlink socket of `protocol` (NETLINK_GENERIC, NETLINK_ROUTE, …). */
    static open(protocol: number): NetlinkSocket;
    /** Joins a multicast group: its messages arrive as 'message' events. */
    join(group: number): void;
    leave(group: number): void;
    /** Reads (and emits) whatever arrives, also without a group: unicast from another socket. */
    resume(): this;
    /**
     * Sends a request and resolves with its replies: the messages of a dump,
     * the reply of a "do", or [] for a bare ack. Rejects with a NetlinkError.
     */
    request(type: number, flags: number, payload: Buffer): Promise<NetlinkMessage[]>;
    /**
     * The same request, answered synchronously. Generic netlink and rtnetlink
     * handle a request inside sendmsg(), so the reply is queued when send()
     * returns; for those this never waits. Throws EAGAIN if it is not there.
     * Use before joining groups (a multicast message in the way is dropped).
     */
    requestSync(type: number, flags: number, payload: Buffer): NetlinkMessage[];
    /** Keeps the event loop alive while joined to a group (the default) or not. */
    ref(): this;
    unref(): this;
    close(): void;
    get isClosed(): boolean;
    private assertOpen;
    private updatePolling;
    /** uv_ref or uv_unref the poller, when that changes anything (this runs after every wakeup). */
    private hold;
    private onPoll;
    /** One datagram of `length` bytes (the kernel's count) at `start` in the receive buffer. */
    private datagram;
    /** The kernel dropped messages for us. Requests may have lost their replies. */
    private overrun;
    private dispatch;
}
