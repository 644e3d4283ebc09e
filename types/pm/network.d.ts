import { EventEmitter } from 'node:events';
import { type InterfaceAddress, type Link } from '../netlink/rtnetlink';
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
export declare function linkUsable(link: Link | undefined): boolean;
export declare class NetworkView extends EventEmitter<NetworkViewEvents> {
    readonly links: Map<number, Link>;
    readonly addresses: Map<string, InterfaceAddress>;
    /** Resolves once the first dump is in (rejects if rtnetlink cannot be read). */
    readonly ready: Promise<void>;
    /** The first dump is in: links and addresses are known. */
    loaded: boolean;
    private linkMonitor;
    private addressMonitor;
    private closed;
    /**
     * Links and addresses an event told about while a dump was in flight: the
     * event is at least as new as the dump's entry (the dump may have been
     * taken before the change), so the dump must not overwrite it.
     */
    private touched;
    constructor();
    /** 'error' only for listeners: a view that cannot read rtnetlink must not crash the process. */
    private fail;
    private start;
    private resync;
    private onLink;
    /** The link that holds `address`, if it is a local address. */
    linkOf(address: string): Link | undefined;
    /**
     * Addresses a subflow could start from: global scope, not tentative, on a
     * usable link that is not loopback; of one family if given.
     */
    usableAddresses(family?: 'IPv4' | 'IPv6'): InterfaceAddress[];
    /** Whether `address` is one of usableAddresses(). */
    isUsable(address: string): boolean;
    private usable;
}
/** The process's view, started on first use; give it back with releaseNetwork(). */
export declare function acquireNetwork(): NetworkView;
export declare function releaseNetwork(): void;
