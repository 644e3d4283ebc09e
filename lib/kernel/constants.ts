// Kernel UAPI numbers that are the same on every architecture
// (include/uapi/linux/{in,in6,tcp,mptcp}.h, include/linux/socket.h).
// SOL_SOCKET and SO_* differ between architectures: they come from the
// addon (src/constants.cc) and are merged into `constants` in sockopt.ts.

export const IPPROTO_IP = 0;
export const IPPROTO_TCP = 6;
export const IPPROTO_IPV6 = 41;
/** `socket(AF_INET | AF_INET6, SOCK_STREAM, IPPROTO_MPTCP)`, Linux 5.6. */
export const IPPROTO_MPTCP = 262;

export const SOL_IP = IPPROTO_IP;
export const SOL_TCP = IPPROTO_TCP;
export const SOL_IPV6 = IPPROTO_IPV6;
/** Level of the MPTCP getsockopt()s, Linux 5.16. Not in the UAPI headers. */
export const SOL_MPTCP = 284;

/** getsockopt(SOL_MPTCP, …) names. */
export const MPTCP_INFO = 1; // struct mptcp_info, 5.16
export const MPTCP_TCPINFO = 2; // mptcp_subflow_data + tcp_info[], 5.16
export const MPTCP_SUBFLOW_ADDRS = 3; // mptcp_subflow_data + mptcp_subflow_addrs[], 5.16
export const MPTCP_FULL_INFO = 4; // struct mptcp_full_info, 6.5

/** mptcp_info.mptcpi_flags bits. */
export const MPTCP_INFO_FLAG_FALLBACK = 1 << 0;
export const MPTCP_INFO_FLAG_REMOTE_KEY_RECEIVED = 1 << 1;

/** getsockopt(SOL_TCP, TCP_IS_MPTCP): 1 on a non-fallback MPTCP socket, 6.10. */
export const TCP_IS_MPTCP = 43;

export const TCP_NODELAY = 1;
export const TCP_MAXSEG = 2;
export const TCP_CORK = 3;
export const TCP_KEEPIDLE = 4;
export const TCP_KEEPINTVL = 5;
export const TCP_KEEPCNT = 6;
export const TCP_SYNCNT = 7;
export const TCP_LINGER2 = 8;
export const TCP_DEFER_ACCEPT = 9;
export const TCP_WINDOW_CLAMP = 10;
export const TCP_INFO = 11;
export const TCP_QUICKACK = 12;
export const TCP_CONGESTION = 13;
export const TCP_MD5SIG = 14;
export const TCP_THIN_LINEAR_TIMEOUTS = 16;
export const TCP_THIN_DUPACK = 17;
export const TCP_USER_TIMEOUT = 18;
export const TCP_REPAIR = 19;
export const TCP_FASTOPEN = 23;
export const TCP_TIMESTAMP = 24;
export const TCP_NOTSENT_LOWAT = 25;
export const TCP_CC_INFO = 26;
export const TCP_SAVE_SYN = 27;
export const TCP_SAVED_SYN = 28;
export const TCP_FASTOPEN_CONNECT = 30;
export const TCP_ULP = 31;
export const TCP_FASTOPEN_KEY = 33;
export const TCP_FASTOPEN_NO_COOKIE = 34;
export const TCP_INQ = 36;
export const TCP_TX_DELAY = 37;

export const IP_TOS = 1;
export const IP_TTL = 2;
export const IP_MTU_DISCOVER = 10;
export const IP_RECVERR = 11;
export const IP_FREEBIND = 15;
export const IP_TRANSPARENT = 19;
export const IP_MINTTL = 21;
export const IP_BIND_ADDRESS_NO_PORT = 24;
export const IP_LOCAL_PORT_RANGE = 51;

export const IPV6_UNICAST_HOPS = 16;
export const IPV6_MTU_DISCOVER = 23;
export const IPV6_RECVERR = 25;
export const IPV6_V6ONLY = 26;
export const IPV6_DONTFRAG = 62;
export const IPV6_TCLASS = 67;
export const IPV6_TRANSPARENT = 75;
export const IPV6_FREEBIND = 78;

/** tcp_info.tcpi_state values (include/net/tcp_states.h). */
export const TCP_ESTABLISHED = 1;
export const TCP_SYN_SENT = 2;
export const TCP_SYN_RECV = 3;
export const TCP_FIN_WAIT1 = 4;
export const TCP_FIN_WAIT2 = 5;
export const TCP_TIME_WAIT = 6;
export const TCP_CLOSE = 7;
export const TCP_CLOSE_WAIT = 8;
export const TCP_LAST_ACK = 9;
export const TCP_LISTEN = 10;
export const TCP_CLOSING = 11;
export const TCP_NEW_SYN_RECV = 12;
