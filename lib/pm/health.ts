// Whether a subflow has stopped working, judged from its tcp_info alone. The
// kernel moves data off a dead subflow only after retransmission timeouts
// (200 ms at least, more with backoff); a subflow whose path blackholed
// shows it much earlier: data is outstanding and nothing has come back for
// several round trips. Pure: callers read tcp_info (getsockopt for their own
// socket, sock_diag for any) and decide what to do.
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

/** tcp_info's ca_state after a retransmission timeout (include/uapi/linux/tcp.h). */
const TCP_CA_LOSS = 4;

interface Progress {
  acked: bigint;
  /** When this much was first seen acknowledged with data in flight (ms). */
  since: number;
}

/**
 * Follows subflows (by a key of the caller's) from one tcp_info reading to
 * the next. "Nothing acknowledged since" is timed here, from the first
 * reading that showed data in flight at that count: the kernel's
 * last_ack_recv alone would call a subflow that was idle, then sends,
 * stalled at once.
 */
export class StallDetector {
  private readonly seen = new Map<string, Progress>();

  constructor(private readonly thresholds: StallThresholds) {}

  /** The threshold for a subflow with this smoothed RTT (µs), in ms. */
  limitMs(rttUs: number | undefined): number {
    return Math.max(this.thresholds.minMs, (this.thresholds.rtts * (rttUs ?? 0)) / 1000);
  }

  /** One reading of subflow `key` at `now` (ms): the signal when it is stalled, else null. */
  check(key: string, ti: TcpInfo, now: number): StallSignal | null {
    const acked = ti.bytesAcked ?? 0n;
    if (!ti.unacked) {
      this.seen.delete(key); // nothing in flight: nothing can be late
      return null;
    }
    let p = this.seen.get(key);
    if (!p || p.acked !== acked) this.seen.set(key, (p = { acked, since: now }));
    const quiet = Math.min(now - p.since, ti.lastAckRecv ?? 0);
    if (ti.caState === TCP_CA_LOSS && quiet >= this.thresholds.minMs) return 'rto';
    if (quiet >= this.limitMs(ti.rtt)) return 'no-ack';
    return null;
  }

  forget(key: string): void {
    this.seen.delete(key);
  }

  /** Forgets every subflow not in `keys` (those that are gone). */
  keepOnly(keys: Set<string>): void {
    for (const k of this.seen.keys()) if (!keys.has(k)) this.seen.delete(k);
  }
}
