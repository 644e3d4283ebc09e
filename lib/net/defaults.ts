// The one socket option this package sets without being asked, and why.
//
// Congestion control. When the namespace's default is BBR, every MPTCP fd this
// package makes (client, listener) gets cubic before it connects or listens,
// and a connection that turns out plain TCP (a plain peer, a fallback, a
// plain client of an MPTCP listener) is given BBR back once it is up. Measured
// on Linux 6.18 (README, "Performance"): under BBR, MPTCP leaves 10-20 % of a
// tbf-shaped path unused where cubic fills it, and on fast paths MPTCP stalls
// for 200 ms at a time (bench/bbr-repro.py). It must be before connect():
// BBR's init turns on the kernel's internal pacing (sk_pacing_status), which a
// later switch to cubic leaves on, and paced cubic stalls nearly as often.
// Cubic is loss-based: it fills the bottleneck's queue that BBR keeps short.
//
// Left alone: sockets whose socketOptions choose TCP_CONGESTION (or a listener
// given one with setsockopt), sockets made plain on purpose (multipath: false),
// and processes the kernel would not let choose cubic: it must be in
// net.ipv4.tcp_allowed_congestion_control, or the process needs CAP_NET_ADMIN.
// The kernel checks that on a connected socket, but not on an MPTCP socket
// before connect() (no subflow to check it on yet), so the package checks it
// itself rather than slip past an administrator's restriction. If cubic is not
// built (ENOENT), the socket keeps BBR and this process stops trying.
import fs from 'node:fs';
import { hasErrno } from '../errors';
import { IPPROTO_TCP, TCP_CONGESTION } from '../kernel/constants';
import type { NativeBinding } from '../native/binding';
import { getsockoptFd, type SocketOptions } from './sockopt';

/** The system default this package replaces on MPTCP connections, and with what. */
export const REPLACED_CONGESTION_CONTROL = 'bbr';
export const MULTIPATH_CONGESTION_CONTROL = 'cubic';

/** What to set on MPTCP connections in this process: 'cubic', or null; settled on first use. */
let congestionControl: string | null | undefined;
/** The names as setsockopt takes them, encoded once. */
let ccName: Buffer | undefined;
let systemName: Buffer | undefined;

/** net.ipv4.tcp_congestion_control of this process's network namespace, or null (not Linux). */
export function systemCongestionControl(): string | null {
  try {
    return fs.readFileSync('/proc/sys/net/ipv4/tcp_congestion_control', 'utf8').trim();
  } catch {
    return null;
  }
}

/** Whether this process holds CAP_NET_ADMIN (CapEff bit 12 in /proc/self/status). */
export function hasNetAdmin(): boolean {
  try {
    const eff = /^CapEff:\s*([0-9a-f]+)$/m.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1];
    return eff !== undefined && ((BigInt(`0x${eff}`) >> 12n) & 1n) === 1n;
  } catch {
    return false;
  }
}

/** Whether the kernel lets this process choose `cc` (tcp_allowed_congestion_control, or CAP_NET_ADMIN). */
export function mayChoose(cc: string): boolean {
  let allowed: string[] = [];
  try {
    allowed = fs.readFileSync('/proc/sys/net/ipv4/tcp_allowed_congestion_control', 'utf8').trim().split(/\s+/);
  } catch {
    // not Linux
  }
  return allowed.includes(cc) || hasNetAdmin();
}

/** The congestion control this package sets on MPTCP sockets here, or null for none. */
export function multipathCongestionControl(): string | null {
  if (congestionControl === undefined) {
    const replace = systemCongestionControl() === REPLACED_CONGESTION_CONTROL && mayChoose(MULTIPATH_CONGESTION_CONTROL);
    congestionControl = replace ? MULTIPATH_CONGESTION_CONTROL : null;
  }
  return congestionControl;
}

/** Whether a socket made with these socketOptions gets the defaults: unless they choose a congestion control. */
export function wantsDefaults(socketOptions: SocketOptions | undefined): boolean {
  return !(socketOptions && socketOptions.TCP_CONGESTION !== undefined) && multipathCongestionControl() !== null;
}

/** Applies the defaults to a new MPTCP fd, before it connects or listens (see wantsDefaults). */
export function applyMultipathDefaults(b: NativeBinding, fd: number): void {
  const cc = multipathCongestionControl();
  if (cc === null) return;
  try {
    // Straight to the addon with the name encoded once: this runs for every MPTCP socket.
    b.setsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, (ccName ??= Buffer.from(cc)), 'TCP_CONGESTION');
  } catch (err) {
    // Not built (or not allowed after all): it will not be next time either.
    if (hasErrno(err, 'EPERM', 'ENOENT')) congestionControl = null;
  }
}

/** Whether an fd runs the congestion control this package sets (a listener made with the defaults). */
export function runsMultipathDefaults(b: NativeBinding, fd: number): boolean {
  const cc = multipathCongestionControl();
  try {
    return cc !== null && getsockoptFd(b, fd, 'TCP_CONGESTION') === cc;
  } catch {
    return false;
  }
}

/**
 * Gives a plain TCP connection that inherited the package's congestion control
 * (from an MPTCP listener made with the defaults) the system's back: BBR then
 * starts as it would have, pacing included.
 */
export function giveBackSystemDefaults(b: NativeBinding, fd: number): void {
  try {
    b.setsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, (systemName ??= Buffer.from(REPLACED_CONGESTION_CONTROL)), 'TCP_CONGESTION');
  } catch {
    // closed already: nothing more to do
  }
}

/** The same for a connection that fell back, if it still runs the one this package set. */
export function restoreSystemDefaults(b: NativeBinding, fd: number): void {
  try {
    if (getsockoptFd(b, fd, 'TCP_CONGESTION') === MULTIPATH_CONGESTION_CONTROL) giveBackSystemDefaults(b, fd);
  } catch {
    // closed already: nothing more to do
  }
}
