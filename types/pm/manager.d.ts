import { EventEmitter } from 'node:events';
import { type InterfaceAddress } from '../netlink/rtnetlink';
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
    /** Usable local addresses: global scope, not tentative, optionally of one family. */
    localAddresses(family?: 'IPv4' | 'IPv6'): InterfaceAddress[];
    interfaceName(ifindex: number): string | undefined;
    /** Opens a subflow from `local` to `remote` (default: the connection's initial remote address). */
    createSubflow(conn: ManagedConnection, local: InterfaceAddress, remote?: RemoteAddress, options?: {
        backup?: boolean;
    }): Promise<boolean>;
    destroySubflow(conn: ManagedConnection, subflow: ManagedSubflow): Promise<boolean>;
    /** ADD_ADDR of a local address on a (server-side) connection. */
    announce(conn: ManagedConnection, local: InterfaceAddress): Promise<boolean>;
    /** RM_ADDR of an address announced before. */
    unannounce(conn: ManagedConnection, address: string): Promise<boolean>;
    /** MP_PRIO: mark a subflow backup (or not). */
    setSubflowBackup(conn: ManagedConnection, subflow: ManagedSubflow, backup: boolean): Promise<boolean>;
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
    stop?(ctx: StrategyContext): void | Promise<void>;
}
/** One command the manager sent for its strategy, and how it went. */
export interface ManagerAction {
    action: 'subflowCreate' | 'subflowDestroy' | 'announce' | 'remove' | 'setSubflowBackup';
    token: number;
    local: string;
    remote?: string;
    ok: boolean;
    error?: Error;
}
export interface ManagerEvents {
    ready: [];
    action: [ManagerAction];
    log: [string];
    lost: [];
    error: [Error];
    close: [];
}
export interface ManagerOptions {
    strategy: Strategy;
    /** Close the subflows of a local address that goes away (default true): the kernel does not. */
    closeSubflowsOnAddressLoss?: boolean;
}
export declare class Manager extends EventEmitter<ManagerEvents> {
    readonly strategy: Strategy;
    private readonly pm;
    private readonly conns;
    private readonly addrs;
    private readonly links;
    private stream;
    private monitor;
    private chain;
    private closed;
    private readonly readyPromise;
    private readonly closeOnLoss;
    readonly context: StrategyContext;
    constructor(options: ManagerOptions);
    /** Resolves once subscribed and the strategy has started. */
    get ready(): Promise<void>;
    get connections(): ReadonlyMap<number, ManagedConnection>;
    private start;
    private enqueue;
    private usable;
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
