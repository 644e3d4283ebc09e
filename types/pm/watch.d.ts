import { EventEmitter } from 'node:events';
import type net from 'node:net';
import { type Subflow } from '../net/info';
import { type AnnouncedEvent, type RemovedEvent, type SubflowEvent } from './events';
/** The socket events this module drives, and the path-manager event behind each. */
export declare const SOCKET_EVENTS: {
    readonly subflow: "sub_established";
    readonly subflowClosed: "sub_closed";
    readonly subflowPriority: "sub_priority";
    readonly announced: "announced";
    readonly removed: "removed";
};
export type SocketEventName = keyof typeof SOCKET_EVENTS;
export interface SubflowWatcherEvents {
    subflow: [SubflowEvent];
    subflowClosed: [SubflowEvent];
    subflowPriority: [SubflowEvent];
    announced: [AnnouncedEvent];
    removed: [RemovedEvent];
    error: [Error];
}
/**
 * The path-manager events of one socket's connection. Create it with
 * mptcp.watch(socket), or just listen for 'subflow' & co. on an mptcp.Socket.
 */
export declare class SubflowWatcher extends EventEmitter<SubflowWatcherEvents> {
    readonly socket: net.Socket;
    /** The connection's local token, once known. */
    token: number | null;
    /** Live joined subflows, as reported: what 'subflow' said and 'subflowClosed' has not. */
    private readonly live;
    private active;
    private readonly started;
    /** The subscription began after this connection did: recover what came before it. */
    private readonly late;
    constructor(socket: net.Socket);
    /** Backup flag of each live subflow, by "local:port>remote:port". */
    get backups(): Map<string, boolean>;
    /** Looks up the token and replays what happened since the socket started. */
    private bind;
    /**
     * Compares the subflows this watcher reported with the kernel's socket
     * table (sock_diag) and reports the difference: joins that happened before
     * the subscription was live, or while events were lost.
     */
    reconcile(): Promise<void>;
    close(): void;
}
/** The watcher of `socket`, made on first use and closed with the socket. */
export declare function watch(socket: net.Socket): SubflowWatcher;
/** The watcher of `socket` if one exists (for the backup flags in subflows()). */
export declare function existingWatcher(socket: net.Socket): SubflowWatcher | undefined;
/** Resolves when the shared subscription is live (tests wait on it). */
export declare function watchReady(): Promise<void>;
/** The backup flag the peer asked for on a subflow, when its socket is watched. */
export declare function subflowBackup(socket: net.Socket, f: Subflow): boolean | undefined;
/** Re-emits the watcher's events on the socket itself (for mptcp.Socket listeners). */
export declare function forwardToSocket(socket: net.Socket): void;
