import { type UnavailableReason } from '../errors';
import type { SocketOptions } from './sockopt';
/** `multipath` option: true (MPTCP when possible), false (plain TCP), 'require' (MPTCP or error). */
export type MultipathMode = boolean | 'require';
/**
 * Why a connection is not Multipath TCP:
 * - 'option-off': `multipath: false` was asked for;
 * - 'kernel' / 'disabled' / 'blocked' / 'platform' / 'addon': no MPTCP socket could be made (see support());
 * - 'peer': the socket is MPTCP but the peer (or a middlebox) did not speak it, so it fell back to TCP;
 * - 'not-mptcp-socket': a plain TCP socket this package did not make, e.g. from node:net.
 */
export type FallbackReason = 'option-off' | 'peer' | 'not-mptcp-socket' | UnavailableReason;
export interface SocketState {
    /** What the user asked for. */
    mode: MultipathMode;
    /** Set when the socket was created plain: why it could not be (or was not to be) MPTCP. */
    reason: FallbackReason | null;
    socketOptions?: SocketOptions | undefined;
    /** Whether the listening socket is (for a server) or was (for a socket it accepted) MPTCP. */
    listenerMultipath?: boolean;
    /** Last answers before the socket's fd closed, so they stay readable in 'close'. */
    lastMultipath?: boolean;
    lastReason?: FallbackReason | null;
}
export declare function stateOf(target: object): SocketState | undefined;
export declare function setState(target: object, state: SocketState): SocketState;
export declare function validateMode(value: unknown, name: string): MultipathMode | undefined;
