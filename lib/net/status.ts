// Is a connection really Multipath TCP end to end, and if not, why not?
// Works on any node:net socket or server (mptcp.dev "fallback detection").
import net from 'node:net';
import { IPPROTO_MPTCP, MPTCP_INFO, SOL_MPTCP, SOL_TCP, TCP_IS_MPTCP } from '../kernel/constants';
import { invalidArgType, isUnsupported } from '../errors';
import { findFd, isSocketOrServer } from './fd';
import { kernelAtLeast } from '../kernel/version';
import { native, nativeState, type NativeBinding } from '../native/binding';
import { stateOf, type FallbackReason } from './state';
import { constants } from './sockopt';

/** What an fd is: a live MPTCP socket, an MPTCP socket that fell back, or plain TCP. */
export type FdKind = 'mptcp' | 'fallback' | 'tcp';

function readInt(b: NativeBinding, fd: number, level: number, name: number): number {
  return b.getsockoptInt(fd, level, name);
}

function protocolOf(b: NativeBinding, fd: number): number {
  try {
    return readInt(b, fd, constants.SOL_SOCKET, constants.SO_PROTOCOL);
  } catch {
    return -1;
  }
}

/** Classifies an fd: TCP_IS_MPTCP (6.10+), else MPTCP_INFO with optlen 0 (5.16+), else SO_PROTOCOL. */
export function fdKind(b: NativeBinding, fd: number): FdKind {
  try {
    if (readInt(b, fd, SOL_TCP, TCP_IS_MPTCP) === 1) return 'mptcp';
    return protocolOf(b, fd) === IPPROTO_MPTCP ? 'fallback' : 'tcp';
  } catch (err) {
    // < 6.10: EOPNOTSUPP on MPTCP sockets, ENOPROTOOPT on TCP ones.
    if (protocolOf(b, fd) !== IPPROTO_MPTCP) return 'tcp';
    if (!kernelAtLeast(5, 16)) return 'mptcp'; // SOL_MPTCP fails everywhere before 5.16: the best we can say
    try {
      b.getsockopt(fd, SOL_MPTCP, MPTCP_INFO, Buffer.alloc(0));
      return 'mptcp';
    } catch (e) {
      if (isUnsupported(e)) return 'fallback';
      throw err;
    }
  }
}

/** Whether the server that accepted `socket` listens on an MPTCP socket. */
function acceptedByMptcpListener(b: NativeBinding, socket: net.Socket): boolean {
  for (let s: unknown = socket, depth = 0; s && depth < 4; depth++) {
    const st = stateOf(s as object);
    if (st?.listenerMultipath !== undefined) return st.listenerMultipath;
    const server = (s as { server?: unknown }).server;
    if (server instanceof net.Server) {
      const fd = findFd(server);
      return fd !== null && protocolOf(b, fd) === IPPROTO_MPTCP;
    }
    s = (s as { _parent?: unknown })._parent;
  }
  return false;
}

function validateTarget(target: unknown): asserts target is net.Socket | net.Server {
  if (!isSocketOrServer(target)) throw invalidArgType('socket', 'an instance of net.Socket or net.Server', target);
}

/**
 * True only when the connection runs MPTCP end to end: false for plain TCP
 * sockets, for MPTCP sockets whose peer fell back, and while still connecting.
 * For a server: whether its listening socket is MPTCP.
 */
export function isMultipath(target: net.Socket | net.Server): boolean {
  validateTarget(target);
  const b = native();
  if (!b) return false;
  const fd = findFd(target);
  if (target instanceof net.Server) return fd !== null && protocolOf(b, fd) === IPPROTO_MPTCP;
  if (fd === null) return stateOf(target)?.lastMultipath ?? false;
  if (target.connecting) return false;
  return fdKind(b, fd) === 'mptcp';
}

/**
 * Why `target` is not Multipath TCP, or null when it is (or is still connecting).
 * See FallbackReason for the values.
 */
export function fallbackReason(target: net.Socket | net.Server): FallbackReason | null {
  validateTarget(target);
  const st = stateOf(target);
  if (st?.reason) return st.reason;
  const b = native();
  if (!b) return nativeState().reason ?? 'addon';
  const fd = findFd(target);
  if (target instanceof net.Server) {
    if (fd === null) return null;
    return protocolOf(b, fd) === IPPROTO_MPTCP ? null : 'not-mptcp-socket';
  }
  if (fd === null) return st?.lastReason ?? null;
  if (target.connecting) return null;
  switch (fdKind(b, fd)) {
    case 'mptcp':
      return null;
    case 'fallback':
      return 'peer';
    case 'tcp':
      return acceptedByMptcpListener(b, target) ? 'peer' : 'not-mptcp-socket';
  }
}

/**
 * Records the answers before the fd goes away, so they stay readable in
 * 'close'. One getsockopt on 6.10+ (TCP_IS_MPTCP) for a connection that is
 * MPTCP; the rest only when it is not.
 */
export function snapshot(socket: net.Socket): void {
  const st = stateOf(socket);
  const b = native();
  const fd = findFd(socket);
  if (!st || !b || fd === null || socket.connecting) return;
  try {
    const kind = fdKind(b, fd);
    st.lastMultipath = kind === 'mptcp';
    st.lastReason = kind === 'mptcp' ? null : fallbackReason(socket);
  } catch {
    // the fd is being torn down; keep what we had
  }
}
