import net from 'node:net';
import { Socket, type MultipathOptions } from './socket';
import { type FallbackReason } from './state';
import { type RawType, type SocketOptionInput, type SocketOptionName, type SocketOptionValues } from './sockopt';
export interface ServerOpts extends net.ServerOpts, MultipathOptions {
}
export interface ListenOptions extends net.ListenOptions, MultipathOptions {
    /** SO_REUSEPORT: several listeners (processes, cluster workers with `exclusive`) share the port. */
    reusePort?: boolean;
}
/**
 * node's setupListenHandle with an MPTCP fd. Same address rules: no address
 * means "::" (dual stack), or "0.0.0.0" when IPv6 cannot be used; errors are
 * node's "listen E…: … address:port" on the next tick.
 */
export declare function listenMultipath(server: net.Server, address: string | null, port: number | null, addressType: number | null, backlog: number | undefined, fd: number | undefined, flags: number | undefined): void;
export declare class Server extends net.Server {
    constructor(connectionListener?: (socket: Socket) => void);
    constructor(options?: ServerOpts, connectionListener?: (socket: Socket) => void);
    listen(...args: unknown[]): this;
    emit(event: string | symbol, ...args: unknown[]): boolean;
    /** True when the listening socket is Multipath TCP. */
    get multipath(): boolean;
    /** Why the listening socket is plain TCP, or null. */
    get fallbackReason(): FallbackReason | null;
    getsockopt<N extends SocketOptionName>(name: N): SocketOptionValues[N];
    getsockopt(level: number, name: number, type?: RawType): number | string | bigint | Buffer;
    setsockopt<N extends SocketOptionName>(name: N, value: SocketOptionInput<N>): this;
    setsockopt(level: number, name: number, value: Buffer | number): this;
}
export declare function createServer(connectionListener?: (socket: Socket) => void): Server;
export declare function createServer(options?: ServerOpts, connectionListener?: (socket: Socket) => void): Server;
