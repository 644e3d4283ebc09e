import type { AnnouncedEvent, RemovedEvent, SubflowEvent } from './events';
declare module '../net/extension' {
    interface SocketEventMap {
        /** A subflow of this connection was established (MPTCP_EVENT_SUB_ESTABLISHED). */
        subflow: [event: SubflowEvent];
        subflowClosed: [event: SubflowEvent];
        subflowPriority: [event: SubflowEvent];
        /** The peer announced an address (ADD_ADDR). */
        announced: [event: AnnouncedEvent];
        removed: [event: RemovedEvent];
    }
}
