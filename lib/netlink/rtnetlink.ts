// rtnetlink, for what the path manager needs from it: interface names and
// indexes (in this network namespace, which /sys may not reflect), the
// addresses configured, and a monitor of addresses appearing and going
// (mptcpd's network monitor).
import { EventEmitter } from 'node:events';
import { readS32, readU32, writeS32 } from '../kernel/bytes';
import { formatIpv4, formatIpv6 } from '../kernel/sockaddr';
import { decodeAttrs, encodeAttrs, NetlinkParseError, type AttrSet } from './attributes';
import { NETLINK_ROUTE, NLM_F_DUMP, NetlinkSocket, type NetlinkMessage } from './socket';

export const RTM_NEWLINK = 16;
export const RTM_DELLINK = 17;
export const RTM_GETLINK = 18;
export const RTM_NEWADDR = 20;
export const RTM_DELADDR = 21;
export const RTM_GETADDR = 22;

export const RTNLGRP_LINK = 1;
export const RTNLGRP_IPV4_IFADDR = 5;
export const RTNLGRP_IPV6_IFADDR = 9;

const IFINFOMSG_LEN = 16;
const IFADDRMSG_LEN = 8;
const AF_UNSPEC = 0;
const AF_INET = 2;
const AF_INET6 = 10;

/** IFF_* link flags: administratively up, and the carrier ("lower layer") present. */
export const IFF_UP = 0x1;
export const IFF_LOOPBACK = 0x8;
export const IFF_LOWER_UP = 0x10000;

export const IFA_F_SECONDARY = 0x01;
export const IFA_F_NODAD = 0x02;
export const IFA_F_DADFAILED = 0x08;
export const IFA_F_DEPRECATED = 0x20;
export const IFA_F_TENTATIVE = 0x40;

/** RT_SCOPE_*: universe (global) 0, site 200, link 253, host 254. */
export const RT_SCOPE_LINK = 253;
export const RT_SCOPE_HOST = 254;

const LINK_ATTRS: AttrSet = {
  ifname: { id: 3, type: 'string' },
  mtu: { id: 4, type: 'u32' },
  operstate: { id: 16, type: 'u8' },
};

const ADDR_ATTRS: AttrSet = {
  address: { id: 1, type: 'binary' },
  local: { id: 2, type: 'binary' },
  label: { id: 3, type: 'string' },
  flags: { id: 8, type: 'u32' },
};

export interface Link {
  index: number;
  name: string;
  /** IFF_* flags (IFF_UP 1, IFF_LOOPBACK 8, IFF_RUNNING 0x40, IFF_LOWER_UP 0x10000: the carrier). */
  flags: number;
}

export interface InterfaceAddress {
  address: string;
  family: 'IPv4' | 'IPv6';
  prefixLength: number;
  ifindex: number;
  /** RT_SCOPE_*: 0 global, 253 link, 254 host. */
  scope: number;
  /** IFA_F_* flags. */
  flags: number;
}

function ifinfomsg(family: number, index: number): Buffer {
  const b = Buffer.alloc(IFINFOMSG_LEN);
  b.writeUInt8(family, 0);
  writeS32(b, 4, index);
  return b;
}

export function parseLink(m: NetlinkMessage): Link {
  if (m.payload.length < IFINFOMSG_LEN) throw new NetlinkParseError('truncated ifinfomsg');
  const attrs = decodeAttrs(LINK_ATTRS, m.payload.subarray(IFINFOMSG_LEN));
  return {
    index: readS32(m.payload, 4),
    flags: readU32(m.payload, 8),
    name: (attrs.ifname as string | undefined) ?? '',
  };
}

function ipFrom(family: number, raw: Buffer | undefined): string | null {
  if (!raw) return null;
  if (family === AF_INET && raw.length >= 4) return formatIpv4(raw);
  if (family === AF_INET6 && raw.length >= 16) return formatIpv6(raw.subarray(0, 16));
  return null;
}

export function parseAddress(m: NetlinkMessage): InterfaceAddress | null {
  if (m.payload.length < IFADDRMSG_LEN) throw new NetlinkParseError('truncated ifaddrmsg');
  const family = m.payload.readUInt8(0);
  const attrs = decodeAttrs(ADDR_ATTRS, m.payload.subarray(IFADDRMSG_LEN));
  // IFA_LOCAL is the local address on point-to-point links; IFA_ADDRESS otherwise.
  const address = ipFrom(family, (attrs.local ?? attrs.address) as Buffer | undefined);
  if (!address) return null;
  return {
    address,
    family: family === AF_INET ? 'IPv4' : 'IPv6',
    prefixLength: m.payload.readUInt8(1),
    ifindex: readU32(m.payload, 4),
    scope: m.payload.readUInt8(3),
    flags: (attrs.flags as number | undefined) ?? m.payload.readUInt8(2),
  };
}

/** rtnetlink requests on a socket of their own. */
export class RouteSocket {
  private constructor(readonly sock: NetlinkSocket) {}

  static open(): RouteSocket {
    return new RouteSocket(NetlinkSocket.open(NETLINK_ROUTE));
  }

  async links(): Promise<Link[]> {
    return (await this.sock.request(RTM_GETLINK, NLM_F_DUMP, ifinfomsg(AF_UNSPEC, 0))).filter((m) => m.type === RTM_NEWLINK).map(parseLink);
  }

  /** The interface named `name` in this namespace; rejects with ENODEV if there is none. */
  async link(name: string): Promise<Link> {
    const payload = Buffer.concat([ifinfomsg(AF_UNSPEC, 0), encodeAttrs(LINK_ATTRS, { ifname: name })]);
    const [reply] = await this.sock.request(RTM_GETLINK, 0, payload);
    if (!reply) throw new NetlinkParseError(`no reply for link ${name}`);
    return parseLink(reply);
  }

  async addresses(): Promise<InterfaceAddress[]> {
    const head = Buffer.alloc(IFADDRMSG_LEN);
    const replies = await this.sock.request(RTM_GETADDR, NLM_F_DUMP, head);
    return replies.filter((m) => m.type === RTM_NEWADDR).map(parseAddress).filter((a): a is InterfaceAddress => a !== null);
  }

  close(): void {
    this.sock.close();
  }
}

/** What every monitor reports of its socket. */
interface MonitorEvents {
  lost: [Error];
  /** A message that does not parse: dropped. */
  malformed: [Error];
  error: [Error];
}

/** A NETLINK_ROUTE socket joined to `groups`; each subclass turns messages into its events. */
abstract class RouteMonitor<E extends MonitorEvents & Record<keyof E, unknown[]>> extends EventEmitter<E> {
  private readonly sock: NetlinkSocket;

  protected constructor(groups: readonly number[]) {
    super();
    this.sock = NetlinkSocket.open(NETLINK_ROUTE);
    for (const g of groups) this.sock.join(g);
    this.sock.on('message', (m) => this.onMessage(m));
    // The three events every E has; EventEmitter<E> cannot see that from inside the generic.
    const self = this as EventEmitter<MonitorEvents>;
    this.sock.on('lost', (e) => self.emit('lost', e));
    this.sock.on('malformed', (e) => self.emit('malformed', e));
    this.sock.on('error', (e) => self.emit('error', e));
  }

  protected abstract onMessage(m: NetlinkMessage): void;

  unref(): this {
    this.sock.unref();
    return this;
  }

  close(): void {
    this.sock.close();
  }
}

export interface AddressMonitorEvents extends MonitorEvents {
  added: [InterfaceAddress];
  removed: [InterfaceAddress];
}

/** Addresses appearing and going in this namespace, as they happen. */
export class AddressMonitor extends RouteMonitor<AddressMonitorEvents> {
  constructor() {
    super([RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR]);
  }

  protected onMessage(m: NetlinkMessage): void {
    let a: InterfaceAddress | null;
    try {
      a = parseAddress(m);
    } catch (err) {
      this.emit('malformed', err as Error);
      return;
    }
    if (!a) return;
    if (m.type === RTM_NEWADDR) this.emit('added', a);
    else if (m.type === RTM_DELADDR) this.emit('removed', a);
  }
}

export interface LinkMonitorEvents extends MonitorEvents {
  /** RTM_NEWLINK: a link appeared or changed (its flags: up, carrier). */
  link: [Link];
  /** RTM_DELLINK: a link went away. */
  removed: [Link];
}

/** Links changing in this namespace (up, down, carrier), as it happens. */
export class LinkMonitor extends RouteMonitor<LinkMonitorEvents> {
  constructor() {
    super([RTNLGRP_LINK]);
  }

  protected onMessage(m: NetlinkMessage): void {
    if (m.type !== RTM_NEWLINK && m.type !== RTM_DELLINK) return;
    let l: Link;
    try {
      l = parseLink(m);
    } catch (err) {
      this.emit('malformed', err as Error);
      return;
    }
    this.emit(m.type === RTM_NEWLINK ? 'link' : 'removed', l);
  }
}
