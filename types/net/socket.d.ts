import net from 'node:net';
import { type Subflow } from './info';
import { type FallbackReason, type MultipathMode } from './state';
import { type RawType, type SocketOptionInput, type SocketOptionName, type SocketOptions, type SocketOptionValues } from './sockopt';
import type { MptcpInfo } from '../kernel/structs';
/** Options this package adds to node:net's. */
export interface MultipathOptions {
    /** true (default): MPTCP when possible, else TCP. false: plain TCP. 'require': MPTCP or ERR_MPTCP_UNAVAILABLE. */
    multipath?: MultipathMode;
    /** Socket options set on each new fd before it binds or connects, e.g. `{ SO_MARK: 7 }`. */
    socketOptions?: SocketOptions;
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
export declare class Socket extends net.Socket {
    constructor(options?: SocketConstructorOpts | number);
    connect(options: SocketConnectOpts, connectionListener?: () => void): this;
    connect(port: number, host: string, connectionListener?: () => void): this;
    connect(port: number, connectionListener?: () => void): this;
    connect(path: string, connectionListener?: () => void): this;
    /** True when this connection runs Multipath TCP end to end (see mptcp.isMultipath). */
    get multipath(): boolean;
    /** Why this connection is not Multipath TCP, or null (see mptcp.fallbackReason). */
    get fallbackReason(): FallbackReason | null;
    /** struct mptcp_info, or null when not MPTCP (see mptcp.info). */
    info(): MptcpInfo | null;
    /** The connection's subflows (see mptcp.subflows). */
    subflows(): Subflow[];
    getsockopt<N extends SocketOptionName>(name: N): SocketOptionValues[N];
    getsockopt(level: number, name: number, type?: RawType): number | string | bigint | Buffer;
    setsockopt<N extends SocketOptionName>(name: N, value: SocketOptionInput<N>): this;
    setsockopt(level: number, name: number, value: Buffer | number): this;
    /**
     * Marks the subflows leaving from local `address` as backup or active (MP_PRIO).
     * Needs the userspace path manager; see pm.setEndpointFlags for the in-kernel one.
     */
    setBackup(address: string, backup: boolean): Promise<number>;
    emit(event: string | symbol, ...args: unknown[]): boolean;
    _destroy(error: Error | null, callback: (error?: Error | null) => void): void;
}
/**
 * mptcp.connect / mptcp.createConnection: as net.connect, with a
 * Multipath TCP socket. Same overloads, options, events and errors.
 */
export declare function connect(options: NetConnectOpts, connectionListener?: () => void): Socket;
export declare function connect(port: number, host?: string, connectionListener?: () => void): Socket;
export declare function connect(path: string, connectionListener?: () => void): Socket;
export declare const createConnection: typeof connect;
