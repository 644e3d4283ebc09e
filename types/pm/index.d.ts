import './attach';
import { type Endpoint, type EndpointInput, type Limits, type SubflowAddress } from './commands';
export { defaultPathManager, PathManager, PathManagerError } from './commands';
export type { Endpoint, EndpointInput, Limits, SubflowAddress } from './commands';
export { events, PmEvents, decodeEvent } from './events';
export type { AnnouncedEvent, ClosedEvent, ConnectionEvent, EventsOptions, ListenerEvent, LostNotice, PmEvent, PmEventMap, RemovedEvent, SubflowEvent, } from './events';
export { ADDR_FLAGS, EVENTS, COMMANDS } from './spec';
export { manager, Manager } from './manager';
export type { ManagedConnection, ManagedSubflow, ManagerAction, ManagerEvents, ManagerFailure, ManagerOptions, RemoteAddress, Strategy, StrategyContext, } from './manager';
export * as strategies from './strategies';
export type { BackupOptions, FullmeshOptions } from './strategies';
export { pathManagerMode } from './steer';
export type { FailoverEvent, FailoverOption, FailoverOptions, PathsOption, PathsPolicy, RecoveredEvent, SubflowRef } from './failover';
export type { StallSignal } from './health';
export { watch, SubflowWatcher } from './watch';
export type { InterfaceAddress } from '../netlink/rtnetlink';
export type { CommandName, EndpointFlag, EventType } from './spec';
/** The in-kernel PM's limits: extra subflows and accepted ADD_ADDRs per connection. */
export declare const getLimits: () => Promise<Limits>;
export declare const setLimits: (limits: Partial<Limits>) => Promise<void>;
/** The in-kernel PM's endpoints; with `token`, a userspace-PM connection's local addresses (Linux 6.9+; before, ENOTSUP). */
export declare const endpoints: (options?: {
    token?: number;
}) => Promise<Endpoint[]>;
export declare const endpoint: (id: number, options?: {
    token?: number;
}) => Promise<Endpoint>;
export declare const addEndpoint: (input: EndpointInput) => Promise<Endpoint>;
export declare const deleteEndpoint: (idOrAddress: number | string) => Promise<void>;
export declare const flushEndpoints: () => Promise<void>;
export declare const setEndpointFlags: (idOrAddress: number | string, flags: {
    backup?: boolean;
    fullmesh?: boolean;
}) => Promise<void>;
/** Userspace PM: announce a local address on connection `token`. */
export declare const announce: (token: number, local: SubflowAddress) => Promise<void>;
/** Userspace PM: withdraw the address announced with `id`. */
export declare const remove: (token: number, id: number) => Promise<void>;
/** Userspace PM: open a subflow from `local` (address, id) to `remote` (address, port). */
export declare const subflowCreate: (token: number, local: SubflowAddress, remote: SubflowAddress, options?: {
    backup?: boolean;
}) => Promise<void>;
/** Userspace PM: close the subflow between `local` and `remote`. */
export declare const subflowDestroy: (token: number, local: SubflowAddress, remote: SubflowAddress) => Promise<void>;
/** Userspace PM: mark a subflow backup (or not), sending MP_PRIO. */
export declare const setSubflowBackup: (token: number, local: SubflowAddress, remote: SubflowAddress, backup: boolean) => Promise<void>;
