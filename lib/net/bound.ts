// net.BoundSocket (Node 24.22+, 26): a TCP handle bound synchronously to a
// local address, neither listening nor connecting until a Server adopts it
// (server.listen(bound)) or a Socket does (new net.Socket({ handle: bound }))
// and connects; it can be transferred to a worker thread before that. node:net
// makes it with protocol 0, so it is plain TCP. When an mptcp.Server or
// mptcp.Socket adopts one, the socket under its fd is replaced by an MPTCP
// socket bound to the same address (dup3 over the same fd number, so node's
// handle keeps working), with the same SO_REUSEADDR, SO_REUSEPORT and
// IPV6_V6ONLY. A BoundSocket adopted by node:net's own classes stays plain.
import net from 'node:net';
import { IPPROTO_MPTCP } from '../kernel/constants';
import { encodeSockaddr, scopeId } from '../kernel/sockaddr';
import { native } from '../native/binding';
import { closeFd, createFd, createPlainFd } from './create';
import { protocolOf } from './status';
import { constants, setsockoptFd } from './sockopt';
import type { MultipathMode, SocketState, FallbackReason } from './state';
import type { SocketOptions } from './sockopt';

interface BoundSocketLike {
  readonly isPipe: boolean;
  fd(): number;
  address(): { address: string; family: string; port: number } | string;
}

const BoundSocket = (net as unknown as { BoundSocket?: new (...args: unknown[]) => BoundSocketLike }).BoundSocket;

/** A net.BoundSocket (Node 24.22+); always false where node:net has none. */
export function isBoundSocket(value: unknown): value is BoundSocketLike {
  return BoundSocket !== undefined && value instanceof BoundSocket;
}

/**
 * Makes the socket under a BoundSocket MPTCP (per `mode`), before a server or
 * socket of this package adopts it. Returns why it stays plain, null when it
 * is MPTCP, undefined when `value` is not a (usable, TCP) BoundSocket: then
 * node:net adopts it, or rejects it in its own words.
 */
export function makeBoundMultipath(
  value: unknown,
  mode: MultipathMode,
  socketOptions: SocketOptions | undefined,
): FallbackReason | null | undefined {
  if (!isBoundSocket(value) || value.isPipe) return undefined;
  const b = native();
  let fd: number;
  let addr: ReturnType<BoundSocketLike['address']>;
  try {
    fd = value.fd();
    addr = value.address();
  } catch {
    return undefined; // adopted or closed already: node:net says so
  }
  if (!b || typeof addr === 'string' || fd < 0) return undefined;
  if (protocolOf(b, fd) === IPPROTO_MPTCP) return null;
  const family = addr.family === 'IPv6' ? 6 : 4;
  const made = mode === false ? createPlainFd({ family, mode, socketOptions }, 'option-off') : createFd({ family, mode, socketOptions });
  if (made.error) throw made.error;
  if (made.fd === null) return made.reason; // stays node's plain socket
  const replacement = made.fd;
  try {
    setsockoptFd(b, replacement, 'SO_REUSEADDR', 1);
    setsockoptFd(b, replacement, 'SO_REUSEPORT', b.getsockoptInt(fd, constants.SOL_SOCKET, constants.SO_REUSEPORT));
    if (family === 6) setsockoptFd(b, replacement, 'IPV6_V6ONLY', b.getsockoptInt(fd, constants.IPPROTO_IPV6, constants.IPV6_V6ONLY));
    // Both are SO_REUSEADDR and neither listens, so both may hold the address until the swap.
    b.bind(replacement, encodeSockaddr(addr.address, addr.port, scopeId(addr.address)));
    b.dup3(replacement, fd, b.constants.O_CLOEXEC!);
  } finally {
    closeFd(replacement);
  }
  return made.reason;
}

/** For `new mptcp.Socket({ handle: bound })`: the socket's fd becomes MPTCP before node adopts it. */
export function adoptBoundSocket(handle: unknown, st: SocketState): void {
  const reason = makeBoundMultipath(handle, st.mode, st.socketOptions);
  if (reason !== undefined) st.reason = reason;
}
