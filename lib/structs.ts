// Layouts of the kernel structs read through getsockopt (include/uapi/linux/
// mptcp.h and tcp.h, x86_64/arm64 natural alignment). Field names are the
// kernel's without the prefix, in camelCase. Sizes by kernel version:
// mptcp_info 40 (5.9) / 48 (5.12) / 80 (6.5) / 88 (6.8) / 96 (6.10);
// tcp_info 232 (6.1) / 248 (6.7) / 280 (6.18).
import type { Layout } from './layout';

export const MPTCP_INFO_LAYOUT = {
  subflows: [0, 'u8'], // additional subflows, not counting the initial one
  addAddrSignal: [1, 'u8'],
  addAddrAccepted: [2, 'u8'],
  subflowsMax: [3, 'u8'],
  addAddrSignalMax: [4, 'u8'],
  addAddrAcceptedMax: [5, 'u8'],
  flags: [8, 'u32'],
  token: [12, 'u32'],
  writeSeq: [16, 'u64'],
  sndUna: [24, 'u64'],
  rcvNxt: [32, 'u64'],
  localAddrUsed: [40, 'u8'], // 5.12
  localAddrMax: [41, 'u8'],
  csumEnabled: [42, 'u8'], // 5.14
  retransmits: [44, 'u32'], // 6.5
  bytesRetrans: [48, 'u64'],
  bytesSent: [56, 'u64'],
  bytesReceived: [64, 'u64'],
  bytesAcked: [72, 'u64'],
  subflowsTotal: [80, 'u8'], // 6.8
  endpLaminarMax: [81, 'u8'], // 6.18
  endpFullmeshMax: [82, 'u8'], // 6.19
  lastDataSent: [84, 'u32'], // 6.10, ms ago
  lastDataRecv: [88, 'u32'],
  lastAckRecv: [92, 'u32'],
} as const satisfies Layout;

/** Bytes to offer the kernel for struct mptcp_info: room for growth. */
export const MPTCP_INFO_BUFFER = 256;

/** struct mptcp_info, as far as the running kernel fills it. */
export interface MptcpInfo {
  /** Additional subflows (the initial one not counted). Prefer `subflowsTotal`. */
  subflows?: number;
  addAddrSignal?: number;
  addAddrAccepted?: number;
  /** The in-kernel PM's limits; 0 under the userspace PM. */
  subflowsMax?: number;
  addAddrSignalMax?: number;
  addAddrAcceptedMax?: number;
  /** MPTCP_INFO_FLAG_* bits. */
  flags?: number;
  /** The local connection token, as in path-manager events. */
  token?: number;
  writeSeq?: bigint;
  sndUna?: bigint;
  rcvNxt?: bigint;
  localAddrUsed?: number;
  localAddrMax?: number;
  csumEnabled?: number;
  retransmits?: number;
  bytesRetrans?: bigint;
  bytesSent?: bigint;
  bytesReceived?: bigint;
  bytesAcked?: bigint;
  /** All subflows, the initial one included (6.8). */
  subflowsTotal?: number;
  endpLaminarMax?: number;
  endpFullmeshMax?: number;
  /** Milliseconds since the last data sent / received / ack received (6.10). */
  lastDataSent?: number;
  lastDataRecv?: number;
  lastAckRecv?: number;
}

export const TCP_INFO_LAYOUT = {
  state: [0, 'u8'],
  caState: [1, 'u8'],
  retransmits: [2, 'u8'],
  probes: [3, 'u8'],
  backoff: [4, 'u8'],
  options: [5, 'u8'],
  sndWscale: [6, 'u8', 0, 4],
  rcvWscale: [6, 'u8', 4, 4],
  deliveryRateAppLimited: [7, 'u8', 0, 1],
  fastopenClientFail: [7, 'u8', 1, 2],
  rto: [8, 'u32'],
  ato: [12, 'u32'],
  sndMss: [16, 'u32'],
  rcvMss: [20, 'u32'],
  unacked: [24, 'u32'],
  sacked: [28, 'u32'],
  lost: [32, 'u32'],
  retrans: [36, 'u32'],
  fackets: [40, 'u32'],
  lastDataSent: [44, 'u32'],
  lastAckSent: [48, 'u32'],
  lastDataRecv: [52, 'u32'],
  lastAckRecv: [56, 'u32'],
  pmtu: [60, 'u32'],
  rcvSsthresh: [64, 'u32'],
  rtt: [68, 'u32'],
  rttvar: [72, 'u32'],
  sndSsthresh: [76, 'u32'],
  sndCwnd: [80, 'u32'],
  advmss: [84, 'u32'],
  reordering: [88, 'u32'],
  rcvRtt: [92, 'u32'],
  rcvSpace: [96, 'u32'],
  totalRetrans: [100, 'u32'],
  pacingRate: [104, 'u64'],
  maxPacingRate: [112, 'u64'],
  bytesAcked: [120, 'u64'],
  bytesReceived: [128, 'u64'],
  segsOut: [136, 'u32'],
  segsIn: [140, 'u32'],
  notsentBytes: [144, 'u32'],
  minRtt: [148, 'u32'],
  dataSegsIn: [152, 'u32'],
  dataSegsOut: [156, 'u32'],
  deliveryRate: [160, 'u64'],
  busyTime: [168, 'u64'],
  rwndLimited: [176, 'u64'],
  sndbufLimited: [184, 'u64'],
  delivered: [192, 'u32'],
  deliveredCe: [196, 'u32'],
  bytesSent: [200, 'u64'],
  bytesRetrans: [208, 'u64'],
  dsackDups: [216, 'u32'],
  reordSeen: [220, 'u32'],
  rcvOoopack: [224, 'u32'],
  sndWnd: [228, 'u32'],
  rcvWnd: [232, 'u32'],
  rehash: [236, 'u32'],
  totalRto: [240, 'u16'],
  totalRtoRecoveries: [242, 'u16'],
  totalRtoTime: [244, 'u32'],
  receivedCe: [248, 'u32'],
  deliveredE1Bytes: [252, 'u32'],
  deliveredE0Bytes: [256, 'u32'],
  deliveredCeBytes: [260, 'u32'],
  receivedE1Bytes: [264, 'u32'],
  receivedE0Bytes: [268, 'u32'],
  receivedCeBytes: [272, 'u32'],
  accecnFailMode: [276, 'u16'],
  accecnOptSeen: [278, 'u16'],
} as const satisfies Layout;

/** Bytes to offer the kernel per struct tcp_info: room for growth. */
export const TCP_INFO_BUFFER = 512;

/** struct tcp_info, as far as the running kernel fills it. Times in µs unless noted. */
export interface TcpInfo {
  /** TCP_ESTABLISHED (1), … — see constants.TCP_*. */
  state?: number;
  caState?: number;
  retransmits?: number;
  probes?: number;
  backoff?: number;
  options?: number;
  sndWscale?: number;
  rcvWscale?: number;
  deliveryRateAppLimited?: number;
  fastopenClientFail?: number;
  rto?: number;
  ato?: number;
  sndMss?: number;
  rcvMss?: number;
  unacked?: number;
  sacked?: number;
  lost?: number;
  retrans?: number;
  fackets?: number;
  /** Milliseconds. */
  lastDataSent?: number;
  lastAckSent?: number;
  lastDataRecv?: number;
  lastAckRecv?: number;
  pmtu?: number;
  rcvSsthresh?: number;
  /** Smoothed round-trip time, µs. */
  rtt?: number;
  rttvar?: number;
  sndSsthresh?: number;
  /** Congestion window, in segments. */
  sndCwnd?: number;
  advmss?: number;
  reordering?: number;
  rcvRtt?: number;
  rcvSpace?: number;
  totalRetrans?: number;
  pacingRate?: bigint;
  maxPacingRate?: bigint;
  bytesAcked?: bigint;
  bytesReceived?: bigint;
  segsOut?: number;
  segsIn?: number;
  notsentBytes?: number;
  minRtt?: number;
  dataSegsIn?: number;
  dataSegsOut?: number;
  deliveryRate?: bigint;
  busyTime?: bigint;
  rwndLimited?: bigint;
  sndbufLimited?: bigint;
  delivered?: number;
  deliveredCe?: number;
  bytesSent?: bigint;
  bytesRetrans?: bigint;
  dsackDups?: number;
  reordSeen?: number;
  rcvOoopack?: number;
  sndWnd?: number;
  rcvWnd?: number;
  rehash?: number;
  totalRto?: number;
  totalRtoRecoveries?: number;
  totalRtoTime?: number;
  receivedCe?: number;
  deliveredE1Bytes?: number;
  deliveredE0Bytes?: number;
  deliveredCeBytes?: number;
  receivedE1Bytes?: number;
  receivedE0Bytes?: number;
  receivedCeBytes?: number;
  accecnFailMode?: number;
  accecnOptSeen?: number;
}

/** struct mptcp_subflow_data: the header of MPTCP_TCPINFO / MPTCP_SUBFLOW_ADDRS. */
export const SUBFLOW_DATA = {
  size: 16,
  sizeSubflowData: 0,
  numSubflows: 4,
  sizeKernel: 8,
  sizeUser: 12,
} as const;

/** struct mptcp_subflow_addrs: two sockaddr_storage, local then remote. */
export const SUBFLOW_ADDRS = { size: 256, local: 0, remote: 128 } as const;

/** struct mptcp_subflow_info: { u32 id; pad; mptcp_subflow_addrs addrs }. */
export const SUBFLOW_INFO = { size: 264, id: 0, addrs: 8 } as const;

/** struct mptcp_full_info: the header before its embedded mptcp_info. */
export const FULL_INFO = {
  sizeTcpinfoKernel: 0,
  sizeTcpinfoUser: 4,
  sizeSfinfoKernel: 8,
  sizeSfinfoUser: 12,
  numSubflows: 16,
  sizeArraysUser: 20,
  subflowInfo: 24, // u64 user pointer
  tcpInfo: 32, // u64 user pointer
  mptcpInfo: 40,
} as const;
