// `mptcp`: everything node:net exports, with Socket, Server, connect,
// createConnection and createServer speaking Multipath TCP, plus the
// functions that tell what a connection really is. Whatever else the
// running Node's net exports (BoundSocket on 24+, _setSimultaneousAccepts
// before 24, …) is passed through as it is, and only when it exists.
import net from 'node:net';
import { fallbackReason, isMultipath } from './net/status';
import { info, subflows } from './net/info';
import { connect, createConnection, setBackupOf, Socket } from './net/socket';
import { createServer, listen, Server, withMultipath } from './net/server';
import { Agent, HttpsAgent } from './http/agent';
import { connector as undiciConnector, useForFetch } from './http/undici';
import { constants, getsockopt, setsockopt, socketOptionNames } from './net/sockopt';
import { fallbackCache } from './net/peers';
import { support } from './net/support';
import * as pm from './pm/index';
import { watch } from './pm/watch';

export { Socket, Socket as Stream, connect, createConnection } from './net/socket';
export type {
  IpcNetConnectOpts,
  IpcSocketConnectOpts,
  MultipathOptions,
  NetConnectOpts,
  SocketConnectOpts,
  SocketConstructor,
  SocketConstructorOpts,
  TcpNetConnectOpts,
  TcpSocketConnectOpts,
} from './net/socket';
export { Server, createServer, listen, withMultipath } from './net/server';
export { Agent, HttpsAgent } from './http/agent';
export type { AgentOptions, HttpsAgentOptions } from './http/agent';
export { connector as undiciConnector, useForFetch } from './http/undici';
export type { Connector, ConnectorOptions, ConnectorRequest } from './http/undici';
export type { ListenHandle, ListenOptions, ServerConstructor, ServerEventMap, ServerOpts } from './net/server';
export type { SocketEventMap, SocketExtension } from './net/extension';
export { extendSockets } from './net/extension';
export { isMultipath, fallbackReason } from './net/status';
export { info, subflows } from './net/info';
export type { Subflow } from './net/info';
export { constants, getsockopt, setsockopt, socketOptionNames } from './net/sockopt';
export type { Constants, Linger, RawType, SocketOptionInput, SocketOptionName, SocketOptions, SocketOptionValues } from './net/sockopt';
export { fallbackCache } from './net/peers';
export type { FallbackCache } from './net/peers';
export { support } from './net/support';
export type { Support, SupportOptions } from './net/support';
export type { FallbackReason, MultipathMode } from './net/state';
export type { MptcpInfo, TcpInfo } from './kernel/structs';
export type { AddressInfo } from './kernel/sockaddr';
export type { MptcpUnavailableError, SystemError, UnavailableReason } from './errors';
export { pm };
export type { AnnouncedEvent, PmEvent, RemovedEvent, SubflowEvent } from './pm/events';
export { watch, SubflowWatcher } from './pm/watch';
export { pathManagerMode } from './pm/steer';

/** mptcp.setBackup(socket, address, backup): socket.setBackup() for any socket (see the README). */
export const setBackup = setBackupOf;

// node:net's own exports, unchanged (isIP, BlockList, SocketAddress, the
// autoSelectFamily defaults, …). The ESM entry star-exports node:net for the same.
export const isIP = net.isIP;
export const isIPv4 = net.isIPv4;
export const isIPv6 = net.isIPv6;
export const BlockList = net.BlockList;
export const SocketAddress = net.SocketAddress;
export const getDefaultAutoSelectFamily = net.getDefaultAutoSelectFamily;
export const setDefaultAutoSelectFamily = net.setDefaultAutoSelectFamily;
export const getDefaultAutoSelectFamilyAttemptTimeout = net.getDefaultAutoSelectFamilyAttemptTimeout;
export const setDefaultAutoSelectFamilyAttemptTimeout = net.setDefaultAutoSelectFamilyAttemptTimeout;

const ours = {
  Socket,
  Stream: Socket,
  Server,
  connect,
  createConnection,
  createServer,
  listen,
  withMultipath,
  Agent,
  HttpsAgent,
  undiciConnector,
  useForFetch,
  support,
  isMultipath,
  fallbackReason,
  info,
  subflows,
  getsockopt,
  setsockopt,
  socketOptionNames,
  constants,
  fallbackCache,
  pm,
  watch,
  setBackup,
};

// What node:net has and this package does not replace, as named CommonJS exports too.
for (const [key, value] of Object.entries(net)) {
  if (!(key in ours) && !Object.prototype.hasOwnProperty.call(exports, key)) {
    Object.defineProperty(exports, key, { value, enumerable: true });
  }
}

/** The default export: node:net's exports with this package's in their place. */
const mptcp: Omit<typeof net, keyof typeof ours> & typeof ours = { ...net, ...ours };

export default mptcp;
