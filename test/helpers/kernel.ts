// What the running kernel answers where that depends on its version, for
// tests that `npm run test:kernel` also runs on older kernels (6.1, 6.12).
// Each fact names the upstream release that changed it; stable kernels may
// have some earlier through backports, so this is checked on the kernels
// the suite runs on (their .txt lists in test/kernel/), not on every one.
import os from 'node:os';
import { expect } from 'vitest';
import { kernelAtLeast } from '../../dist/kernel/version.js';

export { kernelAtLeast };

/** The release that added a struct mptcp_info field or an MPTcpExt counter, for those newer than 6.1. */
const since: Record<string, readonly [number, number]> = {
  // struct mptcp_info grew from 48 to 80 bytes in 6.5, 88 in 6.8, 96 in 6.10
  retransmits: [6, 5],
  bytesRetrans: [6, 5],
  bytesSent: [6, 5],
  bytesReceived: [6, 5],
  bytesAcked: [6, 5],
  subflowsTotal: [6, 8],
  // MPTcpExt counters (the ones a test names)
  MPTcpExtAddAddrTx: [6, 5],
  MPTcpExtEchoAddTx: [6, 5],
  MPTcpExtRmAddrTx: [6, 5],
  MPTcpExtMPJoinSynTx: [6, 12],
  MPTcpExtMPJoinRejected: [6, 16],
};

/**
 * expect(actual).toMatchObject(expected), except that what the running kernel
 * does not have yet (see `since`) must be absent instead of equal.
 */
export function expectMatchOnThisKernel(actual: object | null | undefined, expected: Record<string, unknown>): void {
  const present: Record<string, unknown> = {};
  const absent: string[] = [];
  for (const [key, value] of Object.entries(expected)) {
    const v = since[key];
    if (!v || kernelAtLeast(v[0], v[1])) present[key] = value;
    else absent.push(key);
  }
  expect(actual).toMatchObject(present);
  for (const key of absent) expect(actual, `${key} is newer than this kernel`).not.toHaveProperty(key);
}

/**
 * What getsockopt(SOL_TCP, TCP_IS_MPTCP) gives: 1/0 since 6.10; before, an error:
 * EOPNOTSUPP (node calls it ENOTSUP) on MPTCP, ENOPROTOOPT on TCP and fallen-back sockets.
 */
export function tcpIsMptcp(multipath: boolean): number | string {
  if (kernelAtLeast(6, 10)) return multipath ? 1 : 0;
  return multipath ? 'ENOTSUP' : 'ENOPROTOOPT';
}

/** The sysctl that selects the userspace path manager: net.mptcp.path_manager since 6.15, pm_type before. */
export const userspacePathManager: Record<string, string | number> = kernelAtLeast(6, 15)
  ? { 'net.mptcp.path_manager': 'userspace' }
  : { 'net.mptcp.pm_type': 1 };

/** The kernel's extack for a limit above 8: it names the maximum since 6.15. */
export const limitTooHigh = kernelAtLeast(6, 15) ? 'limit greater than maximum (8)' : 'limit greater than maximum';

/**
 * A userspace-PM connection's addresses (GET_ADDR with a token) since 6.9.
 * Before, the kernel ignores the token and would list the in-kernel
 * endpoints: pm.endpoints({ token }) refuses with this error instead.
 */
export const tokenAddressLists = kernelAtLeast(6, 9);
export const tokenIgnored = {
  code: 'ENOTSUP',
  errno: -95,
  syscall: 'netlink',
  command: 'GET_ADDR',
  extack: undefined,
  message:
    "mptcp_pm GET_ADDR ENOTSUP: a connection's addresses (options.token) need Linux 6.9 or later: " +
    `this kernel (${os.release()}) ignores the token and lists its in-kernel endpoints instead`,
};

/**
 * The userspace PM's SUBFLOW_CREATE applies the local address's flags (backup)
 * and ifindex: 6.1 drops both (seen under test:kernel); 6.12 applies them.
 */
export const subflowCreateKeepsFlags = kernelAtLeast(6, 12);

/** net.ipv4.tcp_rto_min_us exists since 6.11; before, the floor is TCP_RTO_MIN (200 ms), changed only per route. */
export const hasRtoMinSysctl = kernelAtLeast(6, 11);

/** LISTENER_CREATED/CLOSED path-manager events exist since 6.2. */
export const hasListenerEvents = kernelAtLeast(6, 2);

// Seen on 6.1 one way and on 6.12 the other; the release in between that
// changed it is not pinned down here, so 6.12 stands for it.

/** ADD_ADDR refused: a taken address, a ninth endpoint. 6.1 says EINVAL to both, with one message. */
export const endpointRefused = kernelAtLeast(6, 12)
  ? {
      duplicate: { code: 'EEXIST', errno: -17 },
      tooMany: { code: 'ERANGE', errno: -34, extack: 'too many addresses or duplicate one: -34' },
    }
  : {
      duplicate: { code: 'EINVAL', errno: -22 },
      tooMany: { code: 'EINVAL', errno: -22, extack: 'too many addresses or duplicate one' },
    };

/** The userspace PM's SUBFLOW_CREATE binds the subflow to the local address's device (ifindex) on 6.12, not on 6.1. */
export const subflowCreateBindsDevice = kernelAtLeast(6, 12);
