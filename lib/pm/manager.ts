// pm.manager(): the userspace path manager, driven from Node by a strategy
// (mptcpd's plugin idea, in the application's language). The runner keeps
// a table of connections and subflows from the path-manager events, the
// links and local addresses from rtnetlink (network.ts), and — unless
// `failover: false` — the subflows' tcp_info from sock_diag, and calls the
// strategy's hooks one at a time. A subflow that stalled or whose link went
// down is reported to the strategy (subflowFailed) and closed once another
// subflow of its connection works: the kernel itself keeps a dead subflow
// as long as TCP keeps retransmitting (minutes). Needs
// net.mptcp.path_manager=userspace and CAP_NET_ADMIN.
import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { TCP_ESTABLISHED } from '../kernel/constants';
import { DiagSocketClient } from '../netlink/diag';
import type { InterfaceAddress, Link } from '../netlink/rtnetlink';
import { hasErrno, invalidArgType, invalidArgValue } from '../errors';
import { abortSubflow } from './abort';
import { PathManager } from './commands';
import { events, type PmEvent, type PmEvents } from './events';
import { validateFailover, type FailoverOption, type FailoverOptions } from './failover';
import { StallDetector, type StallSignal } from './health';
import { localIdFor } from './ids';
import { acquireNetwork, linkUsable, releaseNetwork, type NetworkView } from './network';
import { pathManagerMode } from './steer';

/** SUBFLOW_CREATE from an address the kernel has just reported, again after (ms): see createSubflow. */
const BIND_RETRY_MS = [10, 30, 100, 300] as const;

export interface RemoteAddress {
  /** The peer's address id: 0 for the address the connection started on. */
  id: number;
  address: string;
  port: number;
}

export interface ManagedSubflow {
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  localId: number;
  remoteId: number;
  backup: boolean;
  ifindex?: number;
  /** Set while the manager holds it failed (it closes it once another subflow works); cleared if it works again. */
  failed?: StallSignal;
}

export interface ManagedConnection {
  token: number;
  family: 'IPv4' | 'IPv6';
  /** The initial subflow's addresses. */
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  serverSide: boolean;
  established: boolean;
  /** Live subflows, by "local:port>remote:port". */
  subflows: Map<string, ManagedSubflow>;
  /** Addresses the peer has: id 0 (the initial one) and the ones it announced. */
  remotes: Map<number, RemoteAddress>;
  /** Local addresses this connection announced, by id. */
  announced: Map<number, string>;
}

/** What a strategy can see and do. Actions never throw: failures go to the manager's 'action' event. */
export interface StrategyContext {
  readonly connections: ReadonlyMap<number, ManagedConnection>;
  /** Usable local addresses: global scope, not tentative, on a link that is up with a carrier; optionally of one family. */
  localAddresses(family?: 'IPv4' | 'IPv6'): InterfaceAddress[];
  interfaceName(ifindex: number): string | undefined;
  /** The interface (name) a subflow leaves from: its bound device, else the one holding its local address. */
  interfaceOf(subflow: ManagedSubflow): string | undefined;
  /** Opens a subflow from `local` to `remote` (default: the connection's initial remote address). */
  createSubflow(conn: ManagedConnection, local: InterfaceAddress, remote?: RemoteAddress, options?: { backup?: boolean }): Promise<boolean>;
  /** SUBFLOW_DESTROY: closes a subflow gracefully (a FIN on its path). */
  destroySubflow(conn: ManagedConnection, subflow: ManagedSubflow): Promise<boolean>;
  /**
   * Aborts a subflow at once (sock_diag SOCK_DESTROY): its unacknowledged data
   * goes out again on the connection's other subflows without waiting for
   * timeouts. What the manager does to a failed subflow.
   */
  closeSubflow(conn: ManagedConnection, subflow: ManagedSubflow): Promise<boolean>;
  /** ADD_ADDR of a local address on a (server-side) connection. */
  announce(conn: ManagedConnection, local: InterfaceAddress): Promise<boolean>;
  /** RM_ADDR of an address announced before. */
  unannounce(conn: ManagedConnection, address: string): Promise<boolean>;
  /** MP_PRIO: mark a subflow backup (or not). */
  setSubflowBackup(conn: ManagedConnection, subflow: ManagedSubflow, backup: boolean): Promise<boolean>;
  /** Runs `task` as a hook, `ms` from now (unless the manager closed by then). */
  after(ms: number, task: () => void | Promise<void>): void;
  log(message: string): void;
}

/**
 * A path-management policy. Every hook is optional; hooks run one at a time,
 * in event order, and may be async.
 */
export interface Strategy {
  readonly name: string;
  start?(ctx: StrategyContext): void | Promise<void>;
  connectionCreated?(conn: ManagedConnection, ctx: StrategyContext): void | Promise<void>;
  connectionEstablished?(conn: ManagedConnection, ctx: StrategyContext): void | Promise<void>;
  connectionClosed?(conn: ManagedConnection, ctx: StrategyContext): void | Promise<void>;
  subflowEstablished?(conn: ManagedConnection, subflow: ManagedSubflow, ctx: StrategyContext): void | Promise<void>;
  subflowClosed?(conn: ManagedConnection, subflow: ManagedSubflow, ctx: StrategyContext): void | Promise<void>;
  addressAnnounced?(conn: ManagedConnection, remote: RemoteAddress, ctx: StrategyContext): void | Promise<void>;
  addressRemoved?(conn: ManagedConnection, remoteId: number, ctx: StrategyContext): void | Promise<void>;
  localAddressAdded?(address: InterfaceAddress, ctx: StrategyContext): void | Promise<void>;
  localAddressRemoved?(address: InterfaceAddress, ctx: StrategyContext): void | Promise<void>;
  /**
   * A subflow stopped working: it stalled (no ACK while data is in flight, or
   * the retransmission timer fired) or its link went down. Runs before the
   * manager closes it, which it does once another subflow of the connection
   * works: open one here if there is none. Reported once per subflow.
   */
  subflowFailed?(conn: ManagedConnection, subflow: ManagedSubflow, signal: StallSignal, ctx: StrategyContext): void | Promise<void>;
  /** A link lost IFF_UP or its carrier (the kernel keeps its subflows: they are reported failed too). */
  linkDown?(link: Link, ctx: StrategyContext): void | Promise<void>;
  /** A link is up with a carrier again. */
  linkUp?(link: Link, ctx: StrategyContext): void | Promise<void>;
  stop?(ctx: StrategyContext): void | Promise<void>;
}

/** One command the manager sent for its strategy, and how it went. */
export interface ManagerAction {
  action: 'subflowCreate' | 'subflowDestroy' | 'sockDestroy' | 'announce' | 'remove' | 'setSubflowBackup';
  token: number;
  local: string;
  remote?: string;
  ok: boolean;
  error?: Error;
}

/** A subflow the manager found failed (before the strategy and the manager act on it). */
export interface ManagerFailure {
  token: number;
  subflow: ManagedSubflow;
  signal: StallSignal;
}

export interface ManagerEvents {
  ready: [];
  action: [ManagerAction];
  failover: [ManagerFailure];
  log: [string];
  lost: [];
  error: [Error];
  close: [];
}

export interface ManagerOptions {
  strategy: Strategy;
  /** Close the subflows of a local address that goes away (default true): the kernel does not. */
  closeSubflowsOnAddressLoss?: boolean;
  /**
   * Watch the subflows' tcp_info (sock_diag) and links for failures, as a socket's
   * `failover` option does (default true; thresholds as FailoverOptions).
   */
  failover?: FailoverOption;
}

const IDLE_MS = 100;

/** A subflow's key in ManagedConnection.subflows. */
export const subflowKey = (s: { localAddress: string; localPort: number; remoteAddress: string; remotePort: number }): string =>
  `${s.localAddress}:${s.localPort}>${s.remoteAddress}:${s.remotePort}`;

export class Manager extends EventEmitter<ManagerEvents> {
  readonly strategy: Strategy;
  private readonly pm = new PathManager();
  private readonly conns = new Map<number, ManagedConnection>();
  private network: NetworkView | null = null;
  private stream: PmEvents | null = null;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly readyPromise: Promise<void>;
  private readonly closeOnLoss: boolean;
  private readonly failover: Required<FailoverOptions> | false;
  private readonly detector: StallDetector | null;
  private diag: DiagSocketClient | null = null;
  private poller: NodeJS.Timeout | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Failed subflows being closed, by key (a failed subflow's `failed` says why). */
  private readonly closing = new Set<string>();
  readonly context: StrategyContext;

  constructor(options: ManagerOptions) {
    super();
    if (options === null || typeof options !== 'object') throw invalidArgType('options', 'of type object', options);
    const s = options.strategy;
    if (s === null || typeof s !== 'object' || typeof s.name !== 'string') {
      throw invalidArgValue('options.strategy', s, 'must be a strategy object with a name');
    }
    this.strategy = s;
    this.closeOnLoss = options.closeSubflowsOnAddressLoss ?? true;
    this.failover = validateFailover(options.failover ?? true, 'options.failover');
    this.detector = this.failover ? new StallDetector(this.failover) : null;
    this.context = this.makeContext();
    this.readyPromise = this.start();
    // Surface a failed start as 'error' only for listeners; `ready` rejects either way.
    this.readyPromise.catch((err: Error) => {
      if (this.listenerCount('error') > 0) this.emit('error', err);
    });
  }

  /** Resolves once subscribed and the strategy has started. */
  get ready(): Promise<void> {
    return this.readyPromise;
  }

  get connections(): ReadonlyMap<number, ManagedConnection> {
    return this.conns;
  }

  private async start(): Promise<void> {
    await new Promise<void>((r) => process.nextTick(r));
    const mode = pathManagerMode();
    if (mode !== 'userspace') {
      throw new Error(
        `pm.manager() drives the userspace path manager, but this namespace uses '${mode}': ` +
          'set sysctl net.mptcp.path_manager=userspace (or net.mptcp.pm_type=1)',
      );
    }
    const network = (this.network = acquireNetwork());
    await network.ready;
    network.on('addressAdded', (a) => this.enqueue(() => this.onAddressAdded(a)));
    network.on('addressRemoved', (a) => this.enqueue(() => this.onAddressRemoved(a)));
    network.on('linkDown', (l) => this.enqueue(() => this.onLinkDown(l)));
    network.on('linkUp', (l) => this.enqueue(() => this.strategy.linkUp?.(l, this.context)));
    network.on('error', (e) => this.emit('error', e));
    this.stream = events();
    this.stream.on('event', (ev) => this.enqueue(() => this.onEvent(ev)));
    this.stream.on('lost', () => this.emit('lost'));
    this.stream.on('error', (e) => this.emit('error', e));
    this.stream.on('malformed', (e) => this.emit('log', `mptcp_pm: dropped a malformed event: ${e.message}`));
    await this.stream.ready;
    await this.strategy.start?.(this.context);
    if (this.failover) {
      this.diag = DiagSocketClient.open();
      this.poll();
    }
    this.emit('ready');
  }

  /** Reads the managed subflows' tcp_info (sock_diag) and reports the stalled ones. */
  private poll(): void {
    this.poller = null;
    if (this.closed || !this.diag || !this.detector || !this.failover) return;
    const detector = this.detector;
    const interval = this.failover.intervalMs;
    let busy = false;
    const next = (): void => {
      if (!this.closed) this.poller = setTimeout(() => this.poll(), busy ? interval : IDLE_MS).unref();
    };
    if (this.conns.size === 0) return next();
    this.diag
      .subflows()
      .then((all) => {
        const now = performance.now();
        const seen = new Set<string>();
        for (const d of all) {
          const conn = this.conns.get(d.localToken);
          if (!conn || d.state !== TCP_ESTABLISHED) continue;
          const k = subflowKey(d);
          const sf = conn.subflows.get(k);
          if (!sf) continue;
          seen.add(k);
          if ((d.tcpInfo.unacked ?? 0) > 0) busy = true;
          const signal = detector.check(k, d.tcpInfo, now);
          if (signal) this.enqueue(() => this.onFailed(conn, sf, signal));
          else if (sf.failed && !this.onDownLink(sf) && !this.closing.has(k)) delete sf.failed; // it works again
        }
        detector.keepOnly(seen);
      })
      .catch((err: Error) => this.emit('log', `sock_diag: ${err.message}`))
      .finally(next);
  }

  private async onLinkDown(link: Link): Promise<void> {
    await this.strategy.linkDown?.(link, this.context);
    for (const conn of this.conns.values()) {
      for (const sf of [...conn.subflows.values()]) {
        if (this.linkOf(sf) === link.index) await this.onFailed(conn, sf, 'link-down');
      }
    }
  }

  private linkOf(sf: ManagedSubflow): number | undefined {
    return sf.ifindex ?? this.network?.linkOf(sf.localAddress)?.index;
  }

  private onDownLink(sf: ManagedSubflow): boolean {
    const index = this.linkOf(sf);
    const link = index === undefined ? undefined : this.network?.links.get(index);
    return link !== undefined && !linkUsable(link);
  }

  /** A failed subflow: reported once (event, strategy), closed as soon as another subflow of its connection works. */
  private async onFailed(conn: ManagedConnection, sf: ManagedSubflow, signal: StallSignal): Promise<void> {
    const k = subflowKey(sf);
    if (this.closing.has(k) || !conn.subflows.has(k)) return;
    if (!sf.failed) {
      sf.failed = signal;
      this.emit('failover', { token: conn.token, subflow: sf, signal });
      await this.strategy.subflowFailed?.(conn, sf, signal, this.context);
    }
    const working = [...conn.subflows.values()].some(
      (o) => subflowKey(o) !== k && !o.failed && !this.closing.has(subflowKey(o)) && !this.onDownLink(o),
    );
    if (!working) return; // never the last subflow: the kernel keeps trying on it
    this.closing.add(k);
    if (!(await this.context.closeSubflow(conn, sf))) this.closing.delete(k);
  }

  private enqueue(task: () => void | Promise<void>): void {
    this.chain = this.chain.then(async () => {
      if (this.closed) return;
      try {
        await task();
      } catch (err) {
        this.emit('log', `strategy ${this.strategy.name}: ${(err as Error).message}`);
      }
    });
  }

  private async onAddressAdded(a: InterfaceAddress): Promise<void> {
    if (this.network?.isUsable(a.address)) await this.strategy.localAddressAdded?.(a, this.context);
  }

  private async onAddressRemoved(a: InterfaceAddress): Promise<void> {
    if (this.closeOnLoss) {
      for (const conn of this.conns.values()) {
        for (const sf of [...conn.subflows.values()]) {
          if (sf.localAddress === a.address) await this.context.destroySubflow(conn, sf);
        }
      }
    }
    await this.strategy.localAddressRemoved?.(a, this.context);
  }

  private async onEvent(ev: PmEvent): Promise<void> {
    const ctx = this.context;
    switch (ev.type) {
      case 'created': {
        const conn: ManagedConnection = {
          token: ev.token,
          family: ev.family,
          localAddress: ev.localAddress,
          localPort: ev.localPort,
          remoteAddress: ev.remoteAddress,
          remotePort: ev.remotePort,
          serverSide: ev.serverSide,
          established: false,
          subflows: new Map(),
          remotes: new Map([[0, { id: 0, address: ev.remoteAddress, port: ev.remotePort }]]),
          announced: new Map(),
        };
        this.conns.set(ev.token, conn);
        await this.strategy.connectionCreated?.(conn, ctx);
        return;
      }
      case 'established': {
        const conn = this.conns.get(ev.token);
        if (!conn) return;
        conn.established = true;
        const first: ManagedSubflow = {
          localAddress: ev.localAddress,
          localPort: ev.localPort,
          remoteAddress: ev.remoteAddress,
          remotePort: ev.remotePort,
          localId: 0,
          remoteId: 0,
          backup: false,
        };
        conn.subflows.set(subflowKey(first), first);
        await this.strategy.connectionEstablished?.(conn, ctx);
        return;
      }
      case 'closed': {
        const conn = this.conns.get(ev.token);
        if (!conn) return;
        this.conns.delete(ev.token);
        await this.strategy.connectionClosed?.(conn, ctx);
        return;
      }
      case 'announced': {
        const conn = this.conns.get(ev.token);
        if (!conn) return;
        const remote = { id: ev.remoteId, address: ev.remoteAddress, port: ev.remotePort };
        conn.remotes.set(ev.remoteId, remote);
        await this.strategy.addressAnnounced?.(conn, remote, ctx);
        return;
      }
      case 'removed': {
        const conn = this.conns.get(ev.token);
        if (!conn) return;
        conn.remotes.delete(ev.remoteId);
        await this.strategy.addressRemoved?.(conn, ev.remoteId, ctx);
        return;
      }
      case 'sub_established':
      case 'sub_priority':
      case 'sub_closed': {
        const conn = this.conns.get(ev.token);
        if (!conn) return;
        // Once the initial subflow has closed, kernels repeat its SUB_CLOSED with the local
        // address zeroed whenever another subflow closes (mptcp_net-next#603): no subflow.
        if (ev.type === 'sub_closed' && (ev.localAddress === '0.0.0.0' || ev.localAddress === '::')) {
          this.emit('log', `mptcp_pm: ignored a SUB_CLOSED with no local address (token ${ev.token}, port ${ev.localPort})`);
          return;
        }
        const sf: ManagedSubflow = {
          localAddress: ev.localAddress,
          localPort: ev.localPort,
          remoteAddress: ev.remoteAddress,
          remotePort: ev.remotePort,
          localId: ev.localId,
          remoteId: ev.remoteId,
          backup: ev.backup,
        };
        if (ev.ifindex !== undefined) sf.ifindex = ev.ifindex;
        if (ev.type === 'sub_closed') {
          conn.subflows.delete(subflowKey(sf));
          this.closing.delete(subflowKey(sf));
          this.detector?.forget(subflowKey(sf));
          await this.strategy.subflowClosed?.(conn, sf, ctx);
        } else {
          const known = conn.subflows.get(subflowKey(sf));
          if (known) known.backup = sf.backup; // MP_PRIO: the same subflow, failed or not
          else conn.subflows.set(subflowKey(sf), sf);
          if (ev.type === 'sub_established') {
            await this.strategy.subflowEstablished?.(conn, known ?? sf, ctx);
            // A subflow that works now lets the failed ones be closed.
            for (const failed of [...conn.subflows.values()]) if (failed.failed) await this.onFailed(conn, failed, failed.failed);
          }
        }
        return;
      }
      default:
        return;
    }
  }

  private async act(action: ManagerAction['action'], token: number, local: string, remote: string | undefined, run: () => Promise<void>): Promise<boolean> {
    const report: ManagerAction = { action, token, local, ok: true };
    if (remote !== undefined) report.remote = remote;
    try {
      await run();
    } catch (err) {
      report.ok = false;
      report.error = err as Error;
    }
    this.emit('action', report);
    return report.ok;
  }

  private makeContext(): StrategyContext {
    return {
      connections: this.conns,
      localAddresses: (family) => this.network?.usableAddresses(family) ?? [],
      interfaceName: (ifindex) => this.network?.links.get(ifindex)?.name,
      interfaceOf: (sf) => {
        const index = this.linkOf(sf);
        return index === undefined ? undefined : this.network?.links.get(index)?.name;
      },
      createSubflow: (conn, local, remote = conn.remotes.get(0)!, options = {}) =>
        this.act('subflowCreate', conn.token, local.address, `${remote.address}:${remote.port}`, async () => {
          for (let attempt = 0; ; attempt++) {
            try {
              return await this.pm.subflowCreate(
                conn.token,
                { address: local.address, id: localIdFor(local.address), ifindex: local.ifindex },
                { address: remote.address, port: remote.port },
                options,
              );
            } catch (err) {
              // The kernel tells of a new IPv4 address (RTM_NEWADDR) before it adds the address's
              // local route: a subflow bound to it in between fails with EADDRNOTAVAIL. Again, while
              // the address is still there.
              const delay = BIND_RETRY_MS[attempt];
              if (delay === undefined || !hasErrno(err, 'EADDRNOTAVAIL') || !this.network?.isUsable(local.address) || this.closed) throw err;
              await sleep(delay);
            }
          }
        }),
      destroySubflow: (conn, sf) =>
        this.act('subflowDestroy', conn.token, `${sf.localAddress}:${sf.localPort}`, `${sf.remoteAddress}:${sf.remotePort}`, () =>
          this.pm.subflowDestroy(conn.token, { address: sf.localAddress, port: sf.localPort }, { address: sf.remoteAddress, port: sf.remotePort }),
        ),
      announce: (conn, local) =>
        this.act('announce', conn.token, local.address, undefined, async () => {
          const id = localIdFor(local.address);
          await this.pm.announce(conn.token, { address: local.address, id, ifindex: local.ifindex });
          conn.announced.set(id, local.address);
        }),
      unannounce: (conn, address) =>
        this.act('remove', conn.token, address, undefined, async () => {
          const id = localIdFor(address);
          await this.pm.remove(conn.token, id);
          conn.announced.delete(id);
        }),
      closeSubflow: (conn, sf) => {
        const local = { address: sf.localAddress, port: sf.localPort, family: conn.family };
        const remote = { address: sf.remoteAddress, port: sf.remotePort, family: conn.family };
        return this.act('sockDestroy', conn.token, `${sf.localAddress}:${sf.localPort}`, `${sf.remoteAddress}:${sf.remotePort}`, async () => {
          try {
            await abortSubflow(local, remote, this.network);
          } catch (err) {
            // No SOCK_DESTROY in this kernel: SUBFLOW_DESTROY, graceful but still closes it.
            if (!hasErrno(err, 'EOPNOTSUPP')) throw err;
            await this.pm.subflowDestroy(conn.token, local, remote);
          }
        });
      },
      after: (ms, task) => {
        const t = setTimeout(() => {
          this.timers.delete(t);
          this.enqueue(task);
        }, ms).unref();
        this.timers.add(t);
      },
      setSubflowBackup: (conn, sf, backup) =>
        this.act('setSubflowBackup', conn.token, `${sf.localAddress}:${sf.localPort}`, `${sf.remoteAddress}:${sf.remotePort}`, () =>
          this.pm.setSubflowBackup(conn.token, { address: sf.localAddress, port: sf.localPort }, { address: sf.remoteAddress, port: sf.remotePort }, backup),
        ),
      log: (message) => this.emit('log', message),
    };
  }

  /** Stops: unsubscribes, and lets the strategy clean up. Connections keep their subflows. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.chain;
    try {
      await this.strategy.stop?.(this.context);
    } finally {
      this.closed = true;
      this.stream?.close();
      if (this.poller) clearTimeout(this.poller);
      for (const t of this.timers) clearTimeout(t);
      this.timers.clear();
      this.diag?.close();
      if (this.network) releaseNetwork();
      this.network = null;
      this.pm.close();
      this.emit('close');
    }
  }
}

/** Starts a userspace path manager run by `options.strategy` (see strategies). */
export function manager(options: ManagerOptions): Manager {
  return new Manager(options);
}
