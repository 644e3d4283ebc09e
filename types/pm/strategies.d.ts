import { type Strategy } from './manager';
export interface FullmeshOptions {
    /** Only these interfaces (names); default: every interface with a usable address. */
    interfaces?: readonly string[];
    /** On server-side connections, announce the other local addresses (ADD_ADDR). Default false. */
    announce?: boolean;
}
/**
 * "Fullmesh over interfaces": on each client connection, a subflow from
 * every local address to every address of the peer; new addresses get
 * subflows as they appear (rtnetlink), subflows of vanished ones are closed.
 */
export declare function fullmesh(options?: FullmeshOptions): Strategy;
export interface BackupOptions {
    /** The interface whose address carries the connection normally; default: the one it started on. */
    primary?: string;
    /** The interface to switch to when the primary's subflow is gone or has failed. */
    backup: string;
}
/**
 * "Backup interface": one path at a time. When the connection's subflow on
 * the primary interface closes (its address went away), stalls (nothing
 * acknowledged: a blackhole) or loses its link, open one on the backup
 * interface (the manager then closes the failed one). Then bring the primary
 * back: at once when its link comes up or its address returns, else by a
 * probe join through it 1 s later, then 2, 4 … 30 s (a join is left to the
 * kernel's SYN retransmissions: it completes when the path does). Once a
 * primary subflow has held for a moment, close the backup one. A backup join
 * that fails is retried on the same schedule.
 */
export declare function backup(options: BackupOptions): Strategy;
