// `mptcp`: everything node:net exports, with Socket, Server, connect,
// createConnection and createServer speaking Multipath TCP, plus the
// functions that tell what a connection really is.
import net from 'node:net';
import { fallbackReason, isMultipath } from './status';
import { info, subflows } from './info';
import { connect, createConnection, Socket } from './socket';
import { createServer, Server } from './server';
import { constants, getsockopt, setsockopt, socketOptionNames } from './sockopt';
import { support } from './support';
import * as pm from './pm/index';
import { watch } from './pm/watch';
import { setSubflowBackup } from './pm/steer';

export { Socket, Socket as Stream, connect, createConnection } from './socket';
export type {
  IpcNetConnectOpts,
  IpcSocketConnectOpts,
  MultipathOptions,
  NetConnectOpts,
  SocketConnectOpts,
  SocketConstructorOpts,
  TcpNetConnectOpts,
  TcpSocketConnectOpts,
} from './socket';
export { Server, createServer } from './server';
export type { ListenOptions, ServerOpts } from './server';
export { isMultipath, fallbackReason } from './status';
export { info, subflows } from './info';
export type { Subflow } from './info';
export { constants, getsockopt, setsockopt, socketOptionNames } from './sockopt';
export type { Constants, Linger, RawType, SocketOptionInput, SocketOptionName, SocketOptions, SocketOptionValues } from './sockopt';
export { support } from './support';
export { pm };
export { watch, SubflowWatcher } from './pm/watch';
export { setSubflowBackup as setBackup, pathManagerMode } from './pm/steer';
export type { Support, SupportOptions } from './support';
export type { FallbackReason, MultipathMode } from './state';
export type { MptcpInfo, TcpInfo } from './structs';
export type { AddressInfo } from './sockaddr';
export type { MptcpUnavailableError, SystemError, UnavailableReason } from './errors';

// The rest of node:net, unchanged.
export const isIP = net.isIP;
export const isIPv4 = net.isIPv4;
export const isIPv6 = net.isIPv6;
export const BlockList = net.BlockList;
export const SocketAddress = net.SocketAddress;
export const getDefaultAutoSelectFamily = net.getDefaultAutoSelectFamily;
export const setDefaultAutoSelectFamily = net.setDefaultAutoSelectFamily;
export const getDefaultAutoSelectFamilyAttemptTimeout = net.getDefaultAutoSelectFamilyAttemptTimeout;
export const setDefaultAutoSelectFamilyAttemptTimeout = net.setDefaultAutoSelectFamilyAttemptTimeout;

type Internal = (...args: unknown[]) => unknown;
const internals = net as unknown as Record<string, Internal | undefined>;
/** node:net's internal helpers, passed through for code that reaches for them. @internal */
export const _createServerHandle = internals['_createServerHandle'];
/** @internal */
export const _normalizeArgs = internals['_normalizeArgs'];
/** @internal */
export const _setSimultaneousAccepts = internals['_setSimultaneousAccepts'];

const mptcp = {
  ...net,
  Socket,
  Stream: Socket,
  Server,
  connect,
  createConnection,
  createServer,
  isIP,
  isIPv4,
  isIPv6,
  BlockList,
  SocketAddress,
  getDefaultAutoSelectFamily,
  setDefaultAutoSelectFamily,
  getDefaultAutoSelectFamilyAttemptTimeout,
  setDefaultAutoSelectFamilyAttemptTimeout,
  support,
  isMultipath,
  fallbackReason,
  info,
  subflows,
  getsockopt,
  setsockopt,
  socketOptionNames,
  constants,
  pm,
  watch,
  setBackup: setSubflowBackup,
};

export default mptcp;
