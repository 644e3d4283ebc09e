// `mptcp/pm` (also `import { pm } from 'mptcp'`): the kernel's MPTCP path
// manager from Node — limits, endpoints, events, the userspace PM's
// per-connection commands, and strategies that drive it.
import './attach';
import { defaultPathManager, type Endpoint, type EndpointInput, type Limits, type SubflowAddress } from './commands';

export { defaultPathManager, PathManager, PathManagerError } from './commands';
export type { Endpoint, EndpointInput, Limits, SubflowAddress } from './commands';
export { events, PmEvents, decodeEvent } from './events';
export type {
  AnnouncedEvent,
  ClosedEvent,
  ConnectionEvent,
  EventsOptions,
  ListenerEvent,
  LostNotice,
  PmEvent,
  PmEventMap,
  RemovedEvent,
  SubflowEvent,
} from './events';
export { ADDR_FLAGS, EVENTS, COMMANDS } from './spec';
export { manager, Manager } from './manager';
export type {
  ManagedConnection,
  ManagedSubflow,
  ManagerAction,
  ManagerEvents,
  ManagerFailure,
  ManagerOptions,
  RemoteAddress,
  Strategy,
  StrategyContext,
} from './manager';
export * as strategies from './strategies';
export type { BackupOptions, FullmeshOptions } from './strategies';
export { pathManagerMode } from './steer';
export type { FailoverEvent, FailoverOption, FailoverOptions, PathsOption, PathsPolicy, RecoveredEvent, SubflowRef } from './failover';
export type { StallSignal } from './health';
export { watch, SubflowWatcher } from './watch';
export type { InterfaceAddress } from '../netlink/rtnetlink';
export type { CommandName, EndpointFlag, EventType } from './spec';


/** The in-kernel PM's limits: extra subflows and accepted ADD_ADDRs per connection. */
export const getLimits = (): Promise<Limits> => defaultPathManager().getLimits();
export const setLimits = (limits: Partial<Limits>): Promise<void> => defaultPathManager().setLimits(limits);
/** The in-kernel PM's endpoints; with `token`, a userspace-PM connection's local addresses (Linux 6.9+; before, ENOTSUP). */
export const endpoints = (options?: { token?: number }): Promise<Endpoint[]> => defaultPathManager().endpoints(options);
export const endpoint = (id: number, options?: { token?: number }): Promise<Endpoint> => defaultPathManager().endpoint(id, options);
export const addEndpoint = (input: EndpointInput): Promise<Endpoint> => defaultPathManager().addEndpoint(input);
export const deleteEndpoint = (idOrAddress: number | string): Promise<void> => defaultPathManager().deleteEndpoint(idOrAddress);
export const flushEndpoints = (): Promise<void> => defaultPathManager().flushEndpoints();
export const setEndpointFlags = (idOrAddress: number | string, flags: { backup?: boolean; fullmesh?: boolean }): Promise<void> =>
  defaultPathManager().setEndpointFlags(idOrAddress, flags);
/** Userspace PM: announce a local address on connection `token`. */
export const announce = (token: number, local: SubflowAddress): Promise<void> => defaultPathManager().announce(token, local);
/** Userspace PM: withdraw the address announced with `id`. */
export const remove = (token: number, id: number): Promise<void> => defaultPathManager().remove(token, id);
/** Userspace PM: open a subflow from `local` (address, id) to `remote` (address, port). */
export const subflowCreate = (token: number, local: SubflowAddress, remote: SubflowAddress, options?: { backup?: boolean }): Promise<void> =>
  defaultPathManager().subflowCreate(token, local, remote, options);
/** Userspace PM: close the subflow between `local` and `remote`. */
export const subflowDestroy = (token: number, local: SubflowAddress, remote: SubflowAddress): Promise<void> =>
  defaultPathManager().subflowDestroy(token, local, remote);
/** Userspace PM: mark a subflow backup (or not), sending MP_PRIO. */
export const setSubflowBackup = (token: number, local: SubflowAddress, remote: SubflowAddress, backup: boolean): Promise<void> =>
  defaultPathManager().setSubflowBackup(token, local, remote, backup);
