export declare const MPTCP_INFO_LAYOUT: {
    readonly subflows: readonly [0, "u8"];
    readonly addAddrSignal: readonly [1, "u8"];
    readonly addAddrAccepted: readonly [2, "u8"];
    readonly subflowsMax: readonly [3, "u8"];
    readonly addAddrSignalMax: readonly [4, "u8"];
    readonly addAddrAcceptedMax: readonly [5, "u8"];
    readonly flags: readonly [8, "u32"];
    readonly token: readonly [12, "u32"];
    readonly writeSeq: readonly [16, "u64"];
    readonly sndUna: readonly [24, "u64"];
    readonly rcvNxt: readonly [32, "u64"];
    readonly localAddrUsed: readonly [40, "u8"];
    readonly localAddrMax: readonly [41, "u8"];
    readonly csumEnabled: readonly [42, "u8"];
    readonly retransmits: readonly [44, "u32"];
    readonly bytesRetrans: readonly [48, "u64"];
    readonly bytesSent: readonly [56, "u64"];
    readonly bytesReceived: readonly [64, "u64"];
    readonly bytesAcked: readonly [72, "u64"];
    readonly subflowsTotal: readonly [80, "u8"];
    readonly endpLaminarMax: readonly [81, "u8"];
    readonly endpFullmeshMax: readonly [82, "u8"];
    readonly lastDataSent: readonly [84, "u32"];
    readonly lastDataRecv: readonly [88, "u32"];
    readonly lastAckRecv: readonly [92, "u32"];
};
/** Bytes to offer the kernel for struct mptcp_info: room for growth. */
export declare const MPTCP_INFO_BUFFER = 256;
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
export declare const TCP_INFO_LAYOUT: {
    readonly state: readonly [0, "u8"];
    readonly caState: readonly [1, "u8"];
    readonly retransmits: readonly [2, "u8"];
    readonly probes: readonly [3, "u8"];
    readonly backoff: readonly [4, "u8"];
    readonly options: readonly [5, "u8"];
    readonly sndWscale: readonly [6, "u8", 0, 4];
    readonly rcvWscale: readonly [6, "u8", 4, 4];
    readonly deliveryRateAppLimited: readonly [7, "u8", 0, 1];
    readonly fastopenClientFail: readonly [7, "u8", 1, 2];
    readonly rto: readonly [8, "u32"];
    readonly ato: readonly [12, "u32"];
    readonly sndMss: readonly [16, "u32"];
    readonly rcvMss: readonly [20, "u32"];
    readonly unacked: readonly [24, "u32"];
    readonly sacked: readonly [28, "u32"];
    readonly lost: readonly [32, "u32"];
    readonly retrans: readonly [36, "u32"];
    readonly fackets: readonly [40, "u32"];
    readonly lastDataSent: readonly [44, "u32"];
    readonly lastAckSent: readonly [48, "u32"];
    readonly lastDataRecv: readonly [52, "u32"];
    readonly lastAckRecv: readonly [56, "u32"];
    readonly pmtu: readonly [60, "u32"];
    readonly rcvSsthresh: readonly [64, "u32"];
    readonly rtt: readonly [68, "u32"];
    readonly rttvar: readonly [72, "u32"];
    readonly sndSsthresh: readonly [76, "u32"];
    readonly sndCwnd: readonly [80, "u32"];
    readonly advmss: readonly [84, "u32"];
    readonly reordering: readonly [88, "u32"];
    readonly rcvRtt: readonly [92, "u32"];
    readonly rcvSpace: readonly [96, "u32"];
    readonly totalRetrans: readonly [100, "u32"];
    readonly pacingRate: readonly [104, "u64"];
    readonly maxPacingRate: readonly [112, "u64"];
    readonly bytesAcked: readonly [120, "u64"];
    readonly bytesReceived: readonly [128, "u64"];
    readonly segsOut: readonly [136, "u32"];
    readonly segsIn: readonly [140, "u32"];
    readonly notsentBytes: readonly [144, "u32"];
    readonly minRtt: readonly [148, "u32"];
    readonly dataSegsIn: readonly [152, "u32"];
    readonly dataSegsOut: readonly [156, "u32"];
    readonly deliveryRate: readonly [160, "u64"];
    readonly busyTime: readonly [168, "u64"];
    readonly rwndLimited: readonly [176, "u64"];
    readonly sndbufLimited: readonly [184, "u64"];
    readonly delivered: readonly [192, "u32"];
    readonly deliveredCe: readonly [196, "u32"];
    readonly bytesSent: readonly [200, "u64"];
    readonly bytesRetrans: readonly [208, "u64"];
    readonly dsackDups: readonly [216, "u32"];
    readonly reordSeen: readonly [220, "u32"];
    readonly rcvOoopack: readonly [224, "u32"];
    readonly sndWnd: readonly [228, "u32"];
    readonly rcvWnd: readonly [232, "u32"];
    readonly rehash: readonly [236, "u32"];
    readonly totalRto: readonly [240, "u16"];
    readonly totalRtoRecoveries: readonly [242, "u16"];
    readonly totalRtoTime: readonly [244, "u32"];
    readonly receivedCe: readonly [248, "u32"];
    readonly deliveredE1Bytes: readonly [252, "u32"];
    readonly deliveredE0Bytes: readonly [256, "u32"];
    readonly deliveredCeBytes: readonly [260, "u32"];
    readonly receivedE1Bytes: readonly [264, "u32"];
    readonly receivedE0Bytes: readonly [268, "u32"];
    readonly receivedCeBytes: readonly [272, "u32"];
    readonly accecnFailMode: readonly [276, "u16"];
    readonly accecnOptSeen: readonly [278, "u16"];
};
/** Bytes to offer the kernel per struct tcp_info: room for growth. */
export declare const TCP_INFO_BUFFER = 512;
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
export declare const SUBFLOW_DATA: {
    readonly size: 16;
    readonly sizeSubflowData: 0;
    readonly numSubflows: 4;
    readonly sizeKernel: 8;
    readonly sizeUser: 12;
};
/** struct mptcp_subflow_addrs: two sockaddr_storage, local then remote. */
export declare const SUBFLOW_ADDRS: {
    readonly size: 256;
    readonly local: 0;
    readonly remote: 128;
};
/** struct mptcp_subflow_info: { u32 id; pad; mptcp_subflow_addrs addrs }. */
export declare const SUBFLOW_INFO: {
    readonly size: 264;
    readonly id: 0;
    readonly addrs: 8;
};
/** struct mptcp_full_info: the header before its embedded mptcp_info. */
export declare const FULL_INFO: {
    readonly sizeTcpinfoKernel: 0;
    readonly sizeTcpinfoUser: 4;
    readonly sizeSfinfoKernel: 8;
    readonly sizeSfinfoUser: 12;
    readonly numSubflows: 16;
    readonly sizeArraysUser: 20;
    readonly subflowInfo: 24;
    readonly tcpInfo: 32;
    readonly mptcpInfo: 40;
};
