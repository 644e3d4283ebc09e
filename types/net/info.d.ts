import net from 'node:net';
import { type AddressInfo } from '../kernel/sockaddr';
import { type MptcpInfo, type TcpInfo } from '../kernel/structs';
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
export declare function info(socket: net.Socket): MptcpInfo | null;
/**
 * The connection's live subflows: for MPTCP, one entry per subflow; for a plain
 * TCP (or fallen-back) connection, one entry from its own TCP_INFO.
 */
export declare function subflows(socket: net.Socket): Subflow[];
