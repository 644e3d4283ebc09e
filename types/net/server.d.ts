import net from 'node:net';
import { Socket, type MultipathOptions } from './socket';
import { type FallbackReason } from './state';
import { type RawType, type SocketOptionInput, type SocketOptionName, type SocketOptionValues } from './sockopt';
export interface ServerOpts extends net.ServerOpts, MultipathOptions {
}
export interface ListenOptions extends net.ListenOptions, MultipathOptions {
    /** SO_REUSEPORT: several listeners (processes, cluster workers) share the port; implies `exclusive`. */
    reusePort?: boolean | undefined;
}
/** A listener may take fewer arguments than the event has, or more (they arrive undefined), as with node's `(...args: any[])`. */
type Listener<A extends unknown[]> = (...args: [...A, ...never[]]) => void;
/** What listen(handle) takes: a server or socket (anything with a `_handle`), a BoundSocket, or `{ fd }`. */
export type ListenHandle = net.Server | net.Socket | {
    fd: number;
} | {
    handle: object;
} | {
    _handle: object;
};
/** Events of an mptcp.Server with their arguments. */
export interface ServerEventMap {
    close: [];
    connection: [socket: Socket];
    error: [err: Error];
    listening: [];
    drop: [data?: net.DropArgument];
}
/** A net.Server whose listening socket is Multipath TCP where the kernel allows. */
export interface Server extends net.Server {
    /** True when the listening socket is Multipath TCP. */
    readonly multipath: boolean;
    /** Why the listening socket is plain TCP, or null. */
    readonly fallbackReason: FallbackReason | null;
    getsockopt<N extends SocketOptionName>(name: N): SocketOptionValues[N];
    getsockopt(level: number, name: number, type?: RawType): number | string | bigint | Buffer;
    setsockopt<N extends SocketOptionName>(name: N, value: SocketOptionInput<N>): this;
    setsockopt(level: number, name: number, value: Buffer | number): this;
    listen(port?: number, hostname?: string, backlog?: number, listeningListener?: () => void): this;
    listen(port?: number, hostname?: string, listeningListener?: () => void): this;
    listen(port?: number, backlog?: number, listeningListener?: () => void): this;
    listen(port?: number, listeningListener?: () => void): this;
    listen(path: string, backlog?: number, listeningListener?: () => void): this;
    listen(path: string, listeningListener?: () => void): this;
    listen(options: ListenOptions, listeningListener?: () => void): this;
    listen(handle: ListenHandle, backlog?: number, listeningListener?: () => void): this;
    listen(handle: ListenHandle, listeningListener?: () => void): this;
    addListener<K extends keyof ServerEventMap>(event: K, listener: Listener<ServerEventMap[K]>): this;
    addListener<E extends string | symbol>(event: Exclude<E, keyof ServerEventMap>, listener: Listener<never[]>): this;
    on<K extends keyof ServerEventMap>(event: K, listener: Listener<ServerEventMap[K]>): this;
    on<E extends string | symbol>(event: Exclude<E, keyof ServerEventMap>, listener: Listener<never[]>): this;
    once<K extends keyof ServerEventMap>(event: K, listener: Listener<ServerEventMap[K]>): this;
    once<E extends string | symbol>(event: Exclude<E, keyof ServerEventMap>, listener: Listener<never[]>): this;
    prependListener<K extends keyof ServerEventMap>(event: K, listener: Listener<ServerEventMap[K]>): this;
    prependListener<E extends string | symbol>(event: Exclude<E, keyof ServerEventMap>, listener: Listener<never[]>): this;
    prependOnceListener<K extends keyof ServerEventMap>(event: K, listener: Listener<ServerEventMap[K]>): this;
    prependOnceListener<E extends string | symbol>(event: Exclude<E, keyof ServerEventMap>, listener: Listener<never[]>): this;
}
export interface ServerConstructor extends Omit<typeof net.Server, 'prototype'> {
    new (connectionListener?: (socket: Socket) => void): Server;
    new (options?: ServerOpts, connectionListener?: (socket: Socket) => void): Server;
    (connectionListener?: (socket: Socket) => void): Server;
    (options?: ServerOpts, connectionListener?: (socket: Socket) => void): Server;
    readonly prototype: Server;
}
/**
 * server.listen(...args) with an MPTCP listener: mptcp.Server's listen,
 * mptcp.listen(server, ...args) for any net.Server, and the register hook's.
 */
export declare function listenMultipath(this: net.Server, ...args: unknown[]): net.Server;
/** mptcp.Server. Callable with or without `new`, as net.Server is. */
export declare const Server: ServerConstructor;
export declare function createServer(connectionListener?: (socket: Socket) => void): Server;
export declare function createServer(options?: ServerOpts, connectionListener?: (socket: Socket) => void): Server;
/**
 * Makes `server.listen()` listen on Multipath TCP, for code that calls it
 * itself (a framework's listen, a serverFactory): `fastify({ serverFactory:
 * (handler) => mptcp.withMultipath(http.createServer(handler)) })`. Returns the server.
 */
export declare function withMultipath<S extends net.Server>(server: S, options?: MultipathOptions): S;
/**
 * mptcp.listen(server, ...args): listens as server.listen(...args) would, with
 * an MPTCP listening socket, for any net.Server (http, https, http2, tls, the
 * server under a framework). Returns the server.
 */
export declare function listen<S extends net.Server>(server: S, ...args: unknown[]): S;
export {};
