// The path manager's events (multicast group mptcp_pm_events): an
// EventEmitter that is also an async iterator, one decoded object per event.
// Joining the group needs CAP_NET_ADMIN in the namespace's user namespace.
import { EventEmitter } from 'node:events';
import { hasErrno, mptcpUnavailable, type SystemError } from '../errors';
import { NetlinkParseError } from '../netlink/attributes';
import { GENL_HDRLEN, resolveFamilySync } from '../netlink/genl';
import { NETLINK_GENERIC, NetlinkSocket, type NetlinkError, type NetlinkMessage } from '../netlink/socket';
import { nativeState } from '../native/binding';
import { PathManagerError } from './commands';
import { decodeAddress, familyName } from './address';
import { EventAttrs } from './decoders';
import {
  EVENTS,
  MPTCP_PM_EV_FLAG_DENY_JOIN_ID0,
  MPTCP_PM_EV_FLAG_SERVER_SIDE,
  MPTCP_PM_EV_GRP_NAME,
  MPTCP_PM_NAME,
  RESET_REASONS,
  type EventType,
} from './spec';
import { constants as sockConstants } from '../net/sockopt';

interface Endpoints {
  family: 'IPv4' | 'IPv6';
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  localId: number;
  remoteId: number;
}

/** CREATED / ESTABLISHED: a connection (its initial subflow). */
export interface ConnectionEvent extends Endpoints {
  type: 'created' | 'established';
  /** This side's token (what mptcp.info(socket).token says). */
  token: number;
  /** True on the listening side. */
  serverSide: boolean;
  /** The peer forbids joins to its initial address (id 0). */
  denyJoinId0: boolean;
  flags: number;
}

export interface ClosedEvent {
  type: 'closed';
  token: number;
}

/** ANNOUNCED: the peer announced an address (ADD_ADDR). */
export interface AnnouncedEvent {
  type: 'announced';
  token: number;
  family: 'IPv4' | 'IPv6';
  remoteAddress: string;
  remotePort: number;
  remoteId: number;
}

/** REMOVED: the peer withdrew an address (RM_ADDR). */
export interface RemovedEvent {
  type: 'removed';
  token: number;
  remoteId: number;
}

/** SUB_ESTABLISHED / SUB_CLOSED / SUB_PRIORITY: one subflow. */
export interface SubflowEvent extends Endpoints {
  type: 'sub_established' | 'sub_closed' | 'sub_priority';
  token: number;
  /**
   * The kernel's BACKUP attribute: the peer asked for this subflow to be a
   * backup (B bit in its MP_JOIN, or an MP_PRIO). The kernel schedules a
   * subflow as backup when either side asked; the local request shows in
   * `mptcp connections` (flag "b").
   */
  backup: boolean;
  /** The interface the subflow is bound to, when it is bound. */
  ifindex?: number;
  /** The socket error (errno) that closed it, when there was one. */
  error?: number;
  /** From an MP_TCPRST, when the peer reset the subflow. */
  resetReason?: number;
  resetReasonName?: string;
  resetFlags?: number;
}

/** LISTENER_CREATED / LISTENER_CLOSED (6.2): an MPTCP listening socket. */
export interface ListenerEvent {
  type: 'listener_created' | 'listener_closed';
  family: 'IPv4' | 'IPv6';
  localAddress: string;
  localPort: number;
}

export type PmEvent = ConnectionEvent | ClosedEvent | AnnouncedEvent | RemovedEvent | SubflowEvent | ListenerEvent;

const EVENT_TYPES = EVENTS as Record<number, EventType | undefined>;

/** Decodes one mptcp_pm event message. Null for an event type this package does not know. */
export function decodeEvent(msg: NetlinkMessage): PmEvent | null {
  const p = msg.payload;
  if (p.length < GENL_HDRLEN) throw new NetlinkParseError('truncated genlmsghdr');
  // The attributes first: a malformed event is an error whatever its type.
  const a = new EventAttrs(p, GENL_HDRLEN, p.length);
  const type = EVENT_TYPES[p[0]!];
  if (!type) return null;
  const token = a.token ?? 0;
  // Addresses are formatted now: the attributes are views of a buffer the socket reuses.
  const local = decodeAddress(a.saddr4, a.saddr6) ?? '';
  const remote = decodeAddress(a.daddr4, a.daddr6) ?? '';
  const family = familyName(a.family, local || remote) ?? 'IPv4';
  // Object literals with the keys always in one order: one shape per kind of event.
  switch (type) {
    case 'created':
    case 'established': {
      const flags = a.flags ?? 0;
      return {
        type,
        token,
        family,
        localAddress: local,
        localPort: a.sport ?? 0,
        remoteAddress: remote,
        remotePort: a.dport ?? 0,
        localId: a.locId ?? 0,
        remoteId: a.remId ?? 0,
        // 6.18 sets a FLAGS bit; before, a SERVER_SIDE attribute (u8, on every event until 6.17).
        serverSide: (flags & MPTCP_PM_EV_FLAG_SERVER_SIDE) !== 0 || a.serverSide === 1,
        denyJoinId0: (flags & MPTCP_PM_EV_FLAG_DENY_JOIN_ID0) !== 0,
        flags,
      };
    }
    case 'closed':
      return { type, token };
    case 'announced':
      return { type, token, family, remoteAddress: remote, remotePort: a.dport ?? 0, remoteId: a.remId ?? 0 };
    case 'removed':
      return { type, token, remoteId: a.remId ?? 0 };
    case 'sub_established':
    case 'sub_closed':
    case 'sub_priority': {
      const ev: SubflowEvent = {
        type,
        token,
        family,
        localAddress: local,
        localPort: a.sport ?? 0,
        remoteAddress: remote,
        remotePort: a.dport ?? 0,
        localId: a.locId ?? 0,
        remoteId: a.remId ?? 0,
        backup: a.backup === 1,
      };
      if (a.ifindex !== undefined && a.ifindex !== 0) ev.ifindex = a.ifindex;
      if (a.error !== undefined && a.error !== 0) ev.error = a.error;
      if (a.resetReason !== undefined) {
        ev.resetReason = a.resetReason;
        const name = (RESET_REASONS as Record<number, string | undefined>)[a.resetReason];
        if (name) ev.resetReasonName = name;
      }
      if (a.resetFlags !== undefined) ev.resetFlags = a.resetFlags;
      return ev;
    }
    case 'listener_created':
    case 'listener_closed':
      return { type, family, localAddress: local, localPort: a.sport ?? 0 };
  }
}

export interface EventsOptions {
  /** Only events of this connection token (listener events have none and are left out). */
  token?: number;
  /** SO_RCVBUF for the event socket: more room before the kernel drops events (ENOBUFS). */
  receiveBufferSize?: number;
  /** Closes the stream when aborted. */
  signal?: AbortSignal;
}

/** A 'lost' notice: the kernel dropped events (ENOBUFS). Resync from current state. */
export interface LostNotice {
  error: SystemError;
}

export interface PmEventMap {
  event: [PmEvent];
  created: [ConnectionEvent];
  established: [ConnectionEvent];
  closed: [ClosedEvent];
  announced: [AnnouncedEvent];
  removed: [RemovedEvent];
  sub_established: [SubflowEvent];
  sub_closed: [SubflowEvent];
  sub_priority: [SubflowEvent];
  listener_created: [ListenerEvent];
  listener_closed: [ListenerEvent];
  ready: [];
  lost: [LostNotice];
  /** An event message that does not parse: dropped, the stream goes on. */
  malformed: [Error];
  error: [Error];
  close: [];
}

/**
 * The path manager's events. Emits each event under its type ('created',
 * 'sub_established', …) and as 'event'; 'lost' when the kernel dropped
 * events; 'ready' once subscribed. Iterate it with `for await`.
 */
export class PmEvents extends EventEmitter<PmEventMap> implements AsyncIterable<PmEvent> {
  private sock: NetlinkSocket | null = null;
  private closed = false;
  private readyPromise: Promise<void> | null = null;
  private readyState: 'pending' | 'ready' | Error = 'pending';
  private readonly queue: PmEvent[] = [];
  private waiters: { resolve(r: IteratorResult<PmEvent>): void; reject(e: Error): void }[] = [];
  private failure: Error | null = null;
  private iterating = false;

  constructor(private readonly options: EventsOptions = {}) {
    super();
    // Subscribed before this returns: an event right after (a connect on the
    // next line) is not missed. Failures are emitted on the next tick.
    try {
      this.subscribe();
      this.readyState = 'ready';
      process.nextTick(() => this.emit('ready'));
    } catch (err) {
      this.readyState = err as Error;
      this.sock?.close();
      process.nextTick(() => this.fail(err as Error));
    }
    const signal = options.signal;
    if (signal) {
      if (signal.aborted) queueMicrotask(() => this.close());
      else signal.addEventListener('abort', () => this.close(), { once: true });
    }
  }

  private subscribe(): void {
    const state = nativeState();
    if (!state.binding) throw mptcpUnavailable(state.reason ?? 'addon', state.error ?? undefined);
    const sock = NetlinkSocket.open(NETLINK_GENERIC);
    this.sock = sock;
    if (this.options.receiveBufferSize !== undefined) {
      state.binding.setsockopt(sock.fd, sockConstants.SOL_SOCKET, sockConstants.SO_RCVBUF, this.options.receiveBufferSize, 'SO_RCVBUF');
    }
    let family;
    try {
      family = resolveFamilySync(sock, MPTCP_PM_NAME);
    } catch (err) {
      const e = err as NetlinkError;
      throw typeof e.errno === 'number' ? new PathManagerError(e, 'GETFAMILY') : err;
    }
    const group = family.groups.get(MPTCP_PM_EV_GRP_NAME);
    if (group === undefined) throw new Error(`mptcp_pm has no ${MPTCP_PM_EV_GRP_NAME} group (a kernel older than 5.12)`);
    sock.on('message', (m) => this.onMessage(m, family.id));
    sock.on('lost', (error) => this.emit('lost', { error: error as SystemError }));
    sock.on('malformed', (error) => this.emit('malformed', error));
    sock.on('error', (error) => this.fail(error));
    try {
      sock.join(group);
    } catch (err) {
      if (hasErrno(err, 'EPERM', 'EACCES')) {
        const e = err as SystemError;
        e.message =
          `${e.syscall} ${e.code}: mptcp_pm events need CAP_NET_ADMIN in this network namespace ` +
          '(run as root, or in a namespace of your own: unshare -Urn)';
      }
      throw err;
    }
  }

  /** True once subscribed. */
  get isReady(): boolean {
    return this.readyState === 'ready';
  }

  /** Resolves once subscribed; rejects if subscribing failed (e.g. EPERM without CAP_NET_ADMIN). */
  get ready(): Promise<void> {
    this.readyPromise ??= new Promise<void>((resolve, reject) => {
      if (this.readyState === 'ready') return resolve();
      if (this.readyState instanceof Error) return reject(this.readyState);
      this.once('ready', resolve);
      this.once('error', reject);
    });
    return this.readyPromise;
  }

  private onMessage(m: NetlinkMessage, familyId: number): void {
    if (m.type !== familyId) return;
    let ev: PmEvent | null;
    try {
      ev = decodeEvent(m);
    } catch (err) {
      // A malformed event is reported, not fatal: the next one may be fine.
      this.emit('malformed', err as Error);
      return;
    }
    if (!ev) return;
    if (this.options.token !== undefined && (!('token' in ev) || ev.token !== this.options.token)) return;
    this.emit(ev.type as 'created', ev as ConnectionEvent);
    this.emit('event', ev);
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve({ value: ev, done: false });
    else if (this.iterating) this.queue.push(ev);
  }

  private fail(error: Error): void {
    if (this.closed) return;
    this.failure = error;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.reject(error);
    if (this.listenerCount('error') > 0 || !this.iterating) this.emit('error', error);
  }

  /** Keep (the default) or stop keeping the process alive while subscribed. */
  ref(): this {
    this.sock?.ref();
    return this;
  }

  unref(): this {
    this.sock?.unref();
    return this;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.sock?.close();
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.resolve({ value: undefined, done: true });
    this.emit('close');
  }

  [Symbol.asyncIterator](): AsyncIterator<PmEvent> {
    this.iterating = true;
    return {
      next: () => {
        const value = this.queue.shift();
        if (value) return Promise.resolve({ value, done: false });
        if (this.failure) return Promise.reject(this.failure);
        if (this.closed) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
      },
      return: () => {
        this.close();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}

/** Subscribes to the path manager's events (see PmEvents). */
export function events(options: EventsOptions = {}): PmEvents {
  return new PmEvents(options);
}
