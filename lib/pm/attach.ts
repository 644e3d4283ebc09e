// Path management's per-socket features, attached to the socket layer through
// its extension point (lib/net/extension.ts): the connection's own
// path-manager events on an mptcp.Socket ('subflow', 'subflowClosed',
// 'subflowPriority', 'announced', 'removed'), socket.setBackup(), and the
// backup flags in subflows(). Loaded by the package entry.
import { extendSockets } from '../net/extension';
import type { AnnouncedEvent, RemovedEvent, SubflowEvent } from './events';
import { setSubflowBackup } from './steer';
import { forwardToSocket, SOCKET_EVENTS, subflowBackup } from './watch';

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

extendSockets({
  events: Object.keys(SOCKET_EVENTS),
  subscribe: (socket) => forwardToSocket(socket),
  setBackup: setSubflowBackup,
  subflowBackup,
});
