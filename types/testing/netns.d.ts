import { Agent, type AgentModules, type SpawnOptions, type UntypedModule } from './agent-client';
export interface ExecResult {
    stdout: string;
    stderr: string;
}
/** Runs a command; rejects with its stderr in the message. */
export declare function sh(cmd: string, args: readonly string[], timeoutMs?: number): Promise<ExecResult>;
export interface Availability {
    ok: boolean;
    /** What is missing, when not ok. */
    reason?: string;
}
/** Whether this process can make network namespaces (root and iproute2), probed once. */
export declare function netnsAvailability(): Availability;
export interface NamespaceOptions {
    /** Name prefix; a random suffix keeps parallel runs apart. */
    prefix?: string;
    /** net.mptcp.enabled in the namespace (default 1). */
    mptcpEnabled?: boolean;
}
export interface EndpointOptions {
    id?: number;
    port?: number;
    dev?: string;
    flags?: readonly ('signal' | 'subflow' | 'backup' | 'fullmesh')[];
}
export interface ShapeOptions {
    /** Rate in Mbit/s. */
    rateMbit: number;
    burst?: string;
    latency?: string;
}
/** One network namespace. */
export declare class Netns {
    readonly name: string;
    private readonly agents;
    /** Devices set up for blackhole(): their ifb. */
    private readonly blackholes;
    private deleted;
    private constructor();
    /** Creates a namespace with loopback up, rp_filter off and MPTCP enabled (or not). */
    static create(options?: NamespaceOptions): Promise<Netns>;
    /** `ip -n NAME …`. */
    ip(...args: string[]): Promise<string>;
    /** `ip netns exec NAME cmd …`. */
    exec(cmd: string, ...args: string[]): Promise<ExecResult>;
    /** Sets sysctls inside the namespace (net.* sysctls are per namespace). */
    sysctl(values: Record<string, string | number>): Promise<void>;
    readSysctl(key: string): Promise<string>;
    /** `ip mptcp limits set subflows N add_addr_accepted M`. */
    mptcpLimits(limits: {
        subflows?: number;
        addAddrAccepted?: number;
    }): Promise<void>;
    /** `ip mptcp endpoint add ADDRESS [id N] [port P] [dev D] FLAGS…`. */
    mptcpEndpoint(address: string, options?: EndpointOptions): Promise<void>;
    /** Token-bucket shaping on a device (netem is not always built; tbf is). */
    shape(dev: string, shape: ShapeOptions): Promise<void>;
    /**
     * Drops every packet arriving on `dev` (on = true), as a path that
     * blackholed somewhere further along would, until called with false. The
     * sender's stack sees nothing: no error, no local drop. Without netem or a
     * drop action: a clsact ingress filter redirects to an ifb device whose tbf
     * passes no packet (burst 1 byte). The first call for a device sets that
     * up; later ones only add or remove the filter (one `tc` each), so a
     * `blackhole(dev, false)` ahead of time makes the moment of the fault exact.
     */
    blackhole(dev: string, on?: boolean): Promise<void>;
    /** The MPTcpExt (and TcpExt) counters of this namespace, from /proc/net/netstat. */
    counters(): Promise<Record<string, number>>;
    /**
     * Files that processes started later in this namespace see in /etc
     * (`ip netns exec` bind-mounts /etc/netns/NAME/* over /etc/*), e.g.
     * `{ hosts: '192.0.2.1 srv.test\n' }`. Removed with the namespace.
     */
    etc(files: Record<string, string>): Promise<void>;
    /**
     * A Node process inside this namespace that runs the functions `modules`
     * export (see Agent): `ns.spawn<typeof import('./sink.mjs')>(new URL('./sink.mjs', import.meta.url))`.
     * It ends with the namespace.
     */
    spawn<M extends object = UntypedModule>(modules: AgentModules, options?: Omit<SpawnOptions, 'outer'>): Promise<Agent<M>>;
    /** Stops this namespace's agents and deletes it. Idempotent. */
    destroy(): Promise<void>;
    [Symbol.asyncDispose](): Promise<void>;
}
/** Parses /proc/net/netstat's header/value line pairs into "MPTcpExtMPJoinSynRx"-style keys (nstat's names). */
export declare function parseNetstat(text: string): Record<string, number>;
export interface LinkOptions {
    /** Addresses (with prefix length) for each end. */
    addresses?: [readonly string[], readonly string[]];
}
/** A veth pair between two namespaces, both ends up; IPv6 addresses without DAD. */
export declare function veth(a: Netns, aIf: string, b: Netns, bIf: string, options?: LinkOptions): Promise<void>;
export interface PathAddresses {
    /** The /24, e.g. '198.51.100'. */
    net4: string;
    server4: string;
    client4: string;
    server6: string;
    client6: string;
}
/** The addresses of path `i` (1-based) in the TEST-NET ranges: server ".1", client ".2". */
export declare function pathAddresses(i: number): PathAddresses;
export interface TwoHostOptions {
    /** Number of veth paths between client and server (1–3). */
    paths?: number;
    server?: NamespaceOptions;
    client?: NamespaceOptions;
}
/**
 * Two hosts joined by `paths` veth links: server `srvethI` with 192.0.2.1,
 * 198.51.100.1, 203.0.113.1 (and 2001:db8:I::1), client `clethI` with .2.
 * The client has a default route per path (metric 100+I), so a subflow bound
 * to clethI reaches any server address over path I, as in mptcp_join.sh, and
 * a rule per path address (table 100+I), so one from that address does too.
 */
export declare class TwoHosts {
    readonly server: Netns;
    readonly client: Netns;
    readonly paths: number;
    constructor(server: Netns, client: Netns, paths: number);
    static create(options?: TwoHostOptions): Promise<TwoHosts>;
    /**
     * Puts back the client's IPv4 default routes of path `i` (main table,
     * metric 100+I, and table 100+I), as create() made them. The kernel drops
     * them with the path's address or its link: call this when a test brings
     * either back, as a host's network manager would. (IPv6 addresses go with
     * the link, keep_addr_on_down being 0, so there is no IPv6 route to put back.)
     */
    restoreRoutes(i: number): Promise<void>;
    /**
     * Path `i` drops everything, both ways (on = true), or carries traffic
     * again (false): each end drops what arrives on it (see Netns.blackhole).
     */
    blackhole(i: number, on?: boolean): Promise<void>;
    destroy(): Promise<void>;
    [Symbol.asyncDispose](): Promise<void>;
}
/** True if `cmd` is on PATH. */
export declare function hasCommand(cmd: string): boolean;
/** Deletes namespaces left by crashed runs of this harness: `prefix…-PID-…` whose PID is gone. */
export declare function deleteStale(prefix?: string): string[];
