// `mptcp`: everything node:net exports, with Socket, Server, connect,
// createConnection and createServer speaking Multipath TCP, plus the
// functions that tell what a connection really is.
import net from 'node:net';
import { fallbackReason, isMultipath } from './net/status';
import { info, subflows } from './net/info';
import { connect, createConnection, Socket } from './net/socket';
import { createServer, Server } from './net/server';
import { constants, getsockopt, setsockopt, socketOptionNames } from './net/sockopt';
import { support } from './net/support';
import * as pm from './pm/index';
import { watch } from './pm/watch';
import { setSubflowBackup } from './pm/steer';

export { Socket, Socket as Stream, connect, createConnection } from './net/socket';
export type {
  IpcNetConnectOpts,
  IpcSocketConnectOpts,
  MultipathOptions,
  NetConnectOpts,
  SocketConnectOpts,
  SocketConstructorOpts,
  TcpNetConnectOpts,
  TcpSocketConnectOpts,
} from './net/socket';
export { Server, createServer } from './net/server';
export type { ListenOptions, ServerOpts } from './net/server';
export { isMultipath, fallbackReason } from './net/status';
export { info, subflows } from './net/info';
export type { Subflow } from './net/info';
export { constants, getsockopt, setsockopt, socketOptionNames } from './net/sockopt';
export type { Constants, Linger, RawType, SocketOptionInput, SocketOptionName, SocketOptions, SocketOptionValues } from './net/sockopt';
export { support } from './net/support';
export { pm };
export { watch, SubflowWatcher } from './pm/watch';
export { setSubflowBackup as setBackup, pathManagerMode } from './pm/steer';
export type { Support, SupportOptions } from './net/support';
export type { FallbackReason, MultipathMode } from './net/state';
export type { MptcpInfo, TcpInfo } from './kernel/structs';
export type { AddressInfo } from './kernel/sockaddr';
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
