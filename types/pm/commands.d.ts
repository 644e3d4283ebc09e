import { type SystemError } from '../errors';
import { type NetlinkError } from '../netlink/socket';
import { type CommandName, type EndpointFlag } from './spec';
/** A failed path-manager request, with the kernel's errno and explanation. */
export declare class PathManagerError extends Error implements SystemError {
    code: string;
    errno: number;
    syscall: string;
    /** The mptcp_pm command, e.g. 'ADD_ADDR'. */
    command: CommandName | 'GETFAMILY';
    /** The kernel's extended-ack message, when it sent one. */
    extack?: string;
    constructor(cause: NetlinkError | SystemError, command: CommandName | 'GETFAMILY', hint?: string);
}
/** An in-kernel PM endpoint, as `ip mptcp endpoint show` lists it. */
export interface Endpoint {
    id: number;
    address: string;
    family: 'IPv4' | 'IPv6';
    /** Set for a `signal` endpoint with its own port. */
    port?: number;
    flags: EndpointFlag[];
    /** Flag bits this package has no name for (newer kernels). */
    rawFlags?: number;
    ifindex?: number;
}
export interface Limits {
    /** Extra subflows per connection (0–8). */
    subflows: number;
    /** ADD_ADDRs accepted per connection (0–8). */
    addAddrAccepted: number;
}
export interface EndpointInput {
    address: string;
    /** 1–255; omitted: the kernel picks the next free id. */
    id?: number;
    port?: number;
    /** Interface name, resolved to its index in this namespace. */
    dev?: string;
    ifindex?: number;
    flags?: readonly EndpointFlag[];
}
/** A local or remote address of a connection's subflow (userspace PM). */
export interface SubflowAddress {
    address: string;
    port?: number;
    /** Local address id (1–255), for a local address. */
    id?: number;
    dev?: string;
    ifindex?: number;
}
/**
 * A client of the kernel's path manager over generic netlink, in the
 * network namespace this process is in. One netlink socket, opened on
 * first use; it does not keep the process alive.
 */
export declare class PathManager {
    private sock;
    private family;
    private route;
    private tokenCounts;
    private familyId;
    /** Sends one command; resolves with the attributes of each reply message. */
    private command;
    private ifindexOf;
    getLimits(): Promise<Limits>;
    /** Sets either or both limits; the kernel refuses values above 8 (EINVAL). */
    setLimits(limits: Partial<Limits>): Promise<void>;
    /**
     * Rejects unless the kernel answers GET_ADDR per connection. Linux 6.9 added
     * that (the userspace PM's address lists); before, GET_ADDR ignores the
     * token and answers with the in-kernel endpoints. Older kernels may have it
     * backported, so they are asked once: a dump for a token no connection has
     * is refused (EINVAL, "invalid token") where the token counts, and answered
     * with the in-kernel endpoints where it is ignored.
     */
    private checkTokenCounts;
    /**
     * All endpoints; with `token`, the local addresses of that userspace-PM
     * connection (Linux 6.9 or later: before, an ENOTSUP PathManagerError).
     */
    endpoints(options?: {
        token?: number;
    }): Promise<Endpoint[]>;
    /** One endpoint by id (ENOENT if there is none); with `token`, as endpoints() (Linux 6.9 or later). */
    endpoint(id: number, options?: {
        token?: number;
    }): Promise<Endpoint>;
    /** Adds an endpoint and resolves with it as the kernel stored it (its id assigned). */
    addEndpoint(input: EndpointInput): Promise<Endpoint>;
    /** The id of an endpoint given by id or address; ENOENT, for `command`, when no endpoint has the address. */
    private resolveId;
    /** Deletes an endpoint by id or by address. */
    deleteEndpoint(idOrAddress: number | string): Promise<void>;
    flushEndpoints(): Promise<void>;
    /** Changes an endpoint's backup and/or fullmesh flags; the ones not given stay as they are. */
    setEndpointFlags(idOrAddress: number | string, flags: {
        backup?: boolean;
        fullmesh?: boolean;
    }): Promise<void>;
    private address;
    /** ADD_ADDR on a connection: announce a local address (id 1–255) to the peer. */
    announce(token: number, local: SubflowAddress): Promise<void>;
    /** RM_ADDR on a connection: withdraw the address announced with `id`. */
    remove(token: number, id: number): Promise<void>;
    /** Opens a subflow from `local` (address and id) to `remote` (address and port). */
    subflowCreate(token: number, local: SubflowAddress, remote: SubflowAddress, options?: {
        backup?: boolean;
    }): Promise<void>;
    /** Closes the subflow between `local` and `remote` (addresses and ports). */
    subflowDestroy(token: number, local: SubflowAddress, remote: SubflowAddress): Promise<void>;
    /** Userspace PM: marks a connection's subflow as backup (or not): MP_PRIO to the peer. */
    setSubflowBackup(token: number, local: SubflowAddress, remote: SubflowAddress, backup: boolean): Promise<void>;
    /** Releases the netlink sockets (they are reopened on the next call). */
    close(): void;
}
/** The PathManager the module-level functions use (this process's network namespace). */
export declare function defaultPathManager(): PathManager;
