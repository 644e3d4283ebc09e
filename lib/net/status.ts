// Is a connection really Multipath TCP end to end, and if not, why not?
// Works on any node:net socket or server (mptcp.dev "fallback detection").
// The fd's protocol never changes, so it is asked once per socket; whether an
// MPTCP socket still runs MPTCP is one getsockopt (TCP_IS_MPTCP, 6.10+).
import net from 'node:net';
import { IPPROTO_MPTCP, MPTCP_INFO, SOL_MPTCP, SOL_TCP, TCP_IS_MPTCP } from '../kernel/constants';
import { invalidArgType, isUnsupported } from '../errors';
import { kernelAtLeast } from '../kernel/version';
import { native, nativeState, type NativeBinding } from '../native/binding';
import { findFd, isSocketOrServer } from './fd';
import { ensureServerState, ensureSocketState, serverState, socketState, type FallbackReason, type SocketState } from './state';
import { constants } from './sockopt';

/** What an fd is: a live MPTCP socket, an MPTCP socket that fell back, or plain TCP. */
export type FdKind = 'mptcp' | 'fallback' | 'tcp';

const EMPTY = Buffer.alloc(0);

/** SO_PROTOCOL: IPPROTO_MPTCP or IPPROTO_TCP (-1 if the fd cannot say). */
export function protocolOf(b: NativeBinding, fd: number): number {
  try {
    return b.getsockoptInt(fd, constants.SOL_SOCKET, constants.SO_PROTOCOL);
  } catch {
    return -1;
  }
}

/** Whether TCP_IS_MPTCP exists; settled by the first MPTCP socket asked. */
let tcpIsMptcp: boolean | undefined;

/** Whether an fd whose protocol is IPPROTO_MPTCP still runs MPTCP (false: it fell back to TCP). */
export function stillMptcp(b: NativeBinding, fd: number): boolean {
  if (tcpIsMptcp !== false) {
    try {
      const v = b.getsockoptInt(fd, SOL_TCP, TCP_IS_MPTCP);
      tcpIsMptcp = true;
      return v === 1;
    } catch (err) {
      // Before 6.10 an MPTCP socket answers EOPNOTSUPP.
      if (tcpIsMptcp === true || !isUnsupported(err)) throw err;
      tcpIsMptcp = false;
    }
  }
  if (!kernelAtLeast(5, 16)) return true; // SOL_MPTCP fails on every socket before 5.16: the best we can say
  try {
    // MPTCP_INFO with no room: fine on MPTCP, EOPNOTSUPP/ENOPROTOOPT once fallen back.
    b.getsockopt(fd, SOL_MPTCP, MPTCP_INFO, EMPTY);
    return true;
  } catch (err) {
    if (isUnsupported(err)) return false;
    throw err;
  }
}

/** Classifies an fd; `protocol` when already known spares a syscall. */
export function fdKind(b: NativeBinding, fd: number, protocol = 0): FdKind {
  const p = protocol || protocolOf(b, fd);
  if (p !== IPPROTO_MPTCP) return 'tcp';
  return stillMptcp(b, fd) ? 'mptcp' : 'fallback';
}

/** An MPTCP socket whose connection was seen to fall back to TCP: that is for good (the kernel never returns to MPTCP). */
export function fellBack(st: SocketState): boolean {
  return st.protocol === IPPROTO_MPTCP && st.known === false;
}

/** Records that an MPTCP socket's connection fell back, as refresh() would. */
export function noteFallback(st: SocketState): void {
  st.known = false;
  st.lastReason = st.reason ?? 'peer';
}

/** Whether a server's listening socket is MPTCP, asked once per listen(). */
function listenerIsMptcp(b: NativeBinding, server: net.Server): boolean {
  const st = ensureServerState(server);
  if (st.listenerMultipath === undefined) {
    const fd = findFd(server);
    if (fd === null) return false;
    st.listenerMultipath = protocolOf(b, fd) === IPPROTO_MPTCP;
  }
  return st.listenerMultipath;
}

/**
 * The server whose listener accepted `socket` (a TLS socket's too): node sets
 * `_server` and `server` on accepted sockets; an http.Server fed sockets by
 * another server overwrites `server`, so `_server` comes first.
 */
function acceptingServer(socket: net.Socket): net.Server | undefined {
  for (let s: unknown = socket, depth = 0; s && depth < 4; depth++) {
    const { _server, server } = s as { _server?: unknown; server?: unknown };
    if (_server instanceof net.Server) return _server;
    if (server instanceof net.Server) return server;
    s = (s as { _parent?: unknown })._parent;
  }
  return undefined;
}

/** Why an accepted socket is plain: its listener's reason, or the client's ('peer'). */
function acceptedReason(b: NativeBinding, socket: net.Socket): FallbackReason {
  const server = acceptingServer(socket);
  if (!server) return 'not-mptcp-socket';
  const reason = serverState(server)?.reason;
  if (reason) return reason;
  return listenerIsMptcp(b, server) ? 'peer' : 'not-mptcp-socket';
}

function validateTarget(target: unknown): asserts target is net.Socket | net.Server {
  if (!isSocketOrServer(target)) throw invalidArgType('socket', 'an instance of net.Socket or net.Server', target);
}

/** Asks the kernel about an open socket and records the answer (and why not) in its state. */
function refresh(b: NativeBinding, socket: net.Socket, fd: number, st: SocketState): boolean {
  if (!st.protocol) st.protocol = protocolOf(b, fd);
  st.known = fdKind(b, fd, st.protocol) === 'mptcp';
  if (!st.known) st.lastReason = st.reason ?? (st.protocol === IPPROTO_MPTCP ? 'peer' : acceptedReason(b, socket));
  return st.known;
}

/**
 * True only when the connection runs MPTCP end to end: false for plain TCP
 * sockets, for MPTCP sockets whose peer fell back, and while still connecting.
 * For a server: whether its listening socket is MPTCP. After 'close' it
 * answers what was last known: a client socket this package connected knows
 * from its connect; any socket asked while open keeps that answer.
 */
export function isMultipath(target: net.Socket | net.Server): boolean {
  validateTarget(target);
  const b = native();
  if (!b) return false;
  if (target instanceof net.Server) return findFd(target) !== null && listenerIsMptcp(b, target);
  const fd = findFd(target);
  if (fd === null) return socketState(target)?.known ?? false;
  if (target.connecting) return false;
  const st = ensureSocketState(target);
  st.asked = true;
  return refresh(b, target, fd, st);
}

/**
 * Why `target` is not Multipath TCP, or null when it is (or is still connecting).
 * See FallbackReason for the values.
 */
export function fallbackReason(target: net.Socket | net.Server): FallbackReason | null {
  validateTarget(target);
  if (target instanceof net.Server) {
    const st = serverState(target);
    if (st?.reason) return st.reason;
    const b = native();
    if (!b) return nativeState().reason ?? 'addon';
    if (findFd(target) === null) return null;
    return listenerIsMptcp(b, target) ? null : 'not-mptcp-socket';
  }
  const st = socketState(target);
  if (st?.reason) return st.reason;
  const b = native();
  if (!b) return nativeState().reason ?? 'addon';
  const fd = findFd(target);
  // Closed: what was known while it was open.
  if (fd === null) return st?.known === false ? st.lastReason : null;
  if (target.connecting) return null;
  const state = st ?? ensureSocketState(target);
  state.asked = true;
  return refresh(b, target, fd, state) ? null : state.lastReason;
}

/** Refreshes the answer of a socket someone asked about, just before its fd closes. */
export function keepAnswer(socket: net.Socket): void {
  const st = socketState(socket);
  if (!st?.asked || socket.connecting) return;
  const b = native();
  const fd = findFd(socket);
  if (!b || fd === null) return;
  try {
    refresh(b, socket, fd, st);
  } catch {
    // the fd is being torn down; keep what we had
  }
}
