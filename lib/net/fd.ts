// The OS file descriptor under a node:net object: a net.Socket, a socket
// accepted by any server (http's too), the socket under a TLS socket, or a
// net.Server's listener. Node exposes it as `handle.fd` on Unix.
import net from 'node:net';
import { invalidArgType, noFd, socketClosed } from '../errors';

interface HandleLike {
  fd?: unknown;
  _parent?: HandleLike | null;
}

interface SocketLike {
  _handle?: HandleLike | null;
  _parent?: SocketLike | null;
  destroyed?: boolean;
}

function handleFd(handle: HandleLike | null | undefined): number | null {
  // A TLSWrap forwards `fd` to the stream it wraps; older ones keep it in _parent.
  for (let h = handle, depth = 0; h && depth < 4; h = h._parent, depth++) {
    if (typeof h.fd === 'number' && h.fd >= 0) return h.fd;
  }
  return null;
}

/** The fd under `target`, or null when it has none (not connected, destroyed, a JS stream). */
export function findFd(target: net.Socket | net.Server): number | null {
  for (let s = target as SocketLike | null | undefined, depth = 0; s && depth < 4; s = s._parent, depth++) {
    const fd = handleFd(s._handle);
    if (fd !== null) return fd;
  }
  return null;
}

export function isSocketOrServer(value: unknown): value is net.Socket | net.Server {
  return value instanceof net.Socket || value instanceof net.Server;
}

/** Validates `target` and returns its fd, or throws the error node:net would give. */
export function requireFd(target: unknown, name = 'socket'): number {
  if (!isSocketOrServer(target)) {
    throw invalidArgType(name, 'an instance of net.Socket or net.Server', target);
  }
  const fd = findFd(target);
  if (fd !== null) return fd;
  if (target instanceof net.Socket && target.destroyed) throw socketClosed();
  if (target instanceof net.Server && !target.listening) throw socketClosed();
  throw noFd();
}
