// Connection and subflow information: struct mptcp_info, and one entry per
// subflow with its addresses and tcp_info. MPTCP_FULL_INFO (6.5+) reads all
// of it in one call; older kernels (5.16+) need MPTCP_SUBFLOW_ADDRS and
// MPTCP_TCPINFO, two calls that can race with a subflow coming or going.
import net from 'node:net';
import {
  IPPROTO_MPTCP,
  MPTCP_INFO,
  MPTCP_SUBFLOW_ADDRS,
  MPTCP_TCPINFO,
  SOL_MPTCP,
  SOL_TCP,
  TCP_ESTABLISHED,
  TCP_INFO,
  TCP_SYN_RECV,
  TCP_SYN_SENT,
} from '../kernel/constants';
import { invalidArgType, isUnsupported, mptcpUnavailable } from '../errors';
import { requireFd } from './fd';
import { kernelAtLeast } from '../kernel/version';
import { readU32, writeU32 } from '../kernel/bytes';
import { decodeMptcpInfo, decodeTcpInfo } from '../kernel/decoders';
import { native, nativeState, type NativeBinding } from '../native/binding';
import { decodeSockaddr, SOCKADDR_STORAGE_SIZE, type AddressInfo } from '../kernel/sockaddr';
import { extensionFor } from './extension';
import { fellBack, noteFallback, protocolOf } from './status';
import { ensureSocketState } from './state';
import {
  FULL_INFO,
  MPTCP_INFO_BUFFER,
  SUBFLOW_ADDRS,
  SUBFLOW_DATA,
  SUBFLOW_INFO,
  TCP_INFO_BUFFER,
  type MptcpInfo,
  type TcpInfo,
} from '../kernel/structs';

/** One path of a connection. A plain TCP connection has exactly one. */
export interface Subflow {
  /** Subflow id: 1 for the initial subflow, then 2, 3, … (MPTCP_FULL_INFO); the position before 6.5. */
  id: number;
  local: AddressInfo;
  remote: AddressInfo;
  /**
   * Whether the peer asked for this subflow to be a backup (the events' BACKUP
   * attribute): known when the socket is watched (mptcp.watch, or a 'subflow'
   * listener) and the subflow joined after the connection.
   */
  backup?: boolean;
  tcpInfo: TcpInfo;
}

function requireSocket(target: unknown): net.Socket {
  if (!(target instanceof net.Socket)) throw invalidArgType('socket', 'an instance of net.Socket', target);
  return target;
}

/**
 * struct mptcp_info of the connection (only the fields the running kernel
 * returned), or null when the socket is not MPTCP or has fallen back to TCP.
 */
let infoBuffer: Buffer | undefined;

export function info(socket: net.Socket): MptcpInfo | null {
  const fd = requireFd(requireSocket(socket));
  const b = native();
  if (!b) return null;
  // One buffer for every call: decode() copies the values out, and only the
  // length the kernel wrote is read, so nothing of an earlier call shows.
  const buf = (infoBuffer ??= Buffer.alloc(MPTCP_INFO_BUFFER));
  let len: number;
  try {
    len = b.getsockopt(fd, SOL_MPTCP, MPTCP_INFO, buf, 'MPTCP_INFO');
  } catch (err) {
    if (isUnsupported(err)) return null;
    throw err;
  }
  return decodeMptcpInfo(buf, len);
}

function addrOrEmpty(a: AddressInfo | null): AddressInfo {
  return a ?? { address: '', family: 'IPv4', port: 0 };
}

const MAX_TRIES = 4;

/**
 * MPTCP_FULL_INFO's buffers, kept from call to call (and grown for more
 * subflows): every value is copied out before the next call, and only what
 * the kernel wrote is read (`num_subflows` elements of the strides it settled
 * on; it writes whole elements).
 */
let fullCapacity = 0;
let fullSubflows = Buffer.alloc(0);
let fullTcpInfo = Buffer.alloc(0);
let fullHead: Buffer | undefined;

/** MPTCP_FULL_INFO: every subflow's id, addresses and tcp_info in one call; the live ones only. */
function fullInfo(b: NativeBinding, fd: number): Subflow[] {
  const head = (fullHead ??= Buffer.alloc(FULL_INFO.mptcpInfo + MPTCP_INFO_BUFFER));
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    if (fullCapacity === 0) growFullInfo(8);
    // The addon writes the request fields and the array pointers itself (and checks the lengths).
    b.getsockoptFullInfo(fd, head, fullSubflows, SUBFLOW_INFO.size, fullTcpInfo, TCP_INFO_BUFFER, fullCapacity);
    const total = readU32(head, FULL_INFO.numSubflows);
    if (total > fullCapacity) {
      growFullInfo(total);
      continue;
    }
    // The kernel writes the arrays with the strides it settled on (min of ours and its own sizes).
    const tiStride = readU32(head, FULL_INFO.sizeTcpinfoUser);
    const sfStride = readU32(head, FULL_INFO.sizeSfinfoUser);
    const out: Subflow[] = [];
    for (let i = 0; i < total; i++) {
      const tcpInfo = decodeTcpInfo(fullTcpInfo, tiStride, i * tiStride);
      if (!isLive(tcpInfo)) continue;
      const base = i * sfStride;
      out.push({
        id: readU32(fullSubflows, base + SUBFLOW_INFO.id),
        local: addrOrEmpty(decodeSockaddr(fullSubflows, base + SUBFLOW_INFO.addrs + SUBFLOW_ADDRS.local)),
        remote: addrOrEmpty(decodeSockaddr(fullSubflows, base + SUBFLOW_INFO.addrs + SUBFLOW_ADDRS.remote)),
        tcpInfo,
      });
    }
    return out;
  }
  throw new Error('MPTCP_FULL_INFO: the number of subflows kept changing');
}

function growFullInfo(capacity: number): void {
  fullCapacity = capacity;
  fullSubflows = Buffer.alloc(capacity * SUBFLOW_INFO.size);
  fullTcpInfo = Buffer.alloc(capacity * TCP_INFO_BUFFER);
}

/** MPTCP_TCPINFO or MPTCP_SUBFLOW_ADDRS: a mptcp_subflow_data header and an array. */
function subflowArray(b: NativeBinding, fd: number, name: number, elementSize: number): { stride: number; data: Buffer; count: number } {
  let capacity = 8;
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const buf = Buffer.alloc(SUBFLOW_DATA.size + capacity * elementSize);
    writeU32(buf, SUBFLOW_DATA.sizeSubflowData, SUBFLOW_DATA.size);
    writeU32(buf, SUBFLOW_DATA.sizeUser, elementSize);
    b.getsockopt(fd, SOL_MPTCP, name, buf, name === MPTCP_TCPINFO ? 'MPTCP_TCPINFO' : 'MPTCP_SUBFLOW_ADDRS');
    const total = readU32(buf, SUBFLOW_DATA.numSubflows);
    if (total > capacity) {
      capacity = total;
      continue;
    }
    const base = readU32(buf, SUBFLOW_DATA.sizeSubflowData);
    return { stride: readU32(buf, SUBFLOW_DATA.sizeUser), data: buf.subarray(base), count: total };
  }
  throw new Error('MPTCP subflow info: the number of subflows kept changing');
}

/** MPTCP_SUBFLOW_ADDRS and MPTCP_TCPINFO (5.16+); the live subflows only. */
function legacyInfo(b: NativeBinding, fd: number): Subflow[] {
  const addrs = subflowArray(b, fd, MPTCP_SUBFLOW_ADDRS, SUBFLOW_ADDRS.size);
  const tis = subflowArray(b, fd, MPTCP_TCPINFO, TCP_INFO_BUFFER);
  const count = Math.min(addrs.count, tis.count);
  const out: Subflow[] = [];
  for (let i = 0; i < count; i++) {
    const tcpInfo = decodeTcpInfo(tis.data, tis.stride, i * tis.stride);
    if (!isLive(tcpInfo)) continue;
    const a = i * addrs.stride;
    out.push({
      id: i + 1,
      local: addrOrEmpty(decodeSockaddr(addrs.data, a + SUBFLOW_ADDRS.local)),
      remote: addrOrEmpty(decodeSockaddr(addrs.data, a + SUBFLOW_ADDRS.remote)),
      tcpInfo,
    });
  }
  return out;
}

/** Buffers of tcpSubflow(), kept from call to call: the values are copied out, only what the kernel wrote is read. */
let tcpBuffers: { ti: Buffer; local: Buffer; remote: Buffer } | undefined;

function tcpSubflow(b: NativeBinding, fd: number): Subflow {
  const { ti, local, remote } = (tcpBuffers ??= {
    ti: Buffer.alloc(TCP_INFO_BUFFER),
    local: Buffer.alloc(SOCKADDR_STORAGE_SIZE),
    remote: Buffer.alloc(SOCKADDR_STORAGE_SIZE),
  });
  const len = b.getsockopt(fd, SOL_TCP, TCP_INFO, ti, 'TCP_INFO');
  b.getsockname(fd, local);
  let peer = true;
  try {
    b.getpeername(fd, remote);
  } catch {
    peer = false; // not connected (any more): the remote stays unset
  }
  return {
    id: 1,
    local: addrOrEmpty(decodeSockaddr(local)),
    remote: addrOrEmpty(peer ? decodeSockaddr(remote) : null),
    tcpInfo: decodeTcpInfo(ti, len),
  };
}

/**
 * The states in which the kernel counts a subflow in mptcpi_subflows_total
 * (__mptcp_has_initial_subflow). The kernel keeps the initial subflow on its
 * list until the connection ends, also once it is closing or closed; like
 * subflowsTotal, subflows() leaves those out.
 */
function isLive(ti: TcpInfo): boolean {
  const state = ti.state;
  return state === undefined || state === TCP_ESTABLISHED || state === TCP_SYN_SENT || state === TCP_SYN_RECV;
}

function withBackup(socket: net.Socket, list: Subflow[]): Subflow[] {
  // Backup flags are known from path-manager events (lib/pm, through the extension point).
  const backupOf = extensionFor('subflowBackup');
  if (!backupOf) return list;
  for (const f of list) {
    const b = backupOf(socket, f);
    if (b !== undefined) f.backup = b;
  }
  return list;
}

/** How this kernel lists subflows: MPTCP_FULL_INFO (6.5), the two older options (5.16), or not at all. */
let subflowApi: 'full' | 'legacy' | 'none' | undefined;

/**
 * The connection's live subflows: for MPTCP, one entry per subflow; for a plain
 * TCP (or fallen-back) connection, one entry from its own TCP_INFO.
 */
export function subflows(socket: net.Socket): Subflow[] {
  const fd = requireFd(requireSocket(socket));
  const state = nativeState();
  const b = state.binding;
  if (!b) throw mptcpUnavailable(state.reason ?? 'addon', state.error ?? undefined);
  subflowApi ??= kernelAtLeast(6, 5) ? 'full' : kernelAtLeast(5, 16) ? 'legacy' : 'none';
  // The fd's protocol never changes, and a connection that fell back to TCP
  // never returns to MPTCP: both are asked once per socket. Whether it has
  // fallen back meanwhile, the subflow options say themselves (they fail).
  const st = ensureSocketState(socket);
  if (!st.protocol) st.protocol = protocolOf(b, fd);
  if (st.protocol === IPPROTO_MPTCP && subflowApi !== 'none' && !fellBack(st)) {
    try {
      return withBackup(socket, subflowApi === 'full' ? fullInfo(b, fd) : legacyInfo(b, fd));
    } catch (err) {
      if (!isUnsupported(err)) throw err;
      // The socket fell back to TCP (before or between the calls): it answers as TCP below.
      noteFallback(st);
    }
  }
  return [tcpSubflow(b, fd)];
}
