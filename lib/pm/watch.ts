// Path-manager events of one connection, on its socket: 'subflow',
// 'subflowClosed', 'subflowPriority', 'announced', 'removed'. One shared
// subscription per process, filtered by each socket's local token (from
// MPTCP_INFO). Recent events are kept briefly, so a socket whose token is
// only known once it has connected still sees the subflows that joined
// before that.
import { EventEmitter } from 'node:events';
import type net from 'node:net';
import { info, type Subflow } from '../net/info';
import { DiagSocketClient } from '../netlink/diag';
import { events, type AnnouncedEvent, type PmEvent, type PmEvents, type RemovedEvent, type SubflowEvent } from './events';

/** The socket events this module drives, and the path-manager event behind each. */
export const SOCKET_EVENTS = {
  subflow: 'sub_established',
  subflowClosed: 'sub_closed',
  subflowPriority: 'sub_priority',
  announced: 'announced',
  removed: 'removed',
} as const;

export type SocketEventName = keyof typeof SOCKET_EVENTS;

export interface SubflowWatcherEvents {
  subflow: [SubflowEvent];
  subflowClosed: [SubflowEvent];
  subflowPriority: [SubflowEvent];
  announced: [AnnouncedEvent];
  removed: [RemovedEvent];
  error: [Error];
}

const RECENT_MS = 10_000;
const RECENT_MAX = 1024;

interface Recent {
  at: number;
  ev: PmEvent;
}

let stream: PmEvents | null = null;
let users = 0;
const recent: Recent[] = [];
const byToken = new Map<number, Set<SubflowWatcher>>();
let warned = false;

function onEvent(ev: PmEvent): void {
  const now = Date.now();
  recent.push({ at: now, ev });
  while (recent.length > RECENT_MAX || (recent.length > 0 && now - recent[0]!.at > RECENT_MS)) recent.shift();
  if (!('token' in ev)) return;
  for (const w of byToken.get(ev.token) ?? []) w.deliver(ev);
}

/** The shared stream, and whether this call started it. */
function acquire(): { stream: PmEvents; fresh: boolean } {
  users++;
  const fresh = !stream;
  if (!stream) {
    // The stream does not keep the process alive: the sockets it serves do.
    const s = events().unref();
    s.on('event', onEvent);
    s.on('error', (err) => {
      if (!warned) {
        warned = true;
        process.emitWarning(`subflow events are unavailable: ${err.message}`, { code: 'MPTCP_EVENTS_UNAVAILABLE' });
      }
      for (const set of byToken.values()) for (const w of set) w.emit('error', err);
    });
    s.on('lost', () => {
      // Dropped events: watchers resync their subflow view from the kernel.
      for (const set of byToken.values()) for (const w of set) w.resync();
    });
    s.on('close', () => {
      if (stream === s) stream = null;
    });
    stream = s;
  }
  return { stream, fresh };
}

function release(): void {
  users = Math.max(0, users - 1);
  if (users === 0 && stream) {
    stream.close();
    stream = null;
    recent.length = 0;
  }
}

const key = (e: { localAddress: string; localPort: number; remoteAddress: string; remotePort: number }) =>
  `${e.localAddress}:${e.localPort}>${e.remoteAddress}:${e.remotePort}`;

const JOIN_FLAGS = (1 << 2) | (1 << 3); // MPTCP_SUBFLOW_FLAG_JOIN_REM | _JOIN_LOC
/** ESTABLISHED, SYN_SENT, SYN_RECV: a subflow there is not gone. */
const OPENING = new Set([1, 2, 3]);

/**
 * The path-manager events of one socket's connection. Create it with
 * mptcp.watch(socket), or just listen for 'subflow' & co. on an mptcp.Socket.
 */
export class SubflowWatcher extends EventEmitter<SubflowWatcherEvents> {
  /** The connection's local token, once known. */
  token: number | null = null;
  /** Live joined subflows, as reported: what 'subflow' said and 'subflowClosed' has not. */
  private readonly live = new Map<string, SubflowEvent>();
  private active = true;
  private readonly started = Date.now();
  /** The subscription began after this connection did: recover what came before it. */
  private readonly late: boolean;

  constructor(readonly socket: net.Socket) {
    super();
    // Subscribing is synchronous: a socket still connecting misses nothing,
    // and the recent-events buffer covers one connected while it ran.
    this.late = acquire().fresh && !socket.connecting;
    socket.once('close', () => this.close());
    if (socket.connecting) socket.once('connect', () => this.bind());
    else this.bind();
  }

  /** Backup flag of each live subflow, by "local:port>remote:port". */
  get backups(): Map<string, boolean> {
    return new Map([...this.live].map(([k, v]) => [k, v.backup]));
  }

  /** Looks up the token and replays what happened since the socket started. */
  private bind(): void {
    if (!this.active || this.token !== null) return;
    let token: number | undefined;
    try {
      token = info(this.socket)?.token;
    } catch {
      token = undefined;
    }
    if (!token) return; // plain TCP or fallback: no MPTCP connection to watch
    this.token = token;
    let set = byToken.get(token);
    if (!set) byToken.set(token, (set = new Set()));
    set.add(this);
    for (const r of recent) {
      if (r.at >= this.started - 1000 && 'token' in r.ev && r.ev.token === token) this.deliver(r.ev);
    }
    // Joins from before the subscription existed are in the kernel's socket table.
    if (this.late) void this.reconcile();
  }

  /** @internal */
  deliver(ev: PmEvent): void {
    if (!this.active) return;
    switch (ev.type) {
      case 'sub_established': {
        const k = key(ev);
        const seen = this.live.has(k);
        this.live.set(k, ev);
        if (!seen) this.emit('subflow', ev);
        break;
      }
      case 'sub_closed':
        if (this.live.delete(key(ev))) this.emit('subflowClosed', ev);
        break;
      case 'sub_priority':
        this.live.set(key(ev), { ...ev, type: 'sub_established' });
        this.emit('subflowPriority', ev);
        break;
      case 'announced':
        this.emit('announced', ev);
        break;
      case 'removed':
        this.emit('removed', ev);
        break;
      default:
        break;
    }
  }

  /**
   * Compares the subflows this watcher reported with the kernel's socket
   * table (sock_diag) and reports the difference: joins that happened before
   * the subscription was live, or while events were lost.
   */
  async reconcile(): Promise<void> {
    if (!this.active || this.token === null) return;
    const token = this.token;
    // Only what was reported before the dump can be declared gone by it: a
    // live event may overtake the dump.
    const before = new Set(this.live.keys());
    let client: DiagSocketClient | null = null;
    try {
      client = DiagSocketClient.open();
      const joins = (await client.subflows()).filter((f) => f.localToken === token && (f.flags & JOIN_FLAGS) !== 0);
      const seen = new Set<string>(joins.filter((f) => OPENING.has(f.state)).map((f) => key(f)));
      for (const f of joins.filter((j) => j.state === 1)) {
        const ev: SubflowEvent = {
          type: 'sub_established',
          token,
          family: f.family,
          localAddress: f.localAddress,
          localPort: f.localPort,
          remoteAddress: f.remoteAddress,
          remotePort: f.remotePort,
          localId: f.localId,
          remoteId: f.remoteId,
          backup: f.remoteBackup, // as events report it: the peer asked for backup
        };
        if (f.ifindex) ev.ifindex = f.ifindex;
        seen.add(key(ev));
        this.deliver(ev);
      }
      for (const k of before) {
        const ev = this.live.get(k);
        if (ev && !seen.has(k)) this.deliver({ ...ev, type: 'sub_closed' });
      }
    } catch {
      // no CAP_NET_ADMIN for sock_diag's subflow details: events only
    } finally {
      client?.close();
    }
  }

  /** @internal After lost events. */
  resync(): void {
    void this.reconcile();
  }

  close(): void {
    if (!this.active) return;
    this.active = false;
    if (this.token !== null) {
      const set = byToken.get(this.token);
      set?.delete(this);
      if (set && set.size === 0) byToken.delete(this.token);
    }
    release();
  }
}

const watchers = new WeakMap<net.Socket, SubflowWatcher>();

/** The watcher of `socket`, made on first use and closed with the socket. */
export function watch(socket: net.Socket): SubflowWatcher {
  let w = watchers.get(socket);
  if (!w) {
    w = new SubflowWatcher(socket);
    watchers.set(socket, w);
  }
  return w;
}

/** The watcher of `socket` if one exists (for the backup flags in subflows()). */
export function existingWatcher(socket: net.Socket): SubflowWatcher | undefined {
  return watchers.get(socket);
}

/** Resolves when the shared subscription is live (tests wait on it). */
export function watchReady(): Promise<void> {
  return stream ? stream.ready : Promise.resolve();
}

/** The backup flag the peer asked for on a subflow, when its socket is watched. */
export function subflowBackup(socket: net.Socket, f: Subflow): boolean | undefined {
  return watchers.get(socket)?.backups.get(`${f.local.address}:${f.local.port}>${f.remote.address}:${f.remote.port}`);
}

const forwarded = new WeakSet<net.Socket>();

/** Re-emits the watcher's events on the socket itself (for mptcp.Socket listeners). */
export function forwardToSocket(socket: net.Socket): void {
  if (forwarded.has(socket)) return;
  forwarded.add(socket);
  const w = watch(socket);
  for (const name of Object.keys(SOCKET_EVENTS) as SocketEventName[]) {
    (w as EventEmitter).on(name, (ev: unknown) => socket.emit(name, ev));
  }
  // Missing CAP_NET_ADMIN is a process warning, never an 'error' on a working connection.
  w.on('error', () => {});
}
