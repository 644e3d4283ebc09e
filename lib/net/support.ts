// Can this process make MPTCP sockets? One probe, cached, with the errno
// sorted into a reason (Go's initMPTCPavailable, with the reason kept).
import os from 'node:os';
import { IPPROTO_MPTCP } from '../kernel/constants';
import { errnoName, invalidArgType, type SystemError, type UnavailableReason } from '../errors';
import { kernelVersion } from '../kernel/version';
import { nativeState } from '../native/binding';

export interface Support {
  /** True when socket(…, IPPROTO_MPTCP) works here now. */
  readonly supported: boolean;
  /** Why not: 'platform' (not Linux), 'addon' (native module not loaded), 'kernel' (too old or built
   *  without MPTCP), 'disabled' (net.mptcp.enabled=0), 'blocked' (a security policy refused it). */
  readonly reason: UnavailableReason | null;
  /** errno of the failed probe, positive as the kernel reports it (e.g. 92 for ENOPROTOOPT). */
  readonly errno?: number;
  /** Its name, e.g. 'ENOPROTOOPT'. */
  readonly code?: string;
  /** os.release(), e.g. '6.18.44'. */
  readonly kernel: string;
  /** The addon's load error when reason is 'addon'. */
  readonly error?: Error;
}

export interface SupportOptions {
  /** Probe again instead of answering from the cache (net.mptcp.enabled may have changed). */
  refresh?: boolean;
}

let cached: Support | undefined;

/** Out of fds or memory: says nothing about MPTCP, and TCP would fail the same way. */
export function isResourceErrno(errno: number): boolean {
  const e = os.constants.errno;
  return errno === e.EMFILE || errno === e.ENFILE || errno === e.ENOBUFS || errno === e.ENOMEM;
}

/** Sorts the errno of a failed socket(…, IPPROTO_MPTCP) into a reason. */
export function reasonForErrno(errno: number): UnavailableReason {
  const e = os.constants.errno;
  // < 5.6: EINVAL, an unknown protocol number; >= 5.6 without CONFIG_MPTCP: EPROTONOSUPPORT.
  if (errno === e.EINVAL || errno === e.EPROTONOSUPPORT) return 'kernel';
  // net.mptcp.enabled=0 in this network namespace.
  if (errno === e.ENOPROTOOPT) return 'disabled';
  // EACCES/EPERM from SELinux, seccomp or an eBPF hook.
  return 'blocked';
}

function probe(): Support {
  const kernel = kernelVersion().release;
  const state = nativeState();
  if (!state.binding) {
    return state.error
      ? { supported: false, reason: state.reason ?? 'addon', kernel, error: state.error }
      : { supported: false, reason: state.reason ?? 'addon', kernel };
  }
  const b = state.binding;
  const c = b.constants;
  let lastErrno = 0;
  for (const family of [c.AF_INET!, c.AF_INET6!]) {
    try {
      const fd = b.socket(family, c.SOCK_STREAM! | c.SOCK_CLOEXEC!, IPPROTO_MPTCP);
      b.close(fd);
      return { supported: true, reason: null, kernel };
    } catch (err) {
      lastErrno = -(err as SystemError).errno;
      // A host without IPv4 (or IPv6) says EAFNOSUPPORT: try the other family.
      if (lastErrno !== os.constants.errno.EAFNOSUPPORT) break;
    }
  }
  return { supported: false, reason: reasonForErrno(lastErrno), errno: lastErrno, code: errnoName(lastErrno), kernel };
}

/**
 * Whether MPTCP sockets can be made, probed once and cached.
 * `support({ refresh: true })` probes again.
 */
export function support(options?: SupportOptions): Support {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw invalidArgType('options', 'of type object', options);
  }
  if (options?.refresh !== undefined && typeof options.refresh !== 'boolean') {
    throw invalidArgType('options.refresh', 'of type boolean', options.refresh);
  }
  if (cached && options?.refresh !== true) return cached;
  const result = probe();
  // A probe that ran out of fds or memory proves nothing: answer, but ask again next time.
  cached = result.errno !== undefined && isResourceErrno(result.errno) ? undefined : result;
  return result;
}

/** True when a failure reason will not change while this process runs. */
export function isPermanent(reason: UnavailableReason): boolean {
  return reason === 'platform' || reason === 'addon' || reason === 'kernel';
}

