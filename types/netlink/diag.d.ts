import type { MptcpInfo, TcpInfo } from '../kernel/structs';
/** MPTCP_SUBFLOW_FLAG_* as `ss` prints them. */
export declare const SUBFLOW_FLAGS: readonly [readonly ["M", number, "mp_capable remote"], readonly ["m", number, "mp_capable local"], readonly ["J", number, "join remote"], readonly ["j", number, "join local"], readonly ["B", number, "backup remote"], readonly ["b", number, "backup local"], readonly ["e", number, "fully established"], readonly ["c", number, "connected"], readonly ["v", number, "map valid"]];
/** TCP states, as `ss` names them. */
export declare const STATES: Record<number, string>;
export interface DiagSocket {
    family: 'IPv4' | 'IPv6';
    state: number;
    localAddress: string;
    localPort: number;
    remoteAddress: string;
    remotePort: number;
    ifindex: number;
    inode: number;
    uid: number;
    /** The kernel's cookie for this socket: with the addresses, ports and device, it names exactly this one (destroy()). */
    cookie: bigint;
}
/** What SOCK_DESTROY needs to find one socket. */
export interface DestroyTarget {
    family: 'IPv4' | 'IPv6';
    localAddress: string;
    localPort: number;
    remoteAddress: string;
    remotePort: number;
    /** The device the socket is bound to (a subflow of an endpoint with `dev`); 0 or absent: none. */
    ifindex?: number;
    cookie?: bigint;
}
export interface DiagConnection extends DiagSocket {
    info: MptcpInfo;
}
export interface DiagSubflow extends DiagSocket {
    tcpInfo: TcpInfo;
    localToken: number;
    remoteToken: number;
    localId: number;
    remoteId: number;
    /** MPTCP_SUBFLOW_FLAG_* bits; `flagLetters` as ss prints them ("Mmec", "Jjec", …). */
    flags: number;
    flagLetters: string;
    /** This host asked the peer to treat the subflow as backup (endpoint flag, MP_PRIO sent): ss's "b". */
    localBackup: boolean;
    /** The peer asked for it (B bit in its MP_JOIN, or MP_PRIO received): ss's "B", the events' BACKUP. */
    remoteBackup: boolean;
}
export declare class DiagSocketClient {
    private readonly sock;
    private constructor();
    static open(): DiagSocketClient;
    /** MPTCP connections (not listeners) with their mptcp_info. */
    connections(): Promise<DiagConnection[]>;
    /** TCP sockets that are MPTCP subflows, with tcp_info and their ULP attributes. */
    subflows(): Promise<DiagSubflow[]>;
    /**
     * SOCK_DESTROY (what `ss -K` sends): aborts one TCP socket, here an MPTCP
     * subflow. The kernel finds it by its addresses and ports, the device it is
     * bound to (0 if none) and, when given, its cookie (from a dump). For a
     * subflow, the MPTCP connection then closes it and sends its
     * unacknowledged data again on the others. Needs CAP_NET_ADMIN and
     * CONFIG_INET_DIAG_DESTROY (EOPNOTSUPP without it); ENOENT when no such socket.
     */
    destroy(target: DestroyTarget): Promise<void>;
    close(): void;
}
