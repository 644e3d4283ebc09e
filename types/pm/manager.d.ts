import { EventEmitter } from 'node:events';
import type { InterfaceAddress, Link } from '../netlink/rtnetlink';
import { type FailoverOption } from './failover';
import { type StallSignal } from './health';
export interface RemoteAddress {
    /** The peer's address id: 0 for the address the connection started on. */
    id: number;
    address: string;
    port: number;
}
export interface ManagedSubflow {
    localAddress: string;
    localPort: number;
    remoteAddress: string;
    remotePort: number;
    localId: number;
    remoteId: number;
    backup: boolean;
    ifindex?: number;
    /** Set while the manager holds it failed (it closes it once another subflow works); cleared if it works again. */
    failed?: StallSignal;
}
export interface ManagedConnection {
    token: number;
    family: 'IPv4' | 'IPv6';
    /** The initial subflow's addresses. */
    localAddress: string;
    localPort: number;
    remoteAddress: string;
    remotePort: number;
    serverSide: boolean;
    established: boolean;
    /** Live subflows, by "local:port>remote:port". */
    subflows: Map<string, ManagedSubflow>;
    /** Addresses the peer has: id 0 (the initial one) and the ones it announced. */
    remotes: Map<number, RemoteAddress>;
    /** Local addresses this connection announced, by id. */
    announced: Map<number, string>;
}
/** What a strategy can see and do. Actions never throw: failures go to the manager's 'action' event. */
export interface StrategyContext {
    readonly connections: ReadonlyMap<number, ManagedConnection>;
    /** Usable local addresses: global scope, not tentative, on a link that is up with a carrier; optionally of one family. */
    localAddresses(family?: 'IPv4' | 'IPv6'): InterfaceAddress[];
    interfaceName(ifindex: number): string | undefined;
    /** The interface (name) a subflow leaves from: its bound device, else the one holding its local address. */
    interfaceOf(subflow: ManagedSubflow): string | undefined;
    /** Opens a subflow from `local` to `remote` (default: the connection's initial remote address). */
    createSubflow(conn: ManagedConnection, local: InterfaceAddress, remote?: RemoteAddress, options?: {
        backup?: boolean;
    }): Promise<boolean>;
    /** SUBFLOW_DESTROY: closes a subflow gracefully (a FIN on its path). */
    destroySubflow(conn: ManagedConnection, subflow: ManagedSubflow): Promise<boolean>;
    /**
     * Aborts a subflow at once (sock_diag SOCK_DESTROY): its unacknowledged data
     * goes out again on the connection's other subflows without waiting for
     * timeouts. What the manager does to a failed subflow.
     */
    closeSubflow(conn: ManagedConnection, subflow: ManagedSubflow): Promise<boolean>;
    /** ADD_ADDR of a local address on a (server-side) connection. */
    announce(conn: ManagedConnection, local: InterfaceAddress): Promise<boolean>;
    /** RM_ADDR of an address announced before. */
    unannounce(conn: ManagedConnection, address: string): Promise<boolean>;
    /** MP_PRIO: mark a subflow backup (or not). */
    setSubflowBackup(conn: ManagedConnection, subflow: ManagedSubflow, backup: boolean): Promise<boolean>;
    /** Runs `task` as a hook, `ms` from now (unless the manager closed by then). */
    after(ms: number, task: () => void | Promise<void>): void;
    log(message: string): void;
}
/**
 * A path-management policy. Every hook is optional; hooks run one at a time,
 * in event order, and may be async.
 */
export interface Strategy {
    readonly name: string;
    start?(ctx: StrategyContext): void | Promise<void>;
    connectionCreated?(conn: ManagedConnection, ctx: StrategyContext): void | Promise<void>;
    connectionEstablished?(conn: ManagedConnection, ctx: StrategyContext): void | Promise<void>;
    connectionClosed?(conn: ManagedConnection, ctx: StrategyContext): void | Promise<void>;
    subflowEstablished?(conn: ManagedConnection, subflow: ManagedSubflow, ctx: StrategyContext): void | Promise<void>;
    subflowClosed?(conn: ManagedConnection, subflow: ManagedSubflow, ctx: StrategyContext): void | Promise<void>;
    addressAnnounced?(conn: ManagedConnection, remote: RemoteAddress, ctx: StrategyContext): void | Promise<void>;
    addressRemoved?(conn: ManagedConnection, remoteId: number, ctx: StrategyContext): void | Promise<void>;
    localAddressAdded?(address: InterfaceAddress, ctx: StrategyContext): void | Promise<void>;
    localAddressRemoved?(address: InterfaceAddress, ctx: StrategyContext): void | Promise<void>;
    /**
     * A subflow stopped working: it stalled (no ACK while data is in flight, or
     * the retransmission timer fired) or its link went down. Runs before the
     * manager closes it, which it does once another subflow of the connection
     * works: open one here if there is none. Reported once per subflow.
     */
    subflowFailed?(conn: ManagedConnection, subflow: ManagedSubflow, signal: StallSignal, ctx: StrategyContext): void | Promise<void>;
    /** A link lost IFF_UP or its carrier (the kernel keeps its subflows: they are reported failed too). */
    linkDown?(link: Link, ctx: StrategyContext): void | Promise<void>;
    /** A link is up with a carrier again. */
    linkUp?(link: Link, ctx: StrategyContext): void | Promise<void>;
    stop?(ctx: StrategyContext): void | Promise<void>;
}
/** One command the manager sent for its strategy, and how it went. */
export interface ManagerAction {
    action: 'subflowCreate' | 'subflowDestroy' | 'sockDestroy' | 'announce' | 'remove' | 'setSubflowBackup';
    token: number;
    local: string;
    remote?: string;
    ok: boolean;
    error?: Error;
}
/** A subflow the manager found failed (before the strategy and the manager act on it). */
export interface ManagerFailure {
    token: number;
    subflow: ManagedSubflow;
    signal: StallSignal;
}
export interface ManagerEvents {
    ready: [];
    action: [ManagerAction];
    failover: [ManagerFailure];
    log: [string];
    lost: [];
    error: [Error];
    close: [];
}
export interface ManagerOptions {
    strategy: Strategy;
    /** Close the subflows of a local address that goes away (default true): the kernel does not. */
    closeSubflowsOnAddressLoss?: boolean;
    /**
     * Watch the subflows' tcp_info (sock_diag) and links for failures, as a socket's
     * `failover` option does (default true; thresholds as FailoverOptions).
     */
    failover?: FailoverOption;
}
/** A subflow's key in ManagedConnection.subflows. */
export declare const subflowKey: (s: {
    localAddress: string;
    localPort: number;
    remoteAddress: string;
    remotePort: number;
}) => string;
export declare class Manager extends EventEmitter<ManagerEvents> {
    readonly strategy: Strategy;
    private readonly pm;
    private readonly conns;
    private network;
    private stream;
    private chain;
    private closed;
    private readonly readyPromise;
    private readonly closeOnLoss;
    private readonly failover;
    private readonly detector;
    private diag;
    private poller;
    private readonly timers;
    /** Failed subflows being closed, by key (a failed subflow's `failed` says why). */
    private readonly closing;
    readonly context: StrategyContext;
    constructor(options: ManagerOptions);
    /** Resolves once subscribed and the strategy has started. */
    get ready(): Promise<void>;
    get connections(): ReadonlyMap<number, ManagedConnection>;
    private start;
    /** Reads the managed subflows' tcp_info (sock_diag) and reports the stalled ones. */
    private poll;
    private onLinkDown;
    private linkOf;
    private onDownLink;
    /** A failed subflow: reported once (event, strategy), closed as soon as another subflow of its connection works. */
    private onFailed;
    private enqueue;
    private onAddressAdded;
    private onAddressRemoved;
    private onEvent;
    private act;
    private makeContext;
    /** Stops: unsubscribes, and lets the strategy clean up. Connections keep their subflows. */
    close(): Promise<void>;
}
/** Starts a userspace path manager run by `options.strategy` (see strategies). */
export declare function manager(options: ManagerOptions): Manager;
