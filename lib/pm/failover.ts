// Switching and steering for one connection, from the application: the
// `failover` and `paths` options of connect(), new Socket(), createServer()
// and listen(), and socket.setPathOptions().
//
// Failover: while data is in flight, the connection's subflows are read
// (MPTCP_FULL_INFO) every few milliseconds; one that stalled (health.ts) or
// whose link lost its carrier is closed at once with sock_diag SOCK_DESTROY.
// Closing a subflow makes the kernel send its unacknowledged data again on
// the others (__mptcp_retransmit_pending_data), without the retransmission
// timeouts it would otherwise wait for. Measured on two blackholed paths:
// SOCK_DESTROY moves the data in about the detection time; MP_PRIO (backup)
// moves nothing in flight; SUBFLOW_DESTROY shuts the subflow down gracefully
// and moved the data of an initial subflow later than SOCK_DESTROY did.
//
// With the userspace path manager this side also opens subflows (`paths`),
// marks them backup (MP_PRIO), and opens a closed path again when its link
// comes back or a probe join succeeds. The in-kernel path manager opens
// subflows only when a connection starts, when an endpoint is added or when
// the peer announces an address: a subflow closed here stays closed.
import net from 'node:net';
import { hasErrno, invalidArgType, invalidArgValue, outOfRange, userspacePmRequired } from '../errors';
import { TCP_ESTABLISHED, TCP_SYN_SENT } from '../kernel/constants';
import type { AddressInfo } from '../kernel/sockaddr';
import { info, subflows, type Subflow } from '../net/info';
import { abortSubflow } from './abort';
import { defaultPathManager } from './commands';
import { StallDetector, type StallSignal } from './health';
import { localIdFor } from './ids';
import { acquireNetwork, linkUsable, releaseNetwork, type NetworkView } from './network';
import { pathManagerMode } from './steer';

export interface FailoverOptions {
  /** A subflow with data in flight and no ACK for this many smoothed RTTs is stalled (default 4)… */
  rtts?: number;
  /** …and never before this many ms (default 50: above a peer's 40 ms delayed-ACK timer). */
  minMs?: number;
  /** How often the subflows are read while data is in flight, ms (default 10; 100 when idle). */
  intervalMs?: number;
}

/** `failover` option: true (the defaults), false (off), or thresholds. */
export type FailoverOption = boolean | FailoverOptions;

export interface PathsPolicy {
  /** Interfaces (names) to use only while no other path works: their subflows are marked backup (MP_PRIO). */
  backup?: readonly string[];
  /** 'latency': keep data on the subflow with the lowest smoothed RTT, the others marked backup while it works. */
  prefer?: 'latency';
}

/** `paths` option: 'aggregate' (every path at once: the kernel's default) or a policy. */
export type PathsOption = 'aggregate' | PathsPolicy;

/** A subflow as the events name it. */
export interface SubflowRef {
  local: AddressInfo;
  remote: AddressInfo;
  /** The interface holding the local address, when known. */
  interface?: string;
}

/** 'failover' on a socket: a subflow was moved off (or, when it was the only one, a subflow opened elsewhere). */
export interface FailoverEvent {
  subflow: SubflowRef;
  signal: StallSignal;
  /**
   * 'sockDestroy': closed with sock_diag SOCK_DESTROY (either path manager);
   * 'subflowDestroy': closed with the userspace PM's SUBFLOW_DESTROY (a kernel without CONFIG_INET_DIAG_DESTROY);
   * 'subflowCreate': it was the only subflow: one was opened from another interface (userspace PM).
   */
  action: 'sockDestroy' | 'subflowDestroy' | 'subflowCreate';
  ok: boolean;
  error?: Error;
  /** How long nothing had been acknowledged on it, ms (0 for link-down). */
  stalledMs: number;
}

/** 'recovered' on a socket: a path closed by failover carries the connection again (userspace PM, client side). */
export interface RecoveredEvent {
  subflow: SubflowRef;
  /** What showed the path is back: its link came up, or a probe join succeeded. */
  signal: 'link-up' | 'probe';
  action: 'subflowCreate';
  /** How long the path was out, ms. */
  downMs: number;
}

const DEFAULTS: Required<FailoverOptions> = { rtts: 4, minMs: 50, intervalMs: 10 };
const IDLE_MS = 100;
/** A join (a probe, or a subflow `paths` opened) not established by then is given up: after the SYN's first retransmission (1 s). */
const JOIN_TIMEOUT_MS = 1500;
const PROBE_FIRST_MS = 1000;
const PROBE_MAX_MS = 30_000;
const MESH_RETRY_MS = 100;
const MESH_RETRY_MAX_MS = 5000;
/** While a backup join is pending, for its first BACKUP_JOIN_FAST_MS: a subflows() read (~3 µs) each. */
const BACKUP_JOIN_POLL_MS = 1;
const BACKUP_JOIN_FAST_MS = 100;

const knownKeys = (value: object, allowed: readonly string[], label: string): void => {
  for (const k of Object.keys(value)) if (!allowed.includes(k)) throw invalidArgValue(label, value, `has an unknown property "${k}"`);
};

function numberIn(value: unknown, label: string, min: number, max: number, integer: boolean): number {
  if (typeof value !== 'number') throw invalidArgType(label, 'of type number', value);
  if (!(value >= min && value <= max) || (integer && !Number.isInteger(value))) {
    throw outOfRange(label, `${integer ? 'an integer' : 'a number'} >= ${min} and <= ${max}`, value);
  }
  return value;
}

/** Validates `failover`: false, or the thresholds with the defaults filled in. */
export function validateFailover(value: unknown, label: string): Required<FailoverOptions> | false {
  if (value === false) return false;
  if (value === true) return { ...DEFAULTS };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalidArgType(label, 'of type boolean or object', value);
  knownKeys(value, ['rtts', 'minMs', 'intervalMs'], label);
  const o = value as FailoverOptions;
  return {
    rtts: o.rtts === undefined ? DEFAULTS.rtts : numberIn(o.rtts, `${label}.rtts`, 1, 100, false),
    minMs: o.minMs === undefined ? DEFAULTS.minMs : numberIn(o.minMs, `${label}.minMs`, 10, 60_000, true),
    intervalMs: o.intervalMs === undefined ? DEFAULTS.intervalMs : numberIn(o.intervalMs, `${label}.intervalMs`, 1, 1000, true),
  };
}

/**
 * Validates `paths`. A policy marks subflows backup per connection (MP_PRIO),
 * which only the userspace path manager allows: with the in-kernel one this
 * throws ERR_MPTCP_USERSPACE_PM, naming what it offers instead.
 */
export function validatePaths(value: unknown, label: string): PathsOption {
  if (value === 'aggregate') return value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidArgValue(label, value, "must be 'aggregate' or an object with backup and/or prefer");
  }
  knownKeys(value, ['backup', 'prefer'], label);
  const o = value as PathsPolicy;
  const policy: PathsPolicy = {};
  if (o.backup !== undefined) {
    if (!Array.isArray(o.backup)) throw invalidArgType(`${label}.backup`, 'an instance of Array', o.backup);
    for (const name of o.backup as unknown[]) {
      // IFNAMSIZ is 16 with the terminating NUL.
      if (typeof name !== 'string' || name.length === 0 || name.length > 15) {
        throw invalidArgValue(`${label}.backup`, o.backup, 'must list interface names (1 to 15 characters)');
      }
    }
    policy.backup = [...(o.backup as string[])];
  }
  if (o.prefer !== undefined) {
    if (o.prefer !== 'latency') throw invalidArgValue(`${label}.prefer`, o.prefer, "must be 'latency'");
    policy.prefer = 'latency';
  }
  if (policy.backup === undefined && policy.prefer === undefined) throw invalidArgValue(label, value, 'must have backup and/or prefer');
  if (pathManagerMode() === 'kernel') {
    throw userspacePmRequired(
      policy.backup ? `${label}: { backup }` : `${label}: { prefer: 'latency' }`,
      policy.backup
        ? 'With the in-kernel one, backup belongs to an endpoint, for every connection: ' +
            "pm.setEndpointFlags(address, { backup: true }) or 'ip mptcp endpoint add ADDRESS dev IFACE subflow backup'."
        : 'With the in-kernel one, mark the endpoints of the slower paths backup, for every connection: ' +
            'pm.setEndpointFlags(address, { backup: true }).',
    );
  }
  return policy;
}

const keyOf = (f: Subflow): string => `${f.local.address}:${f.local.port}>${f.remote.address}:${f.remote.port}`;

/** A path this side closed and may open again (userspace PM, client side). */
interface ClosedPath {
  local: string;
  ifindex: number;
  remote: AddressInfo;
  backup: boolean;
  since: number;
  /** When to probe next (ms, performance.now()); 0: now. */
  next: number;
  delay: number;
  trigger: RecoveredEvent['signal'];
  /** A probe join in progress: since when. */
  probing: number | null;
}

/** The failover and steering of one socket. */
export class PathController {
  /** As given: thresholds, false (off), or undefined (not given). */
  private failoverOption: Required<FailoverOptions> | false | undefined = undefined;
  /** In effect: the option's thresholds, or the defaults for a policy that must notice a path is gone. */
  private failover: Required<FailoverOptions> | null = null;
  /** null: no `paths` given (failover only). */
  private policy: PathsOption | null = null;
  private detector: StallDetector | null = null;
  private timer: NodeJS.Timeout | null = null;
  private token = 0;
  private userspace = false;
  private client = true;
  private network: NetworkView | null = null;
  private stopped = false;
  /** Subflows being closed (by key): not judged again until they are gone. */
  private readonly acting = new Set<string>();
  /** By local address. */
  private readonly closed = new Map<string, ClosedPath>();
  /** Joins this side sent that are not established yet, by local address: since when, and the backup flag asked for. */
  private readonly opening = new Map<string, { at: number; backup: boolean }>();
  /** Stalled subflows (by key) for which a subflow elsewhere was opened already. */
  private readonly openedFor = new Set<string>();
  /** The backup flag this side set (MP_PRIO) or created a subflow with, by key. */
  private readonly marks = new Map<string, boolean>();
  private preferred: string | null = null;
  /** Subflows cannot be closed here (EPERM, no SOCK_DESTROY): failover stops acting. */
  private cannotClose = false;
  /** Open the subflows `paths` wants (at start, and when links or addresses come)… */
  private meshDue = true;
  /** …not before then (ms): a connection is not fully established (ENOTCONN) until the peer's first DATA_ACK. */
  private meshAt = 0;
  private meshDelay = MESH_RETRY_MS;
  /** At the last reading: nothing was in flight, and socket.bytesWritten was this (else -1). */
  private quietAt = -1;
  private readonly onNetwork = (): void => {
    this.meshDue = true;
    this.quietAt = -1;
    this.soon();
  };
  private readonly onLinkUp = (link: { index: number }): void => {
    for (const cp of this.closed.values()) {
      if (cp.ifindex === link.index && cp.probing === null) {
        cp.next = 0;
        cp.trigger = 'link-up';
      }
    }
    this.onNetwork();
  };

  constructor(readonly socket: net.Socket) {}

  /** Takes validated options (either or both); starts, or stops when neither is left on. */
  configure(options: { failover?: Required<FailoverOptions> | false; paths?: PathsOption }): void {
    if (options.failover !== undefined) this.failoverOption = options.failover;
    if (options.paths !== undefined) {
      this.policy = options.paths;
      this.meshDue = true;
      this.preferred = null;
    }
    // A backup or latency policy must notice when a path is gone: it watches with the defaults unless `failover: false`.
    const steering = this.policy !== null && this.policy !== 'aggregate';
    this.failover = this.failoverOption || (this.failoverOption === undefined && steering ? { ...DEFAULTS } : null);
    this.detector = this.failover ? new StallDetector(this.failover) : null;
    if (!this.failover && this.policy === null) return this.stop();
    this.start();
  }

  private start(): void {
    if (this.network || this.stopped) return this.soon();
    let token: number | undefined;
    try {
      token = info(this.socket)?.token;
    } catch {
      token = undefined;
    }
    if (!token) return; // plain TCP, or fell back: no subflows to manage
    this.token = token;
    this.userspace = pathManagerMode() === 'userspace';
    this.client = !(this.socket as { server?: unknown }).server;
    this.network = acquireNetwork();
    this.network.on('linkDown', this.onNetwork);
    this.network.on('linkUp', this.onLinkUp);
    this.network.on('addressAdded', this.onNetwork);
    this.socket.once('close', () => this.stop());
    this.soon();
  }

  private stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.network) {
      this.network.off('linkDown', this.onNetwork);
      this.network.off('linkUp', this.onLinkUp);
      this.network.off('addressAdded', this.onNetwork);
      this.network = null;
      releaseNetwork();
    }
    this.stopped = this.socket.destroyed;
  }

  private soon(delay = 0): void {
    if (!this.network) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.tick(), delay).unref();
  }

  private tick(): void {
    this.timer = null;
    if (this.socket.destroyed) return this.stop();
    // Idle, and the application wrote nothing since: nothing can be in flight. A property read, no syscall.
    const idle = this.quietAt === this.socket.bytesWritten && this.socket.writableLength === 0;
    if (idle && this.closed.size === 0 && this.opening.size === 0 && !this.meshDue) {
      return this.soon(IDLE_MS);
    }
    let flows: Subflow[];
    try {
      flows = subflows(this.socket);
    } catch {
      return this.stop();
    }
    const now = performance.now();
    const live = flows.filter((f) => f.tcpInfo.state === TCP_ESTABLISHED);
    const keys = new Set(live.map(keyOf));
    this.detector?.keepOnly(keys);
    for (const k of this.acting) if (!keys.has(k)) this.acting.delete(k);
    for (const k of this.marks.keys()) if (!keys.has(k)) this.marks.delete(k);
    for (const k of this.openedFor) if (!keys.has(k)) this.openedFor.delete(k);
    for (const f of live) {
      const o = this.opening.get(f.local.address);
      if (!o) continue;
      this.opening.delete(f.local.address);
      const k = keyOf(f);
      this.marks.set(k, o.backup); // what it was created with
      // Linux 6.1's SUBFLOW_CREATE drops the backup flag (and the ifindex) it is
      // given: the join goes out without it and this side keeps sending on the
      // subflow. An MP_PRIO marks it at both ends there; elsewhere it repeats
      // the join's flag (one packet).
      if (o.backup) {
        void defaultPathManager()
          .setSubflowBackup(this.token, f.local, f.remote, true)
          .catch(() => this.marks.delete(k)); // the steering pass tries again
      }
    }
    for (const [local, o] of this.opening) {
      if (now - o.at > JOIN_TIMEOUT_MS && !this.closed.has(local)) this.opening.delete(local);
    }

    const stalled: [Subflow, StallSignal, number][] = [];
    const healthy: Subflow[] = [];
    for (const f of live) {
      if (this.acting.has(keyOf(f))) continue;
      const signal = this.signalOf(f, now);
      if (signal) stalled.push([f, signal, signal === 'link-down' ? 0 : (f.tcpInfo.lastAckRecv ?? 0)]);
      else healthy.push(f);
    }
    if (!this.cannotClose) {
      for (const [f, signal, stalledMs] of stalled) {
        // Never the last subflow: with nowhere else to go, the kernel keeps trying on it.
        if (healthy.length > 0) void this.close(f, signal, stalledMs);
        else void this.openElsewhere(f, signal, stalledMs);
      }
    }
    if (this.userspace) {
      this.recover(flows, live, now);
      this.steer(live, healthy);
    }
    const inFlight = flows.some((f) => (f.tcpInfo.unacked ?? 0) > 0 || (f.tcpInfo.notsentBytes ?? 0) > 0);
    const busy = inFlight || stalled.length > 0 || this.opening.size > 0;
    this.quietAt = busy ? -1 : this.socket.bytesWritten;
    // A backup join pending: where the kernel dropped its flag (6.1) this side may use the subflow one
    // round trip after its SYN-ACK, so the MP_PRIO above must not wait for the next pass. Only while
    // the round trip may be shorter than a pass: a SYN-ACK later than that means a longer one.
    for (const o of this.opening.values()) if (o.backup && now - o.at < BACKUP_JOIN_FAST_MS) return this.soon(BACKUP_JOIN_POLL_MS);
    this.soon(busy && this.failover ? this.failover.intervalMs : IDLE_MS);
  }

  private signalOf(f: Subflow, now: number): StallSignal | null {
    if (!this.detector) return null;
    const link = this.network?.linkOf(f.local.address);
    if (link && !linkUsable(link)) return 'link-down';
    return this.detector.check(keyOf(f), f.tcpInfo, now);
  }

  private ref(f: { local: AddressInfo; remote: AddressInfo }): SubflowRef {
    const r: SubflowRef = { local: { ...f.local }, remote: { ...f.remote } };
    const name = this.network?.linkOf(f.local.address)?.name;
    if (name) r.interface = name;
    return r;
  }

  private emit(event: 'failover' | 'recovered', payload: FailoverEvent | RecoveredEvent): void {
    if (!this.socket.destroyed) this.socket.emit(event, payload);
  }

  /** Closes a subflow: SOCK_DESTROY, or the userspace PM's SUBFLOW_DESTROY where SOCK_DESTROY is not built. */
  private async close(f: Subflow, signal: StallSignal, stalledMs: number): Promise<void> {
    this.acting.add(keyOf(f));
    const ev: FailoverEvent = { subflow: this.ref(f), signal, action: 'sockDestroy', ok: true, stalledMs };
    try {
      await abortSubflow(f.local, f.remote, this.network);
    } catch (err) {
      if (this.userspace && hasErrno(err, 'EOPNOTSUPP')) {
        ev.action = 'subflowDestroy';
        try {
          await defaultPathManager().subflowDestroy(this.token, f.local, f.remote);
        } catch (err2) {
          ev.ok = false;
          ev.error = err2 as Error;
        }
      } else {
        ev.ok = false;
        ev.error = err as Error;
      }
    }
    if (!ev.ok) {
      this.acting.delete(keyOf(f));
      // No privilege, or no way to close subflows: saying so once is enough.
      if (hasErrno(ev.error, 'EPERM', 'EOPNOTSUPP', 'EACCES', 'EINVAL')) this.cannotClose = true;
    } else if (this.userspace && this.client) {
      const link = this.network?.linkOf(f.local.address);
      const now = performance.now();
      this.closed.set(f.local.address, {
        local: f.local.address,
        ifindex: link?.index ?? 0,
        remote: { ...f.remote },
        backup: this.marks.get(keyOf(f)) ?? false,
        since: now,
        next: now + PROBE_FIRST_MS,
        delay: PROBE_FIRST_MS,
        trigger: 'probe',
        probing: null,
      });
    }
    this.emit('failover', ev);
  }

  /** The stalled subflow is the only one: open one from another usable interface (userspace PM, client side). */
  private async openElsewhere(f: Subflow, signal: StallSignal, stalledMs: number): Promise<void> {
    if (!this.userspace || !this.client || this.opening.size > 0 || this.openedFor.has(keyOf(f)) || !this.network) return;
    const from = this.network.linkOf(f.local.address)?.index;
    const other = this.network.usableAddresses(f.local.family).find((a) => a.ifindex !== from && !this.closed.has(a.address));
    if (!other) return;
    this.openedFor.add(keyOf(f));
    const ev: FailoverEvent = { subflow: this.ref(f), signal, action: 'subflowCreate', ok: true, stalledMs };
    ev.ok = await this.open(other.address, other.ifindex, { address: this.socket.remoteAddress!, port: this.socket.remotePort!, family: f.remote.family }, this.onBackupLink(other.ifindex), (e) => (ev.error = e));
    this.emit('failover', ev);
  }

  /** SUBFLOW_CREATE from `local`; false (and `onError`) if the kernel refused. */
  private async open(local: string, ifindex: number, remote: AddressInfo, backup: boolean, onError?: (e: Error) => void): Promise<boolean> {
    this.opening.set(local, { at: performance.now(), backup });
    try {
      await defaultPathManager().subflowCreate(
        this.token,
        { address: local, id: localIdFor(local), ...(ifindex ? { ifindex } : {}) },
        { address: remote.address, port: remote.port },
        { backup },
      );
      return true;
    } catch (err) {
      this.opening.delete(local);
      onError?.(err as Error);
      return false;
    }
  }

  private onBackupLink(ifindex: number): boolean {
    if (this.policy === null || this.policy === 'aggregate' || !this.policy.backup) return false;
    const name = this.network?.links.get(ifindex)?.name;
    return name !== undefined && this.policy.backup.includes(name);
  }

  /** Paths closed here: open them again when their link is back, else probe now and then. */
  private recover(flows: Subflow[], live: Subflow[], now: number): void {
    for (const cp of [...this.closed.values()]) {
      const back = live.find((f) => f.local.address === cp.local);
      if (back) {
        this.closed.delete(cp.local);
        if (cp.probing !== null) this.emit('recovered', { subflow: this.ref(back), signal: cp.trigger, action: 'subflowCreate', downMs: Math.round(now - cp.since) });
        continue;
      }
      if (cp.probing !== null) {
        if (now - cp.probing < JOIN_TIMEOUT_MS) continue;
        // The join got no answer: the path is still out. Abort it, and try later.
        const pending = flows.find((f) => f.local.address === cp.local && f.tcpInfo.state === TCP_SYN_SENT);
        if (pending) void abortSubflow(pending.local, pending.remote, this.network).catch(() => {});
        this.opening.delete(cp.local);
        cp.probing = null;
        cp.delay = Math.min(cp.delay * 2, PROBE_MAX_MS);
        cp.next = now + cp.delay;
        cp.trigger = 'probe';
        continue;
      }
      if (now < cp.next || !linkUsable(this.network?.links.get(cp.ifindex))) continue;
      cp.probing = now;
      void this.open(cp.local, cp.ifindex, cp.remote, cp.backup).then((ok) => {
        if (!ok) cp.probing = now - JOIN_TIMEOUT_MS; // refused: counts as a failed probe
      });
    }
  }

  /** `paths`: the subflows to have (client side), and which are backup. */
  private steer(live: Subflow[], healthy: Subflow[]): void {
    const policy = this.policy;
    if (policy === null || !this.network) return;
    const now = performance.now();
    if (this.client && this.meshDue && this.network.loaded && now >= this.meshAt) {
      this.meshDue = false;
      const family: AddressInfo['family'] = net.isIPv6(this.socket.remoteAddress ?? '') ? 'IPv6' : 'IPv4';
      const usedLinks = new Set(live.map((f) => this.network!.linkOf(f.local.address)?.index));
      for (const a of this.network.usableAddresses(family)) {
        if (usedLinks.has(a.ifindex) || this.opening.has(a.address) || this.closed.has(a.address)) continue;
        usedLinks.add(a.ifindex);
        const remote = { address: this.socket.remoteAddress!, port: this.socket.remotePort!, family };
        void this.open(a.address, a.ifindex, remote, this.onBackupLink(a.ifindex)).then((ok) => {
          if (ok) return void (this.meshDelay = MESH_RETRY_MS);
          // Not fully established yet, or refused: again later, less and less often.
          this.meshDue = true;
          this.meshAt = performance.now() + this.meshDelay;
          this.meshDelay = Math.min(this.meshDelay * 2, MESH_RETRY_MAX_MS);
        });
      }
    }
    if (policy === 'aggregate') return;
    let preferred: Subflow | undefined;
    if (policy.prefer === 'latency') {
      const candidates = healthy.filter((f) => !this.onBackupLink(this.network!.linkOf(f.local.address)?.index ?? 0));
      const best = candidates.reduce<Subflow | undefined>((b, f) => (!b || (f.tcpInfo.rtt ?? Infinity) < (b.tcpInfo.rtt ?? Infinity) ? f : b), undefined);
      const current = candidates.find((f) => keyOf(f) === this.preferred);
      // Keep the current one unless another is clearly faster: no flapping between similar paths.
      preferred = current && best && (current.tcpInfo.rtt ?? 0) <= (best.tcpInfo.rtt ?? 0) * 1.25 ? current : best;
      this.preferred = preferred ? keyOf(preferred) : null;
    }
    for (const f of healthy) {
      const onBackup = this.onBackupLink(this.network.linkOf(f.local.address)?.index ?? 0);
      const want = onBackup || (preferred !== undefined && f !== preferred);
      const k = keyOf(f);
      if ((this.marks.get(k) ?? false) === want) continue;
      this.marks.set(k, want);
      void defaultPathManager()
        .setSubflowBackup(this.token, f.local, f.remote, want)
        .catch(() => this.marks.delete(k)); // tried again at the next reading
    }
  }
}

const controllers = new WeakMap<net.Socket, PathController>();

/** The socket's controller, made on first use. */
export function controllerOf(socket: net.Socket): PathController {
  let c = controllers.get(socket);
  if (!c) controllers.set(socket, (c = new PathController(socket)));
  return c;
}
