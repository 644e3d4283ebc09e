// What failover and steering need to know about this namespace's network:
// the links (up, carrier) and the addresses on them, kept current from
// rtnetlink. One view per process, started by its first user and stopped by
// its last; it never keeps the process alive. Reading links and addresses
// needs no privilege.
import { EventEmitter } from 'node:events';
import {
  AddressMonitor,
  IFA_F_DADFAILED,
  IFA_F_TENTATIVE,
  IFF_LOOPBACK,
  IFF_LOWER_UP,
  IFF_UP,
  LinkMonitor,
  RouteSocket,
  RT_SCOPE_HOST,
  RT_SCOPE_LINK,
  type InterfaceAddress,
  type Link,
} from '../netlink/rtnetlink';

export interface NetworkViewEvents {
  /** A link lost IFF_UP or its carrier (IFF_LOWER_UP), or went away. */
  linkDown: [Link];
  /** A link is up with a carrier again. */
  linkUp: [Link];
  addressAdded: [InterfaceAddress];
  addressRemoved: [InterfaceAddress];
  error: [Error];
}

/** A link is usable when it is up and has a carrier. */
export function linkUsable(link: Link | undefined): boolean {
  return link !== undefined && (link.flags & IFF_UP) !== 0 && (link.flags & IFF_LOWER_UP) !== 0;
}

export class NetworkView extends EventEmitter<NetworkViewEvents> {
  readonly links = new Map<number, Link>();
  readonly addresses = new Map<string, InterfaceAddress>();
  /** Resolves once the first dump is in (rejects if rtnetlink cannot be read). */
  readonly ready: Promise<void>;
  /** The first dump is in: links and addresses are known. */
  loaded = false;
  private linkMonitor: LinkMonitor | null = null;
  private addressMonitor: AddressMonitor | null = null;
  private closed = false;
  /**
   * Links and addresses an event told about while a dump was in flight: the
   * event is at least as new as the dump's entry (the dump may have been
   * taken before the change), so the dump must not overwrite it.
   */
  private touched: Set<number | string> | null = null;

  constructor() {
    super();
    this.ready = this.start();
    this.ready.catch((err: Error) => this.fail(err));
  }

  /** 'error' only for listeners: a view that cannot read rtnetlink must not crash the process. */
  private fail(err: Error): void {
    if (this.listenerCount('error') > 0) this.emit('error', err);
  }

  private async start(): Promise<void> {
    // Subscribe first, then dump: a change between the two is seen twice, never missed.
    this.linkMonitor = new LinkMonitor().unref();
    this.addressMonitor = new AddressMonitor().unref();
    this.linkMonitor.on('link', (l) => {
      this.touched?.add(l.index);
      this.onLink(l);
    });
    this.linkMonitor.on('removed', (l) => {
      this.touched?.add(l.index);
      this.links.delete(l.index);
      this.emit('linkDown', { ...l, flags: 0 });
    });
    this.addressMonitor.on('added', (a) => {
      this.touched?.add(a.address);
      this.addresses.set(a.address, a);
      this.emit('addressAdded', a);
    });
    this.addressMonitor.on('removed', (a) => {
      this.touched?.add(a.address);
      this.addresses.delete(a.address);
      this.emit('addressRemoved', a);
    });
    for (const m of [this.linkMonitor, this.addressMonitor]) m.on('error', (e) => this.fail(e));
    // Dropped messages: the dump below is the truth again.
    this.linkMonitor.on('lost', () => this.resync().catch((e: Error) => this.fail(e)));
    this.addressMonitor.on('lost', () => this.resync().catch((e: Error) => this.fail(e)));
    await this.resync();
  }

  private async resync(): Promise<void> {
    const route = RouteSocket.open();
    const touched = (this.touched = new Set());
    try {
      const links = await route.links();
      const addresses = await route.addresses();
      if (this.closed) return;
      for (const l of links) if (!touched.has(l.index)) this.onLink(l);
      for (const a of addresses) if (!touched.has(a.address)) this.addresses.set(a.address, a);
      this.loaded = true;
    } finally {
      if (this.touched === touched) this.touched = null;
      route.close();
    }
  }

  private onLink(l: Link): void {
    const before = this.links.get(l.index);
    this.links.set(l.index, l);
    if (before === undefined) return;
    const was = linkUsable(before);
    const is = linkUsable(l);
    if (was && !is) this.emit('linkDown', l);
    else if (!was && is) this.emit('linkUp', l);
  }

  /** The link that holds `address`, if it is a local address. */
  linkOf(address: string): Link | undefined {
    const a = this.addresses.get(address);
    return a ? this.links.get(a.ifindex) : undefined;
  }

  /**
   * Addresses a subflow could start from: global scope, not tentative, on a
   * usable link that is not loopback; of one family if given.
   */
  usableAddresses(family?: 'IPv4' | 'IPv6'): InterfaceAddress[] {
    return [...this.addresses.values()].filter((a) => (!family || a.family === family) && this.usable(a));
  }

  /** Whether `address` is one of usableAddresses(). */
  isUsable(address: string): boolean {
    const a = this.addresses.get(address);
    return a !== undefined && this.usable(a);
  }

  private usable(a: InterfaceAddress): boolean {
    if (a.scope === RT_SCOPE_HOST || a.scope === RT_SCOPE_LINK) return false;
    if (a.flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED)) return false;
    const l = this.links.get(a.ifindex);
    return linkUsable(l) && ((l?.flags ?? 0) & IFF_LOOPBACK) === 0;
  }

  /** @internal */
  close(): void {
    this.closed = true;
    this.linkMonitor?.close();
    this.addressMonitor?.close();
    this.removeAllListeners();
  }
}

let shared: NetworkView | null = null;
let users = 0;

/** The process's view, started on first use; give it back with releaseNetwork(). */
export function acquireNetwork(): NetworkView {
  users++;
  shared ??= new NetworkView();
  return shared;
}

export function releaseNetwork(): void {
  users = Math.max(0, users - 1);
  if (users === 0 && shared) {
    shared.close();
    shared = null;
  }
}
