export declare const MPTCP_INFO_LAYOUT: {
    subflows: import("./layout").FieldSpec;
    addAddrSignal: import("./layout").FieldSpec;
    addAddrAccepted: import("./layout").FieldSpec;
    subflowsMax: import("./layout").FieldSpec;
    addAddrSignalMax: import("./layout").FieldSpec;
    addAddrAcceptedMax: import("./layout").FieldSpec;
    flags: import("./layout").FieldSpec;
    token: import("./layout").FieldSpec;
    writeSeq: import("./layout").FieldSpec;
    sndUna: import("./layout").FieldSpec;
    rcvNxt: import("./layout").FieldSpec;
    localAddrUsed: import("./layout").FieldSpec;
    localAddrMax: import("./layout").FieldSpec;
    csumEnabled: import("./layout").FieldSpec;
    retransmits: import("./layout").FieldSpec;
    bytesRetrans: import("./layout").FieldSpec;
    bytesSent: import("./layout").FieldSpec;
    bytesReceived: import("./layout").FieldSpec;
    bytesAcked: import("./layout").FieldSpec;
    subflowsTotal: import("./layout").FieldSpec;
    endpLaminarMax: import("./layout").FieldSpec;
    endpFullmeshMax: import("./layout").FieldSpec;
    lastDataSent: import("./layout").FieldSpec;
    lastDataRecv: import("./layout").FieldSpec;
    lastAckRecv: import("./layout").FieldSpec;
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
    state: import("./layout").FieldSpec;
    caState: import("./layout").FieldSpec;
    retransmits: import("./layout").FieldSpec;
    probes: import("./layout").FieldSpec;
    backoff: import("./layout").FieldSpec;
    options: import("./layout").FieldSpec;
    sndWscale: import("./layout").FieldSpec;
    rcvWscale: import("./layout").FieldSpec;
    deliveryRateAppLimited: import("./layout").FieldSpec;
    fastopenClientFail: import("./layout").FieldSpec;
    rto: import("./layout").FieldSpec;
    ato: import("./layout").FieldSpec;
    sndMss: import("./layout").FieldSpec;
    rcvMss: import("./layout").FieldSpec;
    unacked: import("./layout").FieldSpec;
    sacked: import("./layout").FieldSpec;
    lost: import("./layout").FieldSpec;
    retrans: import("./layout").FieldSpec;
    fackets: import("./layout").FieldSpec;
    lastDataSent: import("./layout").FieldSpec;
    lastAckSent: import("./layout").FieldSpec;
    lastDataRecv: import("./layout").FieldSpec;
    lastAckRecv: import("./layout").FieldSpec;
    pmtu: import("./layout").FieldSpec;
    rcvSsthresh: import("./layout").FieldSpec;
    rtt: import("./layout").FieldSpec;
    rttvar: import("./layout").FieldSpec;
    sndSsthresh: import("./layout").FieldSpec;
    sndCwnd: import("./layout").FieldSpec;
    advmss: import("./layout").FieldSpec;
    reordering: import("./layout").FieldSpec;
    rcvRtt: import("./layout").FieldSpec;
    rcvSpace: import("./layout").FieldSpec;
    totalRetrans: import("./layout").FieldSpec;
    pacingRate: import("./layout").FieldSpec;
    maxPacingRate: import("./layout").FieldSpec;
    bytesAcked: import("./layout").FieldSpec;
    bytesReceived: import("./layout").FieldSpec;
    segsOut: import("./layout").FieldSpec;
    segsIn: import("./layout").FieldSpec;
    notsentBytes: import("./layout").FieldSpec;
    minRtt: import("./layout").FieldSpec;
    dataSegsIn: import("./layout").FieldSpec;
    dataSegsOut: import("./layout").FieldSpec;
    deliveryRate: import("./layout").FieldSpec;
    busyTime: import("./layout").FieldSpec;
    rwndLimited: import("./layout").FieldSpec;
    sndbufLimited: import("./layout").FieldSpec;
    delivered: import("./layout").FieldSpec;
    deliveredCe: import("./layout").FieldSpec;
    bytesSent: import("./layout").FieldSpec;
    bytesRetrans: import("./layout").FieldSpec;
    dsackDups: import("./layout").FieldSpec;
    reordSeen: import("./layout").FieldSpec;
    rcvOoopack: import("./layout").FieldSpec;
    sndWnd: import("./layout").FieldSpec;
    rcvWnd: import("./layout").FieldSpec;
    rehash: import("./layout").FieldSpec;
    totalRto: import("./layout").FieldSpec;
    totalRtoRecoveries: import("./layout").FieldSpec;
    totalRtoTime: import("./layout").FieldSpec;
    receivedCe: import("./layout").FieldSpec;
    deliveredE1Bytes: import("./layout").FieldSpec;
    deliveredE0Bytes: import("./layout").FieldSpec;
    deliveredCeBytes: import("./layout").FieldSpec;
    receivedE1Bytes: import("./layout").FieldSpec;
    receivedE0Bytes: import("./layout").FieldSpec;
    receivedCeBytes: import("./layout").FieldSpec;
    accecnFailMode: import("./layout").FieldSpec;
    accecnOptSeen: import("./layout").FieldSpec;
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
