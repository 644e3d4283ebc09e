// pm.manager(): the userspace path manager, driven from Node by a strategy
// (mptcpd's plugin idea, in the application's language). The runner keeps
// a table of connections and subflows from the path-manager events and the
// local addresses from rtnetlink, and calls the strategy's hooks one at a
// time. Needs net.mptcp.path_manager=userspace and CAP_NET_ADMIN.
import { EventEmitter } from 'node:events';
import { AddressMonitor, IFA_F_DADFAILED, IFA_F_TENTATIVE, RouteSocket, RT_SCOPE_HOST, RT_SCOPE_LINK, type InterfaceAddress, type Link } from '../netlink/rtnetlink';
import { invalidArgType, invalidArgValue } from '../errors';
import { PathManager } from './commands';
import { events, type PmEvent, type PmEvents } from './events';
import { pathManagerMode } from './steer';

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
  /** Usable local addresses: global scope, not tentative, optionally of one family. */
  localAddresses(family?: 'IPv4' | 'IPv6'): InterfaceAddress[];
  interfaceName(ifindex: number): string | undefined;
  /** Opens a subflow from `local` to `remote` (default: the connection's initial remote address). */
  createSubflow(conn: ManagedConnection, local: InterfaceAddress, remote?: RemoteAddress, options?: { backup?: boolean }): Promise<boolean>;
  destroySubflow(conn: ManagedConnection, subflow: ManagedSubflow): Promise<boolean>;
  /** ADD_ADDR of a local address on a (server-side) connection. */
  announce(conn: ManagedConnection, local: InterfaceAddress): Promise<boolean>;
  /** RM_ADDR of an address announced before. */
  unannounce(conn: ManagedConnection, address: string): Promise<boolean>;
  /** MP_PRIO: mark a subflow backup (or not). */
  setSubflowBackup(conn: ManagedConnection, subflow: ManagedSubflow, backup: boolean): Promise<boolean>;
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
  stop?(ctx: StrategyContext): void | Promise<void>;
}

/** One command the manager sent for its strategy, and how it went. */
export interface ManagerAction {
  action: 'subflowCreate' | 'subflowDestroy' | 'announce' | 'remove' | 'setSubflowBackup';
  token: number;
  local: string;
  remote?: string;
  ok: boolean;
  error?: Error;
}

export interface ManagerEvents {
  ready: [];
  action: [ManagerAction];
  log: [string];
  lost: [];
  error: [Error];
  close: [];
}

export interface ManagerOptions {
  strategy: Strategy;
  /** Close the subflows of a local address that goes away (default true): the kernel does not. */
  closeSubflowsOnAddressLoss?: boolean;
}

const IFF_LOOPBACK = 0x8;

const key = (s: { localAddress: string; localPort: number; remoteAddress: string; remotePort: number }) =>
  `${s.localAddress}:${s.localPort}>${s.remoteAddress}:${s.remotePort}`;

/** Address ids: one per local address, stable while the process runs (mptcpd's id manager). */
const ids = new Map<string, number>();
function localIdFor(address: string): number {
  let id = ids.get(address);
  if (id === undefined) {
    id = (ids.size % 255) + 1;
    ids.set(address, id);
  }
  return id;
}

export class Manager extends EventEmitter<ManagerEvents> {
  readonly strategy: Strategy;
  private readonly pm = new PathManager();
  private readonly conns = new Map<number, ManagedConnection>();
  private readonly addrs = new Map<string, InterfaceAddress>();
  private readonly links = new Map<number, Link>();
  private stream: PmEvents | null = null;
  private monitor: AddressMonitor | null = null;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly readyPromise: Promise<void>;
  private readonly closeOnLoss: boolean;
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
    const route = RouteSocket.open();
    try {
      for (const l of await route.links()) this.links.set(l.index, l);
      for (const a of await route.addresses()) this.addrs.set(a.address, a);
    } finally {
      route.close();
    }
    this.monitor = new AddressMonitor();
    this.monitor.on('added', (a) => this.enqueue(() => this.onAddressAdded(a)));
    this.monitor.on('removed', (a) => this.enqueue(() => this.onAddressRemoved(a)));
    this.monitor.on('error', (e) => this.emit('error', e));
    this.monitor.on('malformed', (e) => this.emit('log', `rtnetlink: dropped a malformed message: ${e.message}`));
    this.stream = events();
    this.stream.on('event', (ev) => this.enqueue(() => this.onEvent(ev)));
    this.stream.on('lost', () => this.emit('lost'));
    this.stream.on('error', (e) => this.emit('error', e));
    this.stream.on('malformed', (e) => this.emit('log', `mptcp_pm: dropped a malformed event: ${e.message}`));
    await this.stream.ready;
    await this.strategy.start?.(this.context);
    this.emit('ready');
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

  private usable(a: InterfaceAddress): boolean {
    if (a.scope === RT_SCOPE_HOST || a.scope === RT_SCOPE_LINK) return false;
    if (a.flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED)) return false;
    return ((this.links.get(a.ifindex)?.flags ?? 0) & IFF_LOOPBACK) === 0;
  }

  private async onAddressAdded(a: InterfaceAddress): Promise<void> {
    this.addrs.set(a.address, a);
    if (!this.links.has(a.ifindex)) {
      // an interface that appeared after start: learn its name and flags
      const route = RouteSocket.open();
      try {
        for (const l of await route.links()) this.links.set(l.index, l);
      } finally {
        route.close();
      }
    }
    if (this.usable(a)) await this.strategy.localAddressAdded?.(a, this.context);
  }

  private async onAddressRemoved(a: InterfaceAddress): Promise<void> {
    this.addrs.delete(a.address);
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
        conn.subflows.set(key(first), first);
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
          conn.subflows.delete(key(sf));
          await this.strategy.subflowClosed?.(conn, sf, ctx);
        } else {
          conn.subflows.set(key(sf), sf);
          if (ev.type === 'sub_established') await this.strategy.subflowEstablished?.(conn, sf, ctx);
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
      localAddresses: (family) => [...this.addrs.values()].filter((a) => this.usable(a) && (!family || a.family === family)),
      interfaceName: (ifindex) => this.links.get(ifindex)?.name,
      createSubflow: (conn, local, remote = conn.remotes.get(0)!, options = {}) =>
        this.act('subflowCreate', conn.token, local.address, `${remote.address}:${remote.port}`, () =>
          this.pm.subflowCreate(
            conn.token,
            { address: local.address, id: localIdFor(local.address), ifindex: local.ifindex },
            { address: remote.address, port: remote.port },
            options,
          ),
        ),
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
      this.monitor?.close();
      this.pm.close();
      this.emit('close');
    }
  }
}

/** Starts a userspace path manager run by `options.strategy` (see strategies). */
export function manager(options: ManagerOptions): Manager {
  return new Manager(options);
}
