// The one socket option this package sets without being asked, and why.
//
// Congestion control. When the namespace's default is BBR, a connection that
// is Multipath TCP end to end is switched to cubic, once connected (client) or
// accepted (server). Measured on Linux 6.18 (README, "Performance"): under BBR,
// MPTCP subflows use 80-90 % of tbf-shaped links where cubic fills them, and on
// fast paths MPTCP stalls for 200 ms at a time (bench/bbr-repro.py). Cubic is
// loss-based: it fills the bottleneck's queue that BBR keeps short.
//
// Left alone: plain TCP connections (multipath: false, fallbacks, plain
// clients of an MPTCP server) keep the system default; so does any socket whose
// socketOptions choose TCP_CONGESTION. If the kernel refuses cubic (EPERM: not
// in net.ipv4.tcp_allowed_congestion_control and no CAP_NET_ADMIN; ENOENT: not
// built), the connection keeps BBR and this process stops trying.
import fs from 'node:fs';
import { hasErrno } from '../errors';
import type { NativeBinding } from '../native/binding';
import { setsockoptFd, type SocketOptions } from './sockopt';

/** The system default this package replaces on MPTCP connections, and with what. */
export const REPLACED_CONGESTION_CONTROL = 'bbr';
export const MULTIPATH_CONGESTION_CONTROL = 'cubic';

/** What to set on MPTCP connections in this process: 'cubic', or null; settled on first use. */
let congestionControl: string | null | undefined;

/** net.ipv4.tcp_congestion_control of this process's network namespace, or null (not Linux). */
export function systemCongestionControl(): string | null {
  try {
    return fs.readFileSync('/proc/sys/net/ipv4/tcp_congestion_control', 'utf8').trim();
  } catch {
    return null;
  }
}

/** The congestion control this package sets on MPTCP connections here, or null for none. */
export function multipathCongestionControl(): string | null {
  if (congestionControl === undefined) {
    congestionControl = systemCongestionControl() === REPLACED_CONGESTION_CONTROL ? MULTIPATH_CONGESTION_CONTROL : null;
  }
  return congestionControl;
}

/** Whether a connection made with these socketOptions gets the defaults: true unless they choose a congestion control. */
export function wantsDefaults(socketOptions: SocketOptions | undefined): boolean {
  return !(socketOptions && socketOptions.TCP_CONGESTION !== undefined) && multipathCongestionControl() !== null;
}

/** Applies the defaults to the fd of a connection that is MPTCP end to end (see wantsDefaults). */
export function applyMultipathDefaults(b: NativeBinding, fd: number): void {
  const cc = multipathCongestionControl();
  if (cc === null) return;
  try {
    setsockoptFd(b, fd, 'TCP_CONGESTION', cc);
  } catch (err) {
    // Not allowed or not built: it will not be next time either.
    if (hasErrno(err, 'EPERM', 'ENOENT')) congestionControl = null;
  }
}
