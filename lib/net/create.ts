// Makes the fd for one connection attempt or listener: MPTCP when allowed
// and possible, else plain TCP when we must own the fd anyway (socket
// options, SO_REUSEPORT), else none, and node:net makes its own.
import { IPPROTO_MPTCP, IPPROTO_TCP } from '../kernel/constants';
import { mptcpUnavailable, type SystemError } from '../errors';
import { native, nativeState } from '../native/binding';
import { applySocketOptions, type SocketOptions } from './sockopt';
import { isPermanent, isResourceErrno, reasonForErrno, support } from './support';
import type { FallbackReason, MultipathMode } from './state';

export interface FdRequest {
  family: 4 | 6;
  mode: MultipathMode;
  socketOptions?: SocketOptions | undefined;
  /** Make a plain TCP fd when MPTCP is not possible, instead of leaving it to node:net. */
  needFd?: boolean;
}

export type FdResult =
  | { fd: number; multipath: boolean; reason: FallbackReason | null; error?: undefined }
  | { fd: null; multipath: false; reason: FallbackReason; error?: undefined }
  | { fd: null; multipath: false; reason: FallbackReason | null; error: Error };

function open(family: 4 | 6, protocol: number): number {
  const b = native()!;
  const c = b.constants;
  return b.socket(family === 6 ? c.AF_INET6! : c.AF_INET!, c.SOCK_STREAM! | c.SOCK_NONBLOCK! | c.SOCK_CLOEXEC!, protocol);
}

function withOptions(fd: number, multipath: boolean, reason: FallbackReason | null, req: FdRequest): FdResult {
  try {
    applySocketOptions(native()!, fd, req.socketOptions);
  } catch (error) {
    native()!.close(fd);
    return { fd: null, multipath: false, reason, error: error as Error };
  }
  return { fd, multipath, reason };
}

/** A plain TCP fd, made only when node:net's own would not do (socket options, SO_REUSEPORT). */
export function createPlainFd(req: FdRequest, reason: FallbackReason): FdResult {
  if (!(req.needFd || req.socketOptions)) return { fd: null, multipath: false, reason };
  const state = nativeState();
  if (!state.binding) {
    // Socket options need the addon: say so rather than drop them.
    return { fd: null, multipath: false, reason, error: mptcpUnavailable(state.reason ?? 'addon', state.error ?? undefined) };
  }
  let fd: number;
  try {
    fd = open(req.family, IPPROTO_TCP);
  } catch (error) {
    return { fd: null, multipath: false, reason, error: error as Error };
  }
  return withOptions(fd, false, reason, req);
}

/** Creates the fd for one socket, or explains why it is left to node:net. */
export function createFd(req: FdRequest): FdResult {
  if (req.mode === false) return createPlainFd(req, 'option-off');
  const sup = support();
  if (!sup.supported && sup.reason && isPermanent(sup.reason)) {
    if (req.mode === 'require') {
      return { fd: null, multipath: false, reason: sup.reason, error: mptcpUnavailable(sup.reason, sup.error) };
    }
    return createPlainFd(req, sup.reason);
  }
  let fd: number;
  try {
    fd = open(req.family, IPPROTO_MPTCP);
  } catch (error) {
    const errno = -(error as SystemError).errno;
    // Out of fds or memory: TCP would fail the same way, so report it as is.
    if (isResourceErrno(errno)) return { fd: null, multipath: false, reason: null, error: error as Error };
    // Sorted like the probe: net.mptcp.enabled may have changed since.
    const reason = reasonForErrno(errno);
    if (req.mode === 'require') {
      return { fd: null, multipath: false, reason, error: mptcpUnavailable(reason, error as Error) };
    }
    return createPlainFd(req, reason);
  }
  return withOptions(fd, true, null, req);
}

/** Closes an fd this package made and never handed to node:net. */
export function closeFd(fd: number): void {
  try {
    native()?.close(fd);
  } catch {
    // already gone
  }
}
