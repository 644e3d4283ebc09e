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
    close(): void;
}
