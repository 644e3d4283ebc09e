// Layouts of the kernel structs read through getsockopt (include/uapi/linux/
// mptcp.h and tcp.h, x86_64/arm64 natural alignment). Field names are the
// kernel's without the prefix, in camelCase. Sizes by kernel version:
// mptcp_info 40 (5.9) / 48 (5.12) / 80 (6.5) / 88 (6.8) / 96 (6.10);
// tcp_info 224 (4.19) / 232 (5.4) / 240 (6.2) / 248 (6.7) / 280 (6.18).
// The second number of a field is the struct length it first appears at,
// where it sits in what older kernels return as trailing padding.
import { bits, u16, u32, u64, u8, type Layout } from './layout';

export const MPTCP_INFO_LAYOUT = {
  subflows: u8(0), // additional subflows, not counting the initial one
  addAddrSignal: u8(1),
  addAddrAccepted: u8(2),
  subflowsMax: u8(3),
  addAddrSignalMax: u8(4),
  addAddrAcceptedMax: u8(5),
  flags: u32(8),
  token: u32(12),
  writeSeq: u64(16),
  sndUna: u64(24),
  rcvNxt: u64(32),
  localAddrUsed: u8(40), // 5.12
  localAddrMax: u8(41),
  csumEnabled: u8(42), // 5.14
  retransmits: u32(44, 80), // 6.5
  bytesRetrans: u64(48, 80),
  bytesSent: u64(56, 80),
  bytesReceived: u64(64, 80),
  bytesAcked: u64(72, 80),
  subflowsTotal: u8(80), // 6.8
  endpLaminarMax: u8(81), // 6.18
  endpFullmeshMax: u8(82), // 6.19
  lastDataSent: u32(84, 96), // 6.10, ms ago
  lastDataRecv: u32(88, 96),
  lastAckRecv: u32(92, 96),
} satisfies Layout;

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
  state: u8(0),
  caState: u8(1),
  retransmits: u8(2),
  probes: u8(3),
  backoff: u8(4),
  options: u8(5),
  sndWscale: bits(6, 0, 4),
  rcvWscale: bits(6, 4, 4),
  deliveryRateAppLimited: bits(7, 0, 1),
  fastopenClientFail: bits(7, 1, 2),
  rto: u32(8),
  ato: u32(12),
  sndMss: u32(16),
  rcvMss: u32(20),
  unacked: u32(24),
  sacked: u32(28),
  lost: u32(32),
  retrans: u32(36),
  fackets: u32(40),
  lastDataSent: u32(44),
  lastAckSent: u32(48),
  lastDataRecv: u32(52),
  lastAckRecv: u32(56),
  pmtu: u32(60),
  rcvSsthresh: u32(64),
  rtt: u32(68),
  rttvar: u32(72),
  sndSsthresh: u32(76),
  sndCwnd: u32(80),
  advmss: u32(84),
  reordering: u32(88),
  rcvRtt: u32(92),
  rcvSpace: u32(96),
  totalRetrans: u32(100),
  pacingRate: u64(104),
  maxPacingRate: u64(112),
  bytesAcked: u64(120),
  bytesReceived: u64(128),
  segsOut: u32(136),
  segsIn: u32(140),
  notsentBytes: u32(144),
  minRtt: u32(148),
  dataSegsIn: u32(152),
  dataSegsOut: u32(156),
  deliveryRate: u64(160),
  busyTime: u64(168),
  rwndLimited: u64(176),
  sndbufLimited: u64(184),
  delivered: u32(192),
  deliveredCe: u32(196),
  bytesSent: u64(200),
  bytesRetrans: u64(208),
  dsackDups: u32(216),
  reordSeen: u32(220),
  rcvOoopack: u32(224),
  sndWnd: u32(228),
  rcvWnd: u32(232),
  rehash: u32(236),
  totalRto: u16(240),
  totalRtoRecoveries: u16(242),
  totalRtoTime: u32(244),
  receivedCe: u32(248),
  deliveredE1Bytes: u32(252),
  deliveredE0Bytes: u32(256),
  deliveredCeBytes: u32(260),
  receivedE1Bytes: u32(264),
  receivedE0Bytes: u32(268),
  receivedCeBytes: u32(272),
  accecnFailMode: u16(276),
  accecnOptSeen: u16(278),
} satisfies Layout;

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

// Compile-time check: the public interfaces name exactly the layouts' fields.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
true satisfies Exact<keyof MptcpInfo, keyof typeof MPTCP_INFO_LAYOUT>;
true satisfies Exact<keyof TcpInfo, keyof typeof TCP_INFO_LAYOUT>;
