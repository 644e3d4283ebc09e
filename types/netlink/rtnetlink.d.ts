import { EventEmitter } from 'node:events';
import { NetlinkSocket, type NetlinkMessage } from './socket';
export declare const RTM_NEWLINK = 16;
export declare const RTM_DELLINK = 17;
export declare const RTM_GETLINK = 18;
export declare const RTM_NEWADDR = 20;
export declare const RTM_DELADDR = 21;
export declare const RTM_GETADDR = 22;
export declare const RTNLGRP_LINK = 1;
export declare const RTNLGRP_IPV4_IFADDR = 5;
export declare const RTNLGRP_IPV6_IFADDR = 9;
/** IFF_* link flags: administratively up, and the carrier ("lower layer") present. */
export declare const IFF_UP = 1;
export declare const IFF_LOOPBACK = 8;
export declare const IFF_LOWER_UP = 65536;
export declare const IFA_F_SECONDARY = 1;
export declare const IFA_F_NODAD = 2;
export declare const IFA_F_DADFAILED = 8;
export declare const IFA_F_DEPRECATED = 32;
export declare const IFA_F_TENTATIVE = 64;
/** RT_SCOPE_*: universe (global) 0, site 200, link 253, host 254. */
export declare const RT_SCOPE_LINK = 253;
export declare const RT_SCOPE_HOST = 254;
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
export declare function parseLink(m: NetlinkMessage): Link;
export declare function parseAddress(m: NetlinkMessage): InterfaceAddress | null;
/** rtnetlink requests on a socket of their own. */
export declare class RouteSocket {
    readonly sock: NetlinkSocket;
    private constructor();
    static open(): RouteSocket;
    links(): Promise<Link[]>;
    /** The interface named `name` in this namespace; rejects with ENODEV if there is none. */
    link(name: string): Promise<Link>;
    addresses(): Promise<InterfaceAddress[]>;
    close(): void;
}
/** What every monitor reports of its socket. */
interface MonitorEvents {
    lost: [Error];
    /** A message that does not parse: dropped. */
    malformed: [Error];
    error: [Error];
}
/** A NETLINK_ROUTE socket joined to `groups`; each subclass turns messages into its events. */
declare abstract class RouteMonitor<E extends MonitorEvents & Record<keyof E, unknown[]>> extends EventEmitter<E> {
    private readonly sock;
    protected constructor(groups: readonly number[]);
    protected abstract onMessage(m: NetlinkMessage): void;
    unref(): this;
    close(): void;
}
export interface AddressMonitorEvents extends MonitorEvents {
    added: [InterfaceAddress];
    removed: [InterfaceAddress];
}
/** Addresses appearing and going in this namespace, as they happen. */
export declare class AddressMonitor extends RouteMonitor<AddressMonitorEvents> {
    constructor();
    protected onMessage(m: NetlinkMessage): void;
}
export interface LinkMonitorEvents extends MonitorEvents {
    /** RTM_NEWLINK: a link appeared or changed (its flags: up, carrier). */
    link: [Link];
    /** RTM_DELLINK: a link went away. */
    removed: [Link];
}
/** Links changing in this namespace (up, down, carrier), as it happens. */
export declare class LinkMonitor extends RouteMonitor<LinkMonitorEvents> {
    constructor();
    protected onMessage(m: NetlinkMessage): void;
}
export {};
