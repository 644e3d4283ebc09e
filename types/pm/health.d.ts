import type { TcpInfo } from '../kernel/structs';
/**
 * Why a subflow was judged stalled:
 * - 'no-ack': data in flight and no ACK at all for `rtts` smoothed RTTs (and `minMs`);
 * - 'rto': the kernel's retransmission timer fired (ca_state Loss) and nothing came back for `minMs`;
 * - 'link-down': its interface lost IFF_UP or its carrier (from rtnetlink, not tcp_info).
 */
export type StallSignal = 'no-ack' | 'rto' | 'link-down';
export interface StallThresholds {
    /** Round trips (smoothed RTT) without an ACK while data is in flight. */
    rtts: number;
    /** Never sooner than this (ms): above a peer's delayed-ACK timer (40 ms on Linux). */
    minMs: number;
}
/**
 * Follows subflows (by a key of the caller's) from one tcp_info reading to
 * the next. "Nothing acknowledged since" is timed here, from the first
 * reading that showed data in flight at that count: the kernel's
 * last_ack_recv alone would call a subflow that was idle, then sends,
 * stalled at once.
 */
export declare class StallDetector {
    private readonly thresholds;
    private readonly seen;
    constructor(thresholds: StallThresholds);
    /** The threshold for a subflow with this smoothed RTT (µs), in ms. */
    limitMs(rttUs: number | undefined): number;
    /** One reading of subflow `key` at `now` (ms): the signal when it is stalled, else null. */
    check(key: string, ti: TcpInfo, now: number): StallSignal | null;
    forget(key: string): void;
    /** Forgets every subflow not in `keys` (those that are gone). */
    keepOnly(keys: Set<string>): void;
}
