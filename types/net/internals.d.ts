import net from 'node:net';
/** node:net's libuv handle, as far as this package touches it. */
export interface TcpHandle {
    fd?: number;
    open(fd: number): number;
    close(cb?: () => void): void;
    onconnection?: ((err: number, clientHandle: TcpHandle) => void) | null;
    getsockname?(out: Record<string, unknown>): number;
    getpeername?(out: Record<string, unknown>): number;
    setNoDelay?(enable: boolean): number;
    setKeepAlive?(enable: boolean, delay: number): number;
}
export declare function handleOf(target: net.Socket | net.Server): TcpHandle | null;
/** node bumps `_listeningId` on listen() and close(), so a lookup that was overtaken is dropped. */
export declare function listeningIdOf(server: net.Server): number;
export declare function setConnectionKey(server: net.Server, key: string): void;
/** Where node:net's behaviour differs by version (maxConnections, blockList, listen's lookup). */
export declare const NODE_MAJOR: number;
/** Constructs accepted sockets: the mptcp.Socket constructor, called with node's options. */
export type AcceptedSocketConstructor = new (options: net.SocketConstructorOpts & Record<string, unknown>) => net.Socket;
/**
 * Makes `server` construct its accepted sockets with `Socket`. Call once its
 * listening handle exists (before any connection can be accepted: libuv runs
 * accept callbacks only after the current tick). False if the handle is not
 * one node:net made (then node's own sockets are handed out, which the
 * functions of this package still understand).
 */
export declare function acceptAs(server: net.Server, Socket: AcceptedSocketConstructor): boolean;
