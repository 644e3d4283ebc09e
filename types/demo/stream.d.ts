import type { AgentContext } from '../testing/index';
/** One subflow of the client's connection, as sampled. */
export interface SubflowSample {
    local: string;
    localPort: number;
    remote: string;
    /** Payload bytes that arrived on this subflow (tcp_info bytes_received). */
    bytes: number;
}
export interface Sample {
    /** Milliseconds since the connection was established. */
    ms: number;
    /** Bytes the application read. */
    bytes: number;
    subflows: SubflowSample[];
    /** What the connection's path manager reported since the last sample. */
    events: string[];
    ended: boolean;
}
export interface Received {
    bytes: number;
    sha256: string;
    multipath: boolean;
    /** Times without a read of GAP_MS or more, in order. */
    gaps: Gap[];
}
export interface Gap {
    /** When the last read before it was, ms since connect. */
    fromMs: number;
    ms: number;
}
export interface Sent {
    bytes: number;
    sha256: string;
}
/** A gap between reads that counts as a stall: a shaped link's bursts leave far shorter ones. */
export declare const GAP_MS = 100;
/**
 * The server: each connection gets random bytes, as fast as the paths take
 * them, until stopSending() or `maxSeconds` (a bound, should the demo die).
 */
export declare function serve({ mptcp, state, crypto }: AgentContext, maxSeconds: number): Promise<number>;
/** Ends the current connection's stream; resolves with what was sent once it is all written. */
export declare function stopSending({ state, waitFor }: AgentContext): Promise<Sent>;
/**
 * The client: connects to `host`, reads and hashes everything. `options`
 * go to mptcp.connect() as they are (the place for per-connection features).
 */
export declare function receive({ mptcp, state, crypto }: AgentContext, port: number, host: string, options?: Record<string, unknown>): Promise<{
    multipath: boolean;
}>;
/** The connection now: what the application read, and each subflow's share. */
export declare function sample({ state }: AgentContext): Sample;
/** Waits for the end of the stream (after stopSending()); the digest of what arrived. */
export declare function received({ state, waitFor }: AgentContext): Promise<Received>;
/** pm.setEndpointFlags() in this namespace: new subflows from `address` join as backup (or not). */
export declare function setEndpointBackup({ mptcp }: AgentContext, address: string, backup: boolean): Promise<void>;
