import { type UnavailableReason } from '../errors';
import type { SocketOptions } from './sockopt';
/** `multipath` option: true (MPTCP when possible), false (plain TCP), 'require' (MPTCP or error). */
export type MultipathMode = boolean | 'require';
/**
 * Why a connection is not Multipath TCP:
 * - 'option-off': `multipath: false` was asked for;
 * - 'kernel' / 'disabled' / 'blocked' / 'platform' / 'addon': no MPTCP socket could be made (see support());
 * - 'peer': the socket is MPTCP but the peer (or a middlebox) did not speak it, so it fell back to TCP;
 * - 'peer-remembered': an earlier connection to the same address and port fell back, so this one
 *   was made plain TCP from the start (see fallbackCache);
 * - 'not-mptcp-socket': a plain TCP socket this package did not make, e.g. from node:net.
 */
export type FallbackReason = 'option-off' | 'peer' | 'peer-remembered' | 'not-mptcp-socket' | UnavailableReason;
export interface SocketState {
    /** What the user asked for. */
    mode: MultipathMode;
    socketOptions: SocketOptions | undefined;
    /** Set when the fd was made plain: why it could not (or was not to) be MPTCP. */
    reason: FallbackReason | null;
    /** IPPROTO_MPTCP or IPPROTO_TCP once known (it never changes for an fd); 0 when not known. */
    protocol: number;
    /** The last answer to "MPTCP end to end?" and, when not, why; kept for after the fd is gone. */
    known: boolean | undefined;
    lastReason: FallbackReason | null;
    /** Someone asked while it was open: refresh `known` just before the fd closes. */
    asked: boolean;
    /** The address and port a client connected to (to remember peers that fell back). */
    peerAddress: string | undefined;
    peerPort: number;
    /** A per-address policy (the register hook's MPTCP_HOSTS): false makes that attempt plain TCP. */
    allowAddress: ((address: string) => boolean) | undefined;
    /** Path options (validated) for the extensions, applied once connected. */
    pathOptions: Record<string, unknown> | undefined;
}
export interface ServerState {
    mode: MultipathMode;
    socketOptions: SocketOptions | undefined;
    reason: FallbackReason | null;
    /** Whether the listening socket is MPTCP; asked once per listen, not per connection. */
    listenerMultipath: boolean | undefined;
    /** Counts listen() calls, to drop a lookup that a later listen() overtook. */
    listenId: number;
    /** Path options (validated) for the extensions, applied to each accepted connection. */
    pathOptions: Record<string, unknown> | undefined;
    /** setsockopt(TCP_CONGESTION) was called on it: accepted sockets keep what they inherit (defaults.ts). */
    congestionChosen: boolean;
}
export declare const kState: unique symbol;
export declare function newSocketState(mode?: MultipathMode, socketOptions?: SocketOptions): SocketState;
export declare function socketState(target: object): SocketState | undefined;
/** The socket's state, made with the defaults on first use. */
export declare function ensureSocketState(target: object): SocketState;
export declare function serverState(target: object): ServerState | undefined;
export declare function ensureServerState(target: object, mode?: MultipathMode, socketOptions?: SocketOptions): ServerState;
/** Records that the user set TCP_CONGESTION on `target`, if it is a server this package knows. */
export declare function noteCongestionChoice(target: object): void;
export declare function validateMode(value: unknown, name: string): MultipathMode | undefined;
