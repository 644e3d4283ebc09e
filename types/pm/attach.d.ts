import type { AnnouncedEvent, RemovedEvent, SubflowEvent } from './events';
import { type FailoverEvent, type FailoverOption, type PathsOption, type RecoveredEvent } from './failover';
declare module '../net/extension' {
    interface SocketEventMap {
        /** A subflow of this connection was established (MPTCP_EVENT_SUB_ESTABLISHED). */
        subflow: [event: SubflowEvent];
        subflowClosed: [event: SubflowEvent];
        subflowPriority: [event: SubflowEvent];
        /** The peer announced an address (ADD_ADDR). */
        announced: [event: AnnouncedEvent];
        removed: [event: RemovedEvent];
        /** `failover`: a stalled subflow (or one whose link went down) was closed, or one opened elsewhere. */
        failover: [event: FailoverEvent];
        /** `failover`: a path closed before carries the connection again (userspace path manager). */
        recovered: [event: RecoveredEvent];
    }
    interface PathOptions {
        /**
         * Detect a stalled subflow from its tcp_info (or its link going down) and move the data off it at
         * once, instead of after the kernel's retransmission timeouts. true, false (default), or thresholds.
         */
        failover?: FailoverOption | undefined;
        /**
         * Which paths carry the connection: 'aggregate' (default: all at once), `{ backup: ['wwan0'] }`
         * (those interfaces only while nothing else works), `{ prefer: 'latency' }` (the lowest-RTT path).
         * A policy needs the userspace path manager.
         */
        paths?: PathsOption | undefined;
    }
}
