import net from 'node:net';
import type { MptcpInfo } from '../kernel/structs';
import { type SocketEventMap } from './extension';
import { type Subflow } from './info';
import { type FallbackReason, type MultipathMode } from './state';
import { type RawType, type SocketOptionInput, type SocketOptionName, type SocketOptions, type SocketOptionValues } from './sockopt';
/** Options this package adds to node:net's. */
export interface MultipathOptions {
    /** true (default): MPTCP when possible, else TCP. false: plain TCP. 'require': MPTCP or ERR_MPTCP_UNAVAILABLE. */
    multipath?: MultipathMode | undefined;
    /** Socket options set on each new fd before it binds or connects, e.g. `{ SO_MARK: 7 }`. */
    socketOptions?: SocketOptions | undefined;
}
export interface SocketConstructorOpts extends net.SocketConstructorOpts, MultipathOptions {
}
export interface TcpSocketConnectOpts extends net.TcpSocketConnectOpts, MultipathOptions {
}
export interface IpcSocketConnectOpts extends net.IpcSocketConnectOpts, MultipathOptions {
}
export type SocketConnectOpts = TcpSocketConnectOpts | IpcSocketConnectOpts;
export interface TcpNetConnectOpts extends TcpSocketConnectOpts, SocketConstructorOpts {
    timeout?: number | undefined;
}
export interface IpcNetConnectOpts extends IpcSocketConnectOpts, SocketConstructorOpts {
    timeout?: number | undefined;
}
export type NetConnectOpts = TcpNetConnectOpts | IpcNetConnectOpts;
/** A listener may take fewer arguments than the event has, or more (they arrive undefined), as with node's `(...args: any[])`. */
type Listener<A extends unknown[]> = (...args: [...A, ...never[]]) => void;
/** A net.Socket that speaks Multipath TCP where the kernel and the peer allow. */
export interface Socket extends net.Socket {
    /** True when this connection runs Multipath TCP end to end (see mptcp.isMultipath). */
    readonly multipath: boolean;
    /** Why this connection is not Multipath TCP, or null (see mptcp.fallbackReason). */
    readonly fallbackReason: FallbackReason | null;
    /** struct mptcp_info, or null when not MPTCP (see mptcp.info). */
    info(): MptcpInfo | null;
    /** The connection's subflows (see mptcp.subflows). */
    subflows(): Subflow[];
    getsockopt<N extends SocketOptionName>(name: N): SocketOptionValues[N];
    getsockopt(level: number, name: number, type?: RawType): number | string | bigint | Buffer;
    setsockopt<N extends SocketOptionName>(name: N, value: SocketOptionInput<N>): this;
    setsockopt(level: number, name: number, value: Buffer | number): this;
    /**
     * Marks the subflows leaving from local `address` as backup or active (MP_PRIO);
     * resolves with how many changed. Needs the userspace path manager (see the README).
     */
    setBackup(address: string, backup: boolean): Promise<number>;
    connect(options: SocketConnectOpts, connectionListener?: () => void): this;
    connect(port: number, host: string, connectionListener?: () => void): this;
    connect(port: number, connectionListener?: () => void): this;
    connect(path: string, connectionListener?: () => void): this;
    addListener<K extends keyof SocketEventMap>(event: K, listener: Listener<SocketEventMap[K]>): this;
    addListener<E extends string | symbol>(event: Exclude<E, keyof SocketEventMap>, listener: Listener<never[]>): this;
    on<K extends keyof SocketEventMap>(event: K, listener: Listener<SocketEventMap[K]>): this;
    on<E extends string | symbol>(event: Exclude<E, keyof SocketEventMap>, listener: Listener<never[]>): this;
    once<K extends keyof SocketEventMap>(event: K, listener: Listener<SocketEventMap[K]>): this;
    once<E extends string | symbol>(event: Exclude<E, keyof SocketEventMap>, listener: Listener<never[]>): this;
    prependListener<K extends keyof SocketEventMap>(event: K, listener: Listener<SocketEventMap[K]>): this;
    prependListener<E extends string | symbol>(event: Exclude<E, keyof SocketEventMap>, listener: Listener<never[]>): this;
    prependOnceListener<K extends keyof SocketEventMap>(event: K, listener: Listener<SocketEventMap[K]>): this;
    prependOnceListener<E extends string | symbol>(event: Exclude<E, keyof SocketEventMap>, listener: Listener<never[]>): this;
}
/** mptcp.Socket's constructor: node's statics (Socket.from, …), callable with or without `new`. */
export interface SocketConstructor extends Omit<typeof net.Socket, 'prototype'> {
    new (options?: SocketConstructorOpts | number): Socket;
    (options?: SocketConstructorOpts | number): Socket;
    readonly prototype: Socket;
}
/**
 * Socket.prototype.connect, also installed on net.Socket.prototype by the
 * register hook: node's connect, with an MPTCP fd under it. Same overloads,
 * options, events and errors.
 */
export declare function connectMultipath(this: net.Socket, ...args: unknown[]): net.Socket;
/** mptcp.Socket. Callable with or without `new`, as net.Socket is. */
export declare const Socket: SocketConstructor;
/**
 * mptcp.setBackup(socket, address, backup): socket.setBackup for any socket.
 * Path management provides it (lib/pm/attach.ts); without it, says so.
 */
export declare function setBackupOf(socket: net.Socket, address: string, backup: boolean): Promise<number>;
/**
 * mptcp.connect / mptcp.createConnection: as net.connect, with a
 * Multipath TCP socket. Same overloads, options, events and errors.
 */
export declare function connect(options: NetConnectOpts, connectionListener?: () => void): Socket;
export declare function connect(port: number, host?: string, connectionListener?: () => void): Socket;
export declare function connect(path: string, connectionListener?: () => void): Socket;
export declare const createConnection: typeof connect;
export {};
