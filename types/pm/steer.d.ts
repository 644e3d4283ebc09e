import net from 'node:net';
/** The path manager of this network namespace: 'kernel' or 'userspace' (null if unknown). */
export declare function pathManagerMode(): 'kernel' | 'userspace' | null;
/**
 * Marks the subflows of `socket`'s connection that leave from `address` as
 * backup (true) or active (false): the kernel sends MP_PRIO to the peer.
 * Resolves with the number of subflows changed.
 */
export declare function setSubflowBackup(socket: net.Socket, address: string, backup: boolean): Promise<number>;
