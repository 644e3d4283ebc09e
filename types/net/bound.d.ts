import type { MultipathMode, SocketState, FallbackReason } from './state';
import type { SocketOptions } from './sockopt';
interface BoundSocketLike {
    readonly isPipe: boolean;
    fd(): number;
    address(): {
        address: string;
        family: string;
        port: number;
    } | string;
}
/** A net.BoundSocket (Node 24.22+); always false where node:net has none. */
export declare function isBoundSocket(value: unknown): value is BoundSocketLike;
/**
 * Makes the socket under a BoundSocket MPTCP (per `mode`), before a server or
 * socket of this package adopts it. Returns why it stays plain, null when it
 * is MPTCP, undefined when `value` is not a (usable, TCP) BoundSocket: then
 * node:net adopts it, or rejects it in its own words.
 */
export declare function makeBoundMultipath(value: unknown, mode: MultipathMode, socketOptions: SocketOptions | undefined): FallbackReason | null | undefined;
/** For `new mptcp.Socket({ handle: bound })`: the socket's fd becomes MPTCP before node adopts it. */
export declare function adoptBoundSocket(handle: unknown, st: SocketState): void;
export {};
