import { type UnavailableReason } from '../errors';
export interface Support {
    /** True when socket(…, IPPROTO_MPTCP) works here now. */
    readonly supported: boolean;
    /** Why not: 'platform' (not Linux), 'addon' (native module not loaded), 'kernel' (too old or built
     *  without MPTCP), 'disabled' (net.mptcp.enabled=0), 'blocked' (a security policy refused it). */
    readonly reason: UnavailableReason | null;
    /** errno of the failed probe, positive as the kernel reports it (e.g. 92 for ENOPROTOOPT). */
    readonly errno?: number;
    /** Its name, e.g. 'ENOPROTOOPT'. */
    readonly code?: string;
    /** os.release(), e.g. '6.18.44'. */
    readonly kernel: string;
    /** The addon's load error when reason is 'addon'. */
    readonly error?: Error;
}
export interface SupportOptions {
    /** Probe again instead of answering from the cache (net.mptcp.enabled may have changed). */
    refresh?: boolean;
}
/** Out of fds or memory: says nothing about MPTCP, and TCP would fail the same way. */
export declare function isResourceErrno(errno: number): boolean;
/** Sorts the errno of a failed socket(…, IPPROTO_MPTCP) into a reason. */
export declare function reasonForErrno(errno: number): UnavailableReason;
/**
 * Whether MPTCP sockets can be made, probed once and cached.
 * `support({ refresh: true })` probes again.
 */
export declare function support(options?: SupportOptions): Support;
/** True when a failure reason will not change while this process runs. */
export declare function isPermanent(reason: UnavailableReason): boolean;
